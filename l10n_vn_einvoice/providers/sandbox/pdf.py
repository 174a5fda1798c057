"""A tiny but valid PDF of a sandbox invoice, written by hand (no PDF library).

Good enough for "download the PDF" paths: one page, Helvetica text lines, a correct
cross-reference table.  Text is reduced to Latin-1 printable characters (Vietnamese
diacritics dropped) because the standard Type1 fonts carry no Vietnamese glyphs.
"""

from __future__ import annotations

import unicodedata


def _latin(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = plain.encode("latin-1", "replace").decode("latin-1")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` from the top."""
    stream_lines = ["BT", "/F1 11 Tf", "50 790 Td", "14 TL"]
    for line in lines:
        stream_lines.append(f"({_latin(line)}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def invoice_pdf(submission) -> bytes:
    """The sandbox's "representation" of a stored submission."""
    number = "" if submission.number is None else f"{submission.number:08d}"
    lines = [
        "E-INVOICE (SANDBOX) - HOA DON DIEN TU (THU NGHIEM)",
        "",
        f"Form / Mau so: {submission.form}    Symbol / Ky hieu: {submission.symbol}",
        f"Number / So: {number}",
        f"Date / Ngay: {submission.issue_date.isoformat()}",
        f"State / Trang thai: {submission.state}",
        f"Tax authority code / Ma CQT: {submission.tax_authority_code}",
        f"Lookup code / Ma tra cuu: {submission.lookup_code}",
        f"Key / Khoa: {submission.key}",
    ]
    return text_pdf(lines)
