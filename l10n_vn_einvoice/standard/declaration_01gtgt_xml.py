"""The 01/GTGT declaration file as the declaration software (HTKK) writes it.

``HSoThueDTu`` (namespace ``http://kekhaithue.gdt.gov.vn/TKhaiThue``) → ``HSoKhaiThue``
→ ``TTinChung`` (service, then ``TKhaiThue``: form ``maTKhai``, ``pbanTKhaiXML``, type,
period, tax office ``tenCQTNoiNop``, signer ``nguoiKy``, ``ngayKy``; taxpayer ``NNT``) →
``CTieuTKhaiChinh`` → ``PLuc``.  The indicators are grouped in blocks, not flat:
``GiaTriVaThueGTGTHHDVMuaVao`` [23]/[24], ``HangHoaDichVuNhapKhau`` [23a]/[24a],
``HHDVBRaChiuThueGTGT`` [27]/[28], ``HHDVBRaChiuTSuat5`` [30]/[31], ``HHDVBRaChiuTSuat10``
[32]/[33], ``TongDThuVaThueGTGTHHDVBRa`` [34]/[35] — the layout of a real 01/GTGT file of
Q2/2026 (form 842) downloaded from the tax portal.  Empty tags are kept where the
software writes them empty (``<PLuc/>`` without a reduction, tax office code and
extension unknown to the books): the portal compares the structure.

The reduction appendix is ``PLuc/PL_NQ142_GTGT`` for resolutions 142/2024, 174/2024 and
204/2025 (the software kept the tag of the first of them), ``PL_NQ101_GTGT`` for 101/2023
and 110/2023: purchases at 8 % (``HH_DV_MuaVaoTrongKy``), sales at 8 %
(``HH_DV_BanRaTrongKy``), and ``ChenhLech/ct9`` = VAT reduced on sales − VAT on the
purchases.  What of this was seen in real files and what only in others' descriptions is
in the README ("Interoperability").  The schema ``xsd/tk-01gtgt.xsd`` is the project's.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from . import money
from .declaration_01gtgt import (
    INDICATORS,
    MONTH,
    ZERO,
    Declaration,
    form_regime,
    reduction_resolution,
)
from .validate import Problem, validate_element_schema

NAMESPACE = "http://kekhaithue.gdt.gov.vn/TKhaiThue"
SCHEMA = "tk-01gtgt.xsd"
FORM_TITLE = "TỜ KHAI THUẾ GIÁ TRỊ GIA TĂNG (Mẫu số 01/GTGT)"
# Activity of "CTieuTKhaiChinh": ordinary business (code 00), budget sub-item 1701 (VAT
# on domestic goods and services) — what the software writes for an ordinary company.
ACTIVITY_CODE, ACTIVITY_NAME, BUDGET_SUB_ITEM = (
    "00", "Hoạt động sản xuất kinh doanh thông thường", "1701")
# Indicator blocks of CTieuTKhaiChinh: a name groups its indicators, None leaves them flat.
BLOCKS = (
    (None, ("21", "22")), ("GiaTriVaThueGTGTHHDVMuaVao", ("23", "24")),
    ("HangHoaDichVuNhapKhau", ("23a", "24a")), (None, ("25", "26")),
    ("HHDVBRaChiuThueGTGT", ("27", "28")), (None, ("29",)),
    ("HHDVBRaChiuTSuat5", ("30", "31")), ("HHDVBRaChiuTSuat10", ("32", "33")),
    (None, ("32a",)), ("TongDThuVaThueGTGTHHDVBRa", ("34", "35")),
    (None, ("36", "37", "38", "39a", "40a", "40b", "40", "41", "42", "43")),
)
APPENDIX_TAGS = {"101/2023/QH15": "PL_NQ101_GTGT", "110/2023/QH15": "PL_NQ101_GTGT",
                 "142/2024/QH15": "PL_NQ142_GTGT", "174/2024/QH15": "PL_NQ142_GTGT",
                 "204/2025/QH15": "PL_NQ142_GTGT"}
_ROUTES = {name: block for block, names in BLOCKS for name in names}


def _sub(parent, tag: str, text=None):
    node = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        node.text = str(text)
    return node


def _amount(value: Decimal) -> str:
    return str(int(money.round_money(value, "VND")))


def appendix_tag(resolution: str) -> str:
    """``PL_NQ<n>_GTGT`` of the software for a resolution (``PL_NQ43_GTGT`` for 43/2022,
    which no file seen here shows)."""
    return APPENDIX_TAGS.get(resolution, f"PL_NQ{resolution.split('/')[0]}_GTGT")


def _header(common, d: Declaration) -> None:
    regime = form_regime(d.period)
    service = _sub(common, "TTinDVu")
    _sub(service, "maDVu", "l10n_vn_einvoice")
    _sub(service, "tenDVu", "Odoo l10n_vn_einvoice")
    _sub(service, "pbanDVu")
    _sub(service, "ttinNhaCCapDVu")
    info = _sub(common, "TTinTKhaiThue")
    head = _sub(info, "TKhaiThue")
    _sub(head, "maTKhai", regime.code)
    _sub(head, "tenTKhai", FORM_TITLE)
    _sub(head, "moTaBMau", regime.description)
    _sub(head, "pbanTKhaiXML", regime.version)
    _sub(head, "loaiTKhai", "B" if d.supplement_number else "C")
    _sub(head, "soLan", d.supplement_number)
    period = _sub(head, "KyKKhaiThue")
    _sub(period, "kieuKy", d.period.kind)
    _sub(period, "kyKKhai", d.period.label)
    _sub(period, "kyKKhaiTuNgay", d.period.date_from.strftime("%d/%m/%Y"))
    _sub(period, "kyKKhaiDenNgay", d.period.date_to.strftime("%d/%m/%Y"))
    month = d.period.label if d.period.kind == MONTH else None  # empty for a quarter
    _sub(period, "kyKKhaiTuThang", month)
    _sub(period, "kyKKhaiDenThang", month)
    _sub(head, "maCQTNoiNop", d.tax_office_code or None)
    _sub(head, "tenCQTNoiNop", d.tax_office_name or None)
    signed = d.signed_on.isoformat() if d.signed_on else None
    _sub(head, "ngayLapTKhai", signed)
    extension = _sub(head, "GiaHan")
    _sub(extension, "maLyDoGiaHan")
    _sub(extension, "lyDoGiaHan")
    _sub(head, "nguoiKy", d.signer_name or None)
    _sub(head, "ngayKy", signed)
    _sub(head, "nganhNgheKD")
    taxpayer = _sub(info, "NNT")
    _sub(taxpayer, "mst", d.tax_code)
    _sub(taxpayer, "tenNNT", d.taxpayer_name)
    _sub(taxpayer, "dchiNNT", d.address or None)


def _indicators(body, d: Declaration) -> None:
    main = _sub(body, "CTieuTKhaiChinh")
    _sub(main, "ma_NganhNghe", ACTIVITY_CODE)
    _sub(main, "ten_NganhNghe", ACTIVITY_NAME)
    _sub(main, "tieuMucHachToan", BUDGET_SUB_ITEM)
    for block, names in BLOCKS:
        parent = _sub(main, block) if block else main
        for name in names:
            value = d.indicators[name]
            _sub(parent, f"ct{name}", int(value) if name == "21" else _amount(value))


def _appendix(body, d: Declaration) -> None:
    appendix = _sub(body, "PLuc")
    if not d.reduction_rows:
        return
    tag = _sub(appendix, appendix_tag(reduction_resolution(d.period)))
    purchases = _sub(tag, "HH_DV_MuaVaoTrongKy")
    for seq, row in enumerate(d.purchase_rows, start=1):
        item = _sub(purchases, "BangKeTenHHDV")
        item.set("ID", f"ID_{seq}")
        _sub(item, "tenHHDVMuaVao", row.description)
        _sub(item, "giaTriHHDVMuaVao", _amount(row.amount))
        _sub(item, "thueGTGTHHDV", _amount(row.vat))
    purchases_vat = sum((row.vat for row in d.purchase_rows), ZERO)
    _sub(purchases, "tongCongGiaTriHHDVMuaVao",
         _amount(sum((row.amount for row in d.purchase_rows), ZERO)))
    _sub(purchases, "tongCongThueGTGTHHDV", _amount(purchases_vat))
    sales = _sub(tag, "HH_DV_BanRaTrongKy")
    for seq, row in enumerate(d.reduction_rows, start=1):
        item = _sub(sales, "BangKeTenHHDV")
        item.set("ID", f"ID_{seq}")
        _sub(item, "tenHHDV", row.description)
        _sub(item, "giaTriHHDV", _amount(row.amount))
        _sub(item, "thueSuatTheoQuyDinh", format(row.standard_rate.normalize(), "f"))
        _sub(item, "thueSuatSauGiam", format(row.reduced_rate.normalize(), "f"))
        _sub(item, "thueGTGTDuocGiam", _amount(row.reduction))
    _sub(sales, "tongCongGiaTriHHDV", _amount(sum((r.amount for r in d.reduction_rows), ZERO)))
    _sub(sales, "tongCongThueGTGTDuocGiam", _amount(d.reduced_vat))
    _sub(_sub(tag, "ChenhLech"), "ct9", _amount(d.reduced_vat - purchases_vat))


def build_declaration(d: Declaration):
    """``HSoThueDTu`` element of the declaration (unsigned: the software signs it)."""
    root = etree.Element(f"{{{NAMESPACE}}}HSoThueDTu", nsmap={None: NAMESPACE})
    body = _sub(root, "HSoKhaiThue")
    body.set("id", "ID_1")
    _header(_sub(body, "TTinChung"), d)
    _indicators(body, d)
    _appendix(body, d)
    return root


def declaration_to_bytes(d: Declaration) -> bytes:
    return etree.tostring(build_declaration(d), xml_declaration=True, encoding="utf-8",
                          pretty_print=True)


def _values(main) -> dict[str, Decimal]:
    """Indicator → value, wherever its block puts it."""
    found = {}
    for name in INDICATORS:
        block = _ROUTES[name]
        path = f"{{{NAMESPACE}}}{block}/{{{NAMESPACE}}}ct{name}" if block else \
            f"{{{NAMESPACE}}}ct{name}"
        found[name] = Decimal(main.findtext(path))
    return found


def validate_declaration(data) -> list[Problem]:
    """Problems of a 01/GTGT file: the project's XSD, then the form's own sums."""
    root = data if isinstance(data, etree._Element) else etree.fromstring(
        data, etree.XMLParser(resolve_entities=False, no_network=True))
    problems = validate_element_schema(SCHEMA, root)
    if problems:
        return problems
    v = _values(root.find(f"{{{NAMESPACE}}}HSoKhaiThue/{{{NAMESPACE}}}CTieuTKhaiChinh"))
    for total, parts in (("27", ("29", "30", "32", "32a")), ("28", ("31", "33")),
                         ("34", ("26", "27")), ("35", ("28",)), ("43", ("41", "-42"))):
        expected = sum((-v[p[1:]] if p.startswith("-") else v[p] for p in parts), ZERO)
        if v[total] != expected:
            block = _ROUTES[total]
            where = f"/HSoThueDTu/HSoKhaiThue/CTieuTKhaiChinh{'/' + block if block else ''}"
            problems.append(Problem(
                f"{where}/ct{total}", f"[{total}] is {v[total]}, expected {expected}",
                f"Chỉ tiêu [{total}] là {v[total]}, đúng ra phải là {expected}", "gtgt.sum"))
    return problems
