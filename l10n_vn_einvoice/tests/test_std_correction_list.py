"""The project's schema and checks for the 01/BK-ĐCTT list (BKDCTT)."""

from pathlib import Path

from ..standard import validate

GOLDEN = Path(__file__).parent / "data" / "golden_odoo" / "correction_list_01bk.xml"


def test_golden_list_is_valid():
    assert validate.validate_document(GOLDEN.read_bytes()) == []


def test_wrong_total_bad_tax_code_and_missing_row_are_reported():
    xml = GOLDEN.read_bytes().replace(b"<TgTTTBSo>330000", b"<TgTTTBSo>330001")
    xml = xml.replace(b"<MST>0315558888", b"<MST>0315558889")
    problems = {(p.xpath, p.rule) for p in validate.validate_document(xml)}
    assert ("/BKDCTT/DSHDon/HDon[1]/TgTTTBSo", "arithmetic.list_total") in problems
    assert any(xpath == "/BKDCTT/TTChung/MST" for xpath, _ in problems)


def test_list_without_invoices_fails_the_schema():
    text = GOLDEN.read_text(encoding="utf-8")
    empty = text[:text.index("<DSHDon>")] + "<DSHDon/>\n</BKDCTT>\n"
    problems = validate.validate_document(empty.encode())
    assert problems and all(p.message for p in problems)
