"""Put a received document's structure in the published order, noting every deviation.

Real invoices accepted by the tax authority deviate from the published field tables in
ways that carry no meaning (reference §1.12): ``TTKhac`` first or last in ``TTChung``,
``DCTDTu`` before ``SDThoai``, ``TSuat`` before ``ThTien``, ``TThue`` before ``ThTien`` in
``LTSuat``, empty ``<SLuong/>``, ``<STKNHang/>``, ``<DLieu/>``, a second empty ``<DSCKS/>``,
elements in the e-invoice namespace.  The tax authority reads them; so must a buyer.

:func:`normalize` rewrites a *copy* of the document into the order of the project's XSD
(read by :mod:`.xsd_layout`, so the order has one source): children sorted into the
sequence's order, empty elements dropped (an empty element says "no value", which the
tables write by leaving the element out), empty duplicates of single elements dropped,
elements the format does not know at that place dropped with a warning.  What is left
is then validated by the very XSD and content rules strict mode uses: a genuinely
missing, malformed or over-long value is still an error.  Signature content (``xs:any``)
is never touched — verification works on the original bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from .xsd_layout import Layout

DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
SEVERITY_ERROR, SEVERITY_WARNING, SEVERITY_INFO = "error", "warning", "info"

# Currency written as a symbol or in lower case on real invoices; the table says ISO 4217.
CURRENCY_ALIASES = {"đ": "VND", "Đ": "VND", "đồng": "VND", "VNĐ": "VND", "vnđ": "VND",
                    "vnd": "VND", "Vnd": "VND"}


def _is_empty(node) -> bool:
    return len(node) == 0 and not (node.text or "").strip() and not node.attrib


@dataclass(frozen=True)
class Finding:
    """One thing the inbound reader found: how serious, where (XPath), which rule, what.

    ``error``: the content is wrong (arithmetic, codes, dates, a missing or malformed
    value); ``warning``: readable but not as published (unknown element ignored, currency
    symbol, newer format version, amount in words); ``info``: a structural deviation that
    real accepted invoices show and that changes nothing (order, empty element).
    """

    severity: str
    xpath: str
    rule: str
    message: str
    message_vi: str


class _Normalizer:
    def __init__(self, layout: Layout, version_label: str):
        self.layout = layout
        self.version_label = version_label
        self.findings: list[Finding] = []

    def note(self, severity, node_or_path, rule, message, message_vi) -> None:
        xpath = node_or_path if isinstance(node_or_path, str) \
            else node_or_path.getroottree().getpath(node_or_path)
        self.findings.append(Finding(severity, xpath, rule, message, message_vi))

    def _drop_duplicates(self, node, children, spec) -> list:
        """Keep one of each single element: the non-empty one(s), else the first."""
        single = {child.name for child in spec if child.max_occurs == 1}
        counts = Counter(kid.tag for kid in children)
        kept = []
        for name in [n for n, count in counts.items() if count > 1 and n in single]:
            group = [kid for kid in children if kid.tag == name]
            keep = [kid for kid in group if not _is_empty(kid)] or group[:1]
            for kid in group:
                if kid not in keep:
                    self.note(SEVERITY_INFO, kid, "inbound.duplicate_empty",
                              f"empty duplicate <{name}/> ignored",
                              f"bỏ qua phần tử <{name}/> rỗng bị lặp")
                    node.remove(kid)
        for kid in children:
            if kid.getparent() is node:
                kept.append(kid)
        return kept

    def normalize(self, node, path: tuple[str, ...]) -> None:
        spec = self.layout.order(path)
        if spec is None:
            return
        for other in [kid for kid in node if not isinstance(kid.tag, str)]:
            node.remove(other)  # comments and processing instructions carry no data
        rank = {child.name: (index, child) for index, child in enumerate(spec)}
        children = self._drop_duplicates(node, list(node), spec)
        kept = []
        for kid in children:
            entry = rank.get(kid.tag)
            if entry is None:
                self.note(SEVERITY_WARNING, kid, "inbound.unknown_element",
                          f"<{kid.tag}> is not an element of format {self.version_label} at "
                          f"this place; ignored",
                          f"<{kid.tag}> không phải phần tử của định dạng {self.version_label} "
                          f"tại vị trí này; bỏ qua")
                node.remove(kid)
                continue
            index, child = entry
            if _is_empty(kid) and not child.empty_valid and child.min_occurs == 0:
                self.note(SEVERITY_INFO, kid, "inbound.empty_element",
                          f"empty <{kid.tag}/> read as absent",
                          f"phần tử rỗng <{kid.tag}/> được hiểu là không có")
                node.remove(kid)
                continue
            kept.append((index, kid))
        ordered = sorted(kept, key=lambda pair: pair[0])
        if ordered != kept:
            found = ", ".join(dict.fromkeys(kid.tag for _, kid in kept))
            self.note(SEVERITY_INFO, node, "inbound.order",
                      f"children in the order {found}; read in the published order",
                      f"các phần tử con theo thứ tự {found}; được đọc theo thứ tự công bố")
            for _, kid in ordered:
                node.append(kid)
        for index, kid in ordered:
            if spec[index].complex:
                self.normalize(kid, (*path, kid.tag))


def normalize(root, layout: Layout, version_label: str) -> list[Finding]:
    """Rewrite ``root`` (a private copy, changed in place) into ``layout``'s structure."""
    normalizer = _Normalizer(layout, version_label)
    normalizer.normalize(root, (layout.root,))
    return normalizer.findings


def normalize_currency(general) -> Finding | None:
    """``DVTTe`` written ``đ`` (a real test-environment invoice) is read as ``VND``."""
    node = general.find("DVTTe") if general is not None else None
    written = (node.text or "").strip() if node is not None else ""
    if written not in CURRENCY_ALIASES:
        return None
    node.text = CURRENCY_ALIASES[written]
    return Finding(SEVERITY_WARNING, node.getroottree().getpath(node), "inbound.currency_code",
                     f"DVTTe {written!r} is not an ISO 4217 code; read as VND",
                     f"DVTTe {written!r} không phải mã ISO 4217; được hiểu là VND")


def strip_namespaces(root) -> Finding | None:
    """Read elements of the e-invoice namespace by local name (signatures keep theirs).

    Changes ``root`` (a private copy) in place; the finding says which namespace it was.
    """
    renamed = None
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        qname = etree.QName(node)
        if qname.namespace and qname.namespace != DSIG_NS:
            renamed = renamed or (node.getroottree().getpath(node), qname.namespace)
            node.tag = qname.localname
    if renamed is None:
        return None
    etree.cleanup_namespaces(root)
    return Finding(SEVERITY_INFO, renamed[0], "inbound.namespace",
                   f"elements in namespace {renamed[1]} read by their local names",
                   f"các phần tử thuộc không gian tên {renamed[1]} được đọc theo tên cục bộ")
