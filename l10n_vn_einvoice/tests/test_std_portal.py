"""The tax portal's data read from the real files (tests/data/reference/real, see its README).

Expected values are the portal's own, copied from the files by hand (totals, ``tdlap``
shifted to Vietnam, statuses): the reader is held against the files, not its own output.
"""

import datetime
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from ..standard import portal_collect, portal_json, portal_xlsx
from ..standard.portal_data import output_record

REAL = Path(__file__).resolve().parent / "data" / "reference" / "real"
LETIEU = "portal_purchase_list_page_letieu.json"
RESPONSES = "portal_api_responses_2026-04_kieutrang.json"
DETAIL_VNPT = "portal_detail_vnpt_K25TEK_5082.json"
DETAIL_MISA = "portal_detail_misa_C25TGV_3219.json"
EXPORT = "portal_export_excel_sold_2026-03_kieutrang.xlsx"
REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT_KEYS = ["seller_tax_code", "buyer_tax_code", "form", "symbol", "number", "date",
               "untaxed", "vat", "total", "currency", "status", "processing", "code"]
D = datetime.date


def real(name):
    return (REAL / name).read_bytes()


def read(name, data=None):
    return portal_collect.read_portal_file(real(name) if data is None else data, name)


def by_number(reading):
    return {invoice.number: invoice for invoice in reading.invoices}


def test_purchase_list_page_of_letieu():
    reading = read(LETIEU)
    assert not reading.refusals and not reading.notes
    assert [i.number for i in reading.invoices] == [6905226, 5343, 5082, 3219, 4616372, 373221,
                                                   56947]
    invoices = by_number(reading)
    viettel = invoices[6905226]  # tdlap 2025-09-29T17:00:00Z
    assert (viettel.symbol, viettel.date, viettel.total) == ("C25TEM", D(2025, 9, 30),
                                                            Decimal("523404"))
    assert viettel.rates[0].untaxed == Decimal("484633.32")  # exact, never through a float
    assert (viettel.processing.code, viettel.processing.vi) == (5, "Đã cấp mã hóa đơn")
    misa = invoices[3219]  # the seller's branch: nbmst with -003
    assert misa.seller_tax_code == "0311426136-003"
    assert misa.buyer_tax_code == "0109744141"
    assert (misa.untaxed, misa.vat, misa.total) == (Decimal("31579167"), Decimal("2526333"),
                                                    Decimal("34105500"))
    assert misa.date == D(2025, 9, 21)
    assert invoices[373221].seller_tax_code == "0106869738-048"
    assert invoices[373221].rates == ()  # thttltsuat [] in the file
    vnpt = invoices[5343]
    assert (vnpt.code, vnpt.processing.code, vnpt.processing.en) == (
        None, 6, "Received without a code")
    assert vnpt.status.vi == "Hóa đơn mới"


def test_response_set_of_the_download_tool():
    reading = read(RESPONSES)
    assert reading.refusals == []
    assert len(reading.invoices) == 23
    assert [(n.row, n.message.split(";")[0]) for n in reading.notes] == [
        ("sold_list", "this page holds 5 of the 215 invoices the portal listed"),
        ("purchase_list_status_5", "this page holds 5 of the 136 invoices the portal listed"),
        ("purchase_list_status_6", "this page holds 5 of the 27 invoices the portal listed"),
        ("purchase_sco_list_status_8",
         "this page holds 5 of the 211 invoices the portal listed")]
    sold = reading.invoices[0]
    assert (sold.row, sold.symbol, sold.number, sold.date, sold.total, sold.code) == (
        "sold_list, record 1 of datas", "C26TSG", 509, D(2026, 4, 4), Decimal("13392000"),
        "00B07DB80F42164E0EB5EEE51F70B6A6C3")  # tdlap 2026-04-03T17:00:00Z


def test_mobifone_adjustments_carry_negative_totals():
    adjustments = [i for i in read(RESPONSES).invoices if i.symbol == "K26DBK"]
    assert [(i.number, i.untaxed, i.vat, i.total) for i in adjustments] == [
        (1852613, Decimal("-167273"), Decimal("-16727"), Decimal("-184000")),
        (1852961, Decimal("-176364"), Decimal("-17636"), Decimal("-194000")),
        (1852963, Decimal("-126364"), Decimal("-12636"), Decimal("-139000")),
        (1853420, Decimal("-454545"), Decimal("-45455"), Decimal("-500000"))]
    first = adjustments[0]
    assert first.seller_tax_code == "0100686209"
    assert (first.status.code, first.status.vi, first.status.en) == (
        3, "Hóa đơn điều chỉnh", "Adjustment invoice")
    assert first.nature == 3 and first.date == D(2026, 3, 22)
    assert (first.related.symbol, first.related.number) == ("K26DBK", 1467466)
    assert first.currency == "VND" and first.exchange_rate is None  # tgia null


def test_grab_cash_register_invoice_with_its_m_code():
    reading = read(RESPONSES)
    grab = [i for i in reading.invoices if i.number == 2736943]
    assert [i.row for i in grab] == ["purchase_sco_list_status_8, record 1 of datas",
                                     "purchase_sco_detail_status_8, detail"]
    detail = grab[1]
    assert detail.code == detail.cash_register_code == "M1-26-ZVEBS-00602736943"
    assert (detail.seller_tax_code, detail.symbol, detail.kind) == ("0312650437", "C26MGA", 5)
    assert (detail.processing.code, detail.date, detail.total) == (8, D(2026, 4, 4),
                                                                   Decimal("35000"))
    assert detail.currency == "VND"  # sco-query records have no dvtte
    assert [(line.nature, line.amount, line.rate) for line in detail.lines] == [
        (5, Decimal("30556"), "8%"), (5, Decimal("1852"), "8%")]
    assert detail.seller_certificate is None and detail.authority_certificate is None
    assert ("M", "M1-26-ZVEBS-00602736943") in detail.keys()


def test_purchase_detail_lines_and_certificates():
    invoices = {i.number: i for i in read(RESPONSES).invoices}
    detail = invoices[41142]
    assert (detail.symbol, detail.date, detail.total) == ("C26TKV", D(2026, 4, 5),
                                                          Decimal("103518"))
    assert [(line.quantity, line.price, line.amount) for line in detail.lines] == [
        (Decimal("4.26"), Decimal("13500"), Decimal("57510")),
        (Decimal("1.42"), Decimal("27000"), Decimal("38340"))]
    assert detail.seller_certificate["SerialNumber"] == "540101015C98104DEBD3AB23B57AF346"
    assert detail.authority_certificate["Subject"] == "CN=CỤC THUẾ,O=BỘ TÀI CHÍNH,L=Hà Nội,C=VN"
    no_code = invoices[11224]
    assert (no_code.symbol, no_code.processing.code, no_code.total) == (
        "K26TDS", 6, Decimal("5782340"))


def test_detail_files_of_vnpt_and_misa():
    vnpt = read(DETAIL_VNPT)
    assert vnpt.refusals == [] and len(vnpt.invoices) == 1
    invoice = vnpt.invoices[0]
    assert (invoice.symbol, invoice.number, invoice.date, invoice.total) == (
        "K25TEK", 5082, D(2025, 9, 22), Decimal("3791700"))
    assert len(invoice.lines) == 2 and invoice.authority_certificate is None
    assert "MST:0102671977" in invoice.seller_certificate["Subject"]
    misa = read(DETAIL_MISA).invoices[0]
    assert len(misa.lines) == 6
    assert (misa.lines[0].quantity, misa.lines[0].price) == (Decimal("65"), Decimal("146296.3"))
    assert misa.authority_certificate["SerialNumber"] == "2A05F812673607B0"


def test_excel_export_of_the_sold_list():
    reading = read(EXPORT)
    assert reading.refusals == [] and reading.notes == []
    invoices = reading.invoices
    assert len(invoices) == 48
    assert [i.number for i in invoices] == list(range(462, 510))
    first = invoices[0]
    assert (first.row, first.date, first.buyer_tax_code) == ("row 7", D(2026, 3, 28),
                                                            "0700689836")
    assert (first.untaxed, first.vat, first.total) == (Decimal("840000000"),
                                                       Decimal("67200000"),
                                                       Decimal("907200000"))
    assert (first.status.code, first.processing.code, first.code) == (1, 5, None)
    last = invoices[-1]
    assert (last.row, last.date, last.total) == ("row 54", D(2026, 4, 4), Decimal("13392000"))
    assert invoices[46].buyer_tax_code == "0108182203-001"
    assert invoices[46].total == Decimal("0")


def test_same_invoices_across_files_are_counted_once():
    names = [RESPONSES, LETIEU, DETAIL_VNPT, DETAIL_MISA, EXPORT]
    merged = portal_collect.merge(read(name) for name in names)
    assert merged.refusals == []
    # 23 + 7 + 1 + 1 + 48 read; the Grab detail, the two detail files and five rows of the
    # export repeat invoices read before.
    assert len(merged.invoices) == 72
    invoices = {(i.symbol, i.number): i for i in merged.invoices}
    assert len(invoices[("C26MGA", 2736943)].lines) == 2
    assert len(invoices[("K25TEK", 5082)].lines) == 2
    reverse = portal_collect.merge(read(name) for name in reversed(names))
    assert len(reverse.invoices) == 72 and reverse.refusals == []
    sold = {(i.symbol, i.number): i for i in reverse.invoices}[("C26TSG", 509)]
    assert sold.row == "row 54"  # kept from the export, completed with the API's code
    assert sold.code == "00B07DB80F42164E0EB5EEE51F70B6A6C3"
    assert sold.rates[0].vat == Decimal("992000")


def test_cash_register_invoice_found_by_m_code_or_by_number():
    grab = json.loads(real(RESPONSES))["purchase_sco_detail_status_8"]
    renumbered = dict(grab, shdon=1)  # same M-code, another number: the M-code finds it
    merged = portal_collect.merge([
        read("a.json", json.dumps(grab).encode()),
        read("b.json", json.dumps(renumbered).encode())])
    assert len(merged.invoices) == 1
    assert [(r.file, r.row) for r in merged.refusals] == [("b.json", "detail")]
    assert "number 1 ≠ 2736943" in merged.refusals[0].message


def test_copies_that_disagree_are_refused_naming_both():
    page = json.loads(real(LETIEU))
    page["datas"][2]["tgtttbso"] = 3791701
    merged = portal_collect.merge([read(DETAIL_VNPT), read("changed.json",
                                                            json.dumps(page).encode())])
    assert len(merged.invoices) == 7
    [refusal] = merged.refusals
    assert (refusal.file, refusal.row) == ("changed.json", "record 3 of datas")
    assert "total 3791701 ≠ 3791700" in refusal.message
    assert f"{DETAIL_VNPT}, detail" in refusal.message
    assert "khác bản đã đọc" in refusal.message_vi


def _page_with(change, index=1):
    page = json.loads(real(LETIEU))
    change(page["datas"][index])
    return json.dumps(page, ensure_ascii=False).encode()


@pytest.mark.parametrize(("change", "english", "vietnamese"), [
    (lambda r: r.pop("shdon"), "invoice number (shdon) is missing", "thiếu số hóa đơn"),
    (lambda r: r.update(tdlap="2025-13-29T17:00:00Z"), "date tdlap '2025-13-29T17:00:00Z'",
     "ngày tdlap"),
    (lambda r: r.update(tdlap="2025-09-29T17:00:00"), "has no time zone", "không có múi giờ"),
    (lambda r: r.update(tthai=9), "status tthai 9 is not one the portal documents",
     "không có trong danh mục"),
    (lambda r: r.update(khhdon="XYZ"), "symbol (khhdon) 'XYZ'", "ký hiệu hóa đơn"),
    (lambda r: r.update(nbmst="01026"), "nbmst '01026' is not a tax code", "mã số thuế"),
    (lambda r: r.update(dvtte="USD", tgia=None), "an invoice in USD needs its exchange rate",
     "cần có tỷ giá"),
    (lambda r: r.update(tgtttbso="abc"), "tgtttbso 'abc' is not a number", "không phải là số"),
])
def test_row_refusals_name_file_and_row(change, english, vietnamese):
    reading = read("page.json", _page_with(change))
    assert len(reading.invoices) == 6
    [refusal] = reading.refusals
    assert (refusal.file, refusal.row) == ("page.json", "record 2 of datas")
    assert english in refusal.message and vietnamese in refusal.message_vi


def test_currencies_usd_with_its_rate_and_vnd_with_the_vietnamese_letter():
    def usd(record):
        record.update(dvtte="USD", tgia=26150.5, tgtttbso=10.8, tgtcthue=10, tgtthue=0.8)
    invoice = read("page.json", _page_with(usd)).invoices[1]
    assert (invoice.currency, invoice.exchange_rate, invoice.total) == (
        "USD", Decimal("26150.5"), Decimal("10.8"))
    invoice = read("page.json", _page_with(lambda r: r.update(dvtte="VNĐ"))).invoices[1]
    assert invoice.currency == "VND"


@pytest.mark.parametrize(("data", "english"), [
    (b'{"datas": [', "not valid JSON"),
    (b'{"message": "Forbidden", "status": 403}', "not the tax portal's data"),
    (b"[" * 100000 + b"]" * 100000, "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"datas": [], "total": NaN, "state": null}', "not valid JSON"),
])
def test_file_refusals(data, english):
    reading = read("bad.json", data)
    assert reading.invoices == []
    [refusal] = reading.refusals
    assert (refusal.file, refusal.row) == ("bad.json", "")
    assert english in refusal.message


def test_response_set_with_a_key_that_is_not_portal_data():
    document = json.loads(real(RESPONSES))
    document["settings"] = {"user": "x"}
    reading = read("set.json", json.dumps(document, ensure_ascii=False).encode())
    assert len(reading.invoices) == 23
    assert [(r.row, r.message) for r in reading.refusals] == [
        ("settings", "neither a list page nor a detail response of the portal")]


def test_json_larger_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(portal_json, "MAX_JSON_BYTES", 1000)
    [refusal] = read(LETIEU).refusals
    assert "more than the 1000 read" in refusal.message


def test_malformed_certificate_refuses_the_detail():
    detail = json.loads(real(DETAIL_MISA))
    detail["cqtcks"] = '{"Subject": '
    reading = read("detail.json", json.dumps(detail).encode())
    assert reading.invoices == []
    assert [(r.row, r.message) for r in reading.refusals] == [
        ("detail", "certificate cqtcks is not the portal's certificate JSON")]


# --- Excel ---------------------------------------------------------------------------------

def _export_with(sheet_change=None, parts=None):
    """The real export with its sheet rewritten (and parts added or replaced)."""
    source = zipfile.ZipFile(io.BytesIO(real(EXPORT)))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet_change:
                data = sheet_change(data.decode()).encode()
            if parts and info.filename in parts:
                data = parts.pop(info.filename)
            target.writestr(info.filename, data)
        for name, data in (parts or {}).items():
            target.writestr(name, data)
    return output.getvalue()


def _cell_text(sheet, ref, old, new):
    return sheet.replace(f'r="{ref}" s="7" t="inlineStr"><is><t>{old}</t>',
                         f'r="{ref}" s="7" t="inlineStr"><is><t>{new}</t>', 1)


def test_export_without_its_header_row_is_refused():
    reading = read("x.xlsx", _export_with(lambda s: re.sub(r'<row r="6".*?</row>', "", s,
                                                           flags=re.S)))
    assert reading.invoices == []
    [refusal] = reading.refusals
    assert (refusal.file, refusal.row) == ("x.xlsx", "")
    assert "no header row" in refusal.message and "không có dòng tiêu đề" in refusal.message_vi


def test_export_rows_that_cannot_be_read_are_named():
    def spoil(sheet):
        sheet = _cell_text(sheet, "E9", "28/03/2026", "31/02/2026")
        sheet = _cell_text(sheet, "D10", "465", "")
        return sheet.replace('<c r="O11" s="13" t="n"><v>2.025E7</v></c>',
                             '<c r="O11" s="13" t="n"><f>K11+L11</f><v>2.025E7</v></c>')
    reading = read("x.xlsx", _export_with(spoil))
    assert len(reading.invoices) == 45
    assert [(r.row, r.message) for r in reading.refusals] == [
        ("row 9", "column 'Ngày lập': date '31/02/2026' is not a date dd/mm/yyyy"),
        ("row 10", "column 'Số hóa đơn': the invoice number (shdon) is missing"),
        ("row 11", "cell O11 holds a formula (the portal's export has none)")]
    assert reading.refusals[2].message_vi == (
        "ô O11 chứa công thức (tệp xuất của cổng không có công thức)")


def test_export_re_saved_with_date_serials():
    """Excel turns the dd/mm/yyyy text into a date serial when someone re-saves the export."""
    serial = '<c r="E7" s="7" t="n"><v>46109</v></c>'  # days since 1899-12-30
    data = _export_with(lambda s: s.replace(
        '<c r="E7" s="7" t="inlineStr"><is><t>28/03/2026</t></is></c>', serial))
    assert read("x.xlsx", data).invoices[0].date == D(2026, 3, 28)
    data = _export_with(
        lambda s: s.replace('<c r="E7" s="7" t="inlineStr"><is><t>28/03/2026</t></is></c>',
                            '<c r="E7" s="7" t="n"><v>44647</v></c>'),
        parts={"xl/workbook.xml": (zipfile.ZipFile(io.BytesIO(real(EXPORT))).read(
            "xl/workbook.xml").replace(b'date1904="false"', b'date1904="true"'))})
    assert read("x.xlsx", data).invoices[0].date == D(2026, 3, 28)


def _sheet(rows):
    cells = "".join(
        f'<row r="{number}">' + "".join(
            f'<c r="{chr(65 + column)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
            for column, value in enumerate(row) if value is not None) + "</row>"
        for number, row in rows)
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData>'
            "</worksheet>")


PURCHASE_HEADER = [  # the 17 columns of the purchase list, in the template's order
    "STT", "Ký hiệu mẫu số", "Ký hiệu hóa đơn", "Số hóa đơn", "Ngày lập",
    "MST người bán/MST người xuất hàng", "Tên người bán/Tên người xuất hàng",
    "Địa chỉ người bán", "Tổng tiền chưa thuế", "Tổng tiền thuế",
    "Tổng tiền chiết khấu thương mại", "Tổng tiền phí", "Tổng tiền thanh toán",
    "Đơn vị tiền tệ", "Tỷ giá", "Trạng thái hóa đơn", "Kết quả kiểm tra hóa đơn"]
# purchase_list_status_5 record 4 of the response set, as the export would write it
PURCHASE_ROW = ["1", "1", "C26TVA", "392", "21/03/2026", "0315505269", "Seller", "Address",
                "4460000", "356800", None, None, "4816800", "VND", "1.0", "Hóa đơn mới",
                "Đã cấp mã hóa đơn"]


def test_purchase_export_is_read_by_header_names():
    order = list(range(17))
    order[8], order[12] = order[12], order[8]  # total and untaxed swapped: names decide
    header = [PURCHASE_HEADER[i] for i in order]
    row = [PURCHASE_ROW[i] for i in order]
    data = _export_with(parts={"xl/worksheets/sheet1.xml": _sheet([(1, header), (2, row)])})
    reading = read("purchase.xlsx", data)
    assert reading.refusals == []
    [invoice] = reading.invoices
    assert (invoice.seller_tax_code, invoice.buyer_tax_code, invoice.symbol, invoice.number,
            invoice.date) == ("0315505269", None, "C26TVA", 392, D(2026, 3, 21))
    assert (invoice.untaxed, invoice.vat, invoice.total) == (
        Decimal("4460000"), Decimal("356800"), Decimal("4816800"))
    assert "known only from a copy of the portal's template" in reading.notes[0].message
    api = [i for i in read(RESPONSES).invoices if i.number == 392]
    assert output_record(api[0]) | {"code": None} == output_record(invoice) | {
        "buyer_tax_code": "0310510716"}


def test_xlsx_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(portal_xlsx, "MAX_PART_BYTES", 20000)
    [refusal] = read(EXPORT).refusals
    assert refusal.row == "" and "larger than 20000 bytes once unzipped" in refusal.message
    # a zip that lies about the size of its sheet is refused all the same (by the cap, or by
    # zipfile's own check of what it unzipped)
    data = bytearray(real(EXPORT))
    name = b"xl/worksheets/sheet1.xml"
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        start = data.find(signature)
        while start != -1:
            if data[start + name_at:start + name_at + len(name)] == name:
                data[start + size_at:start + size_at + 4] = (100).to_bytes(4, "little")
            start = data.find(signature, start + 4)
    reading = read("lying.xlsx", bytes(data))
    assert reading.invoices == []
    [refusal] = reading.refusals
    assert refusal.row == "" and "xl/worksheets/sheet1.xml" in refusal.message


def test_xlsx_with_a_doctype_is_refused():
    data = _export_with(lambda s: s.replace("<worksheet ", '<!DOCTYPE x [<!ENTITY a "b">]>'
                                                           "<worksheet ", 1))
    reading = read("x.xlsx", data)
    assert reading.invoices == []
    [refusal] = reading.refusals
    assert refusal.row == "" and "xl/worksheets/sheet1.xml: XML containing DOCTYPE is refused" in (
        refusal.message)


def test_xlsx_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(portal_xlsx, "MAX_MEMBERS", 5)
    [refusal] = read(EXPORT).refusals
    assert "holds 9 parts, more than 5" in refusal.message


# --- command line ----------------------------------------------------------------------------

def run_portal(*paths):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run([sys.executable, "-m", "l10n_vn_einvoice.standard", "portal",
                           *map(str, paths)], cwd=REPO_ROOT, env=env, capture_output=True,
                          timeout=120, check=False, text=True)


def test_command_line_reads_every_real_file():
    result = run_portal(*(REAL / name for name in (RESPONSES, LETIEU, DETAIL_VNPT,
                                                   DETAIL_MISA, EXPORT)))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 72
    assert all(list(line) == OUTPUT_KEYS for line in lines)
    assert lines[0] == {
        "seller_tax_code": "0310510716", "buyer_tax_code": "0107137991", "form": "1",
        "symbol": "C26TSG", "number": 509, "date": "2026-04-04", "untaxed": "12400000",
        "vat": "992000", "total": "13392000", "currency": "VND",
        "status": {"code": 1, "vi": "Hóa đơn mới", "en": "New invoice"},
        "processing": {"code": 5, "vi": "Đã cấp mã hóa đơn", "en": "Coded by the tax authority"},
        "code": "00B07DB80F42164E0EB5EEE51F70B6A6C3"}
    grab = next(line for line in lines if line["number"] == 2736943)
    assert (grab["code"], grab["processing"]["code"], grab["total"]) == (
        "M1-26-ZVEBS-00602736943", 8, "35000")
    adjustment = next(line for line in lines if line["number"] == 1853420)
    assert (adjustment["total"], adjustment["status"]["vi"]) == ("-500000",
                                                                 "Hóa đơn điều chỉnh")
    assert result.stderr.count("note: ") == 4
    assert "refused" not in result.stderr


def test_command_line_names_refusals_and_exits_1(tmp_path):
    bad_row = tmp_path / "page.json"
    bad_row.write_bytes(_page_with(lambda r: r.pop("shdon")))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = run_portal(bad_row, broken, tmp_path / "missing.json", REAL / DETAIL_MISA)
    assert result.returncode == 1
    # the page's six other invoices; the MISA detail is one of them, counted once
    assert len(result.stdout.splitlines()) == 6
    stderr = result.stderr
    assert f"refused: {bad_row}, record 2 of datas: the invoice number (shdon) is missing" in (
        stderr)
    assert f"{bad_row}, record 2 of datas: thiếu số hóa đơn (shdon)" in stderr
    assert f"refused: {broken}: the file is not valid JSON" in stderr
    assert f"{broken}: tệp không phải JSON hợp lệ" in stderr
    assert f"refused: {tmp_path / 'missing.json'}: cannot read" in stderr


def test_command_line_without_files_is_a_usage_error():
    result = run_portal()
    assert result.returncode == 2 and "FILE" in result.stderr
