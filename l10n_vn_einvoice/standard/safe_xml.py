"""Parse XML that comes from outside (buyers, providers, the tax authority) safely.

Invoices arrive from parties we do not control.  A DOCTYPE is never part of the tax
authority's formats, so any document carrying one (billion laughs, external entities,
external DTDs) is refused by a byte scan before libxml2 sees it: that keeps the refusal
in the microsecond range whatever the input size.  The parser itself is configured so that
even a missed construct cannot reach the network, the file system or expand entities.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from .errors import HostileXmlError, StandardError

DEFAULT_MAX_BYTES = 16 * 1024 * 1024

_FORBIDDEN_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<!ELEMENT", b"<!ATTLIST",
                      b"www.w3.org/2001/XInclude")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ACCEPTED_ENCODINGS = {"utf-8", "utf8"}
_local = threading.local()


def _parser() -> etree.XMLParser:
    """One parser per thread: lxml parsers must not be shared between threads."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 dtd_validation=False, huge_tree=False, remove_blank_text=False,
                                 collect_ids=False)
        _local.parser = parser
    return parser


def _check_encoding(data: bytes) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:256]:
        raise StandardError("xml", "xml.encoding",
                            "XML must be encoded in UTF-8 (UTF-16 or binary data received)",
                            "XML phải được mã hóa UTF-8 (nhận được UTF-16 hoặc dữ liệu nhị phân)")
    declared = _DECLARED_ENCODING.match(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    if declared and declared.group(1).decode("ascii").lower() not in _ACCEPTED_ENCODINGS:
        name = declared.group(1).decode("ascii")
        raise StandardError("xml", "xml.encoding",
                            f"XML must be encoded in UTF-8, the document declares {name}",
                            f"XML phải được mã hóa UTF-8, tài liệu khai báo {name}")


def parse_xml(data: bytes | bytearray | memoryview | str, max_bytes: int = DEFAULT_MAX_BYTES):
    """Parse ``data`` and return the root element; refuse anything a standard file never has.

    Raises :class:`HostileXmlError` for DOCTYPE/entity declarations, XInclude and oversized
    input, :class:`StandardError` (rule ``xml.encoding`` or ``xml.syntax``) otherwise.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    elif not isinstance(data, bytes):
        raise StandardError("xml", "xml.type", f"XML must be bytes, got {type(data).__name__}",
                            f"XML phải là dữ liệu byte, nhận được {type(data).__name__}")
    if len(data) > max_bytes:
        raise HostileXmlError(f"XML of {len(data)} bytes exceeds the limit of {max_bytes} bytes",
                              f"XML dài {len(data)} byte, vượt giới hạn {max_bytes} byte")
    for marker in _FORBIDDEN_MARKERS:
        if marker in data:
            name = "XInclude" if b"XInclude" in marker else marker.decode("ascii")[2:]
            raise HostileXmlError(
                f"XML containing {name} is refused (DTDs, entities and XInclude are never "
                "part of e-invoice formats)",
                f"Không chấp nhận XML chứa {name} (định dạng hóa đơn điện tử không dùng DTD, "
                "thực thể hay XInclude)")
    _check_encoding(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        text = str(exc)
        if "encoding" in text.lower() or "utf-8" in text.lower():
            raise StandardError("xml", "xml.encoding", f"XML is not valid UTF-8: {text}",
                                f"XML không phải UTF-8 hợp lệ: {text}") from None
        if "huge" in text.lower() or "depth" in text.lower():
            raise HostileXmlError(f"XML exceeds the parser limits: {text}",
                                  f"XML vượt quá giới hạn của bộ phân tích: {text}") from None
        raise StandardError("xml", "xml.syntax", f"malformed XML: {text}",
                            f"XML không đúng cú pháp: {text}") from None
    if root is None:
        raise StandardError("xml", "xml.syntax", "empty XML document", "tài liệu XML rỗng")
    return root
