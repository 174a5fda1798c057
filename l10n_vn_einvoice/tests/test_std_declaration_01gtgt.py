"""01/GTGT arithmetic, regimes by period, 8 % appendix and the project's XSD.

Hand-computed example (June 2026): purchases 300 000 + VAT 30 000 (of which imports
100 000 + 10 000); sales KCT 50 000, 0 % 20 000, 5 % 200 000 + 10 000, 10 % 1 000 000
+ 100 000, 8 % 500 000 + 40 000; carried forward 5 000.
[27] = 20 000 + 200 000 + 1 500 000 = 1 720 000; [28] = 10 000 + 140 000 = 150 000;
[34] = 1 770 000; [36] = 150 000 − 30 000 = 120 000; [40a] = 120 000 − 5 000 = 115 000;
appendix: 500 000 × (10 − 8) % = 10 000 reduced on sales; purchases at 8 % 50 000 + VAT
4 000 (part of [23]/[24]); difference [9] = 10 000 − 4 000 = 6 000.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from ..standard import declaration_01gtgt as g
from ..standard import declaration_01gtgt_xml as gx
from ..standard.errors import StandardError

D = Decimal  # short, the figures below are many
GOLDEN = Path(__file__).parent / "data" / "golden_declarations"
JUNE = g.Period(g.MONTH, 2026, 6)
FIGURES = g.Figures(purchases_base=D(300000), purchases_vat=D(30000), imports_base=D(100000),
                    imports_vat=D(10000), purchases_8=D(50000), purchases_vat_8=D(4000),
                    sales_exempt=D(50000), sales_0=D(20000),
                    sales_5=D(200000), vat_5=D(10000), sales_10=D(1000000), vat_10=D(100000),
                    sales_8=D(500000), vat_8=D(40000), carried_forward=D(5000))


def _declaration(period=JUNE, figures=FIGURES):
    return g.make_declaration(period, "Công ty TNHH Thử Nghiệm", "0315558888", figures,
                              signed_on=datetime.date(2026, 7, 10),
                              tax_office_name="Thuế cơ sở 1 Thành phố Hồ Chí Minh",
                              signer_name="Nguyễn Văn An")


def test_indicators_by_hand():
    v = g.indicators(FIGURES)
    expected = {"21": 0, "22": 5000, "23": 300000, "23a": 100000, "24": 30000, "24a": 10000,
                "25": 30000, "26": 50000, "27": 1720000, "28": 150000, "29": 20000,
                "30": 200000, "31": 10000, "32": 1500000, "32a": 0, "33": 140000,
                "34": 1770000, "35": 150000, "36": 120000, "37": 0, "38": 0, "39a": 0,
                "40a": 115000, "40b": 0, "40": 115000, "41": 0, "42": 0, "43": 0}
    assert {k: int(x) for k, x in v.items()} == expected


def test_excess_input_vat_is_carried_forward_and_refund_bounded():
    figures = g.Figures(purchases_base=D(1000000), purchases_vat=D(100000),
                        sales_10=D(300000), vat_10=D(30000), carried_forward=D(20000),
                        adjust_increase=D(5000), refund_requested=D(40000))
    v = g.indicators(figures)
    # [36] = 30 000 − 100 000 = −70 000; −70 000 − 20 000 − 5 000 = −95 000 → [41]
    assert (v["36"], v["40a"], v["40"], v["41"], v["42"], v["43"]) == (
        D(-70000), 0, 0, D(95000), D(40000), D(55000))
    with pytest.raises(StandardError) as caught:
        g.indicators(figures.__class__(**{**vars(figures), "refund_requested": D(95001)}))
    assert caught.value.rule == "gtgt.refund"


def test_no_activity_tick():
    assert g.indicators(g.Figures(carried_forward=D(7000)))["21"] == 1
    assert g.indicators(g.Figures(carried_forward=D(7000)))["43"] == D(7000)


def test_quarter_period_and_labels():
    q3 = g.Period(g.QUARTER, 2026, 3)
    assert (q3.date_from, q3.date_to, q3.label) == (
        datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "3/2026")
    assert g.Period(g.MONTH, 2024, 2).date_to == datetime.date(2024, 2, 29)
    with pytest.raises(StandardError):
        g.Period(g.QUARTER, 2026, 5)


def test_form_version_switches_with_the_period():
    assert g.form_regime(JUNE).circular == "80/2021/TT-BTC"
    # 842 / 2.8.3: the numbers of real HTKK files of Circular 80/2021 (Q2/2026).
    q2 = g.form_regime(g.Period(g.QUARTER, 2026, 2))
    assert (q2.code, q2.version, q2.verified) == ("842", "2.8.3", True)
    july = g.form_regime(g.Period(g.MONTH, 2026, 7))
    assert (july.circular, july.version, july.verified) == ("89/2026/TT-BTC", "3.0.0", False)
    root = gx.build_declaration(_declaration(g.Period(g.QUARTER, 2026, 3)))
    ns = {"t": gx.NAMESPACE}
    assert root.findtext(".//t:pbanTKhaiXML", namespaces=ns) == "3.0.0"
    assert root.findtext(".//t:kieuKy", namespaces=ns) == "Q"
    # Months only for a monthly period, as the software writes them.
    assert root.findtext(".//t:kyKKhaiTuThang", namespaces=ns) == ""


def test_reduction_appendix_and_resolutions():
    (row,) = _declaration().reduction_rows
    assert (row.amount, row.reduction) == (D(500000), D(10000))
    assert g.reduction_resolution(JUNE) == "204/2025/QH15"
    assert g.reduction_resolution(g.Period(g.MONTH, 2025, 3)) == "174/2024/QH15"
    # A quarter straddling two resolutions has no single appendix basis.
    with pytest.raises(StandardError) as caught:
        g.reduction_rows(g.Period(g.MONTH, 2027, 1), FIGURES)
    assert caught.value.rule == "gtgt.reduced_rate"


def test_exported_xml_is_valid_against_the_xsd():
    data = gx.declaration_to_bytes(_declaration())
    assert gx.validate_declaration(data) == []
    root = etree.fromstring(data)
    ns = {"t": gx.NAMESPACE}
    assert root.findtext(".//t:ct40", namespaces=ns) == "115000"
    assert root.findtext(".//t:HHDVBRaChiuTSuat10/t:ct33", namespaces=ns) == "140000"
    assert root.findtext(".//t:thueGTGTDuocGiam", namespaces=ns) == "10000"
    assert root.findtext(".//t:loaiTKhai", namespaces=ns) == "C"
    assert root.findtext(".//t:kyKKhaiTuThang", namespaces=ns) == "06/2026"


def test_golden_file():
    """The whole file: generated once, read line by line against the real file's layout
    and the hand-computed figures above, and kept — a change of layout must be a
    deliberate change of this file."""
    golden = (GOLDEN / "declaration_01gtgt_2026_06.xml").read_bytes()
    assert gx.declaration_to_bytes(_declaration()) == golden
    assert gx.validate_declaration(golden) == []


# The indicator blocks of a real 01/GTGT file (form 842, Q2/2026, downloaded from the tax
# portal and published in a public repository's test): names and nesting, values left out.
REAL_INDICATOR_LAYOUT = [
    "ct21", "ct22", ("GiaTriVaThueGTGTHHDVMuaVao", ["ct23", "ct24"]),
    ("HangHoaDichVuNhapKhau", ["ct23a", "ct24a"]), "ct25", "ct26",
    ("HHDVBRaChiuThueGTGT", ["ct27", "ct28"]), "ct29", ("HHDVBRaChiuTSuat5", ["ct30", "ct31"]),
    ("HHDVBRaChiuTSuat10", ["ct32", "ct33"]), "ct32a",
    ("TongDThuVaThueGTGTHHDVBRa", ["ct34", "ct35"]), "ct36", "ct37", "ct38", "ct39a", "ct40a",
    "ct40b", "ct40", "ct41", "ct42", "ct43"]
REAL_HEADER_TAGS = ["maTKhai", "tenTKhai", "moTaBMau", "soLan", "KyKKhaiThue",
                    "tenCQTNoiNop", "nguoiKy", "ngayKy"]


def _layout(node):
    local = etree.QName(node).localname
    return (local, [_layout(kid) for kid in node]) if len(node) else local


def test_indicator_blocks_and_header_match_the_real_file():
    root = gx.build_declaration(_declaration())
    ns = {"t": gx.NAMESPACE}
    main = root.find(".//t:CTieuTKhaiChinh", namespaces=ns)
    found = [_layout(kid) for kid in main]
    assert found[:3] == ["ma_NganhNghe", "ten_NganhNghe", "tieuMucHachToan"]
    assert found[3:] == REAL_INDICATOR_LAYOUT
    head = [etree.QName(kid).localname for kid in root.find(".//t:TKhaiThue", namespaces=ns)]
    assert [tag for tag in head if tag in REAL_HEADER_TAGS] == REAL_HEADER_TAGS
    assert root.findtext(".//t:tenCQTNoiNop", namespaces=ns) == \
        "Thuế cơ sở 1 Thành phố Hồ Chí Minh"
    assert root.findtext(".//t:nguoiKy", namespaces=ns) == "Nguyễn Văn An"
    assert root.findtext(".//t:ngayKy", namespaces=ns) == "2026-07-10"


def test_reduction_appendix_tag_and_sections():
    root = gx.build_declaration(_declaration())
    ns = {"t": gx.NAMESPACE}
    [appendix] = root.find(".//t:PLuc", namespaces=ns)
    # 204/2025 keeps the tag of 142/2024, as the declaration software does.
    assert etree.QName(appendix).localname == "PL_NQ142_GTGT"
    assert appendix.findtext("t:HH_DV_MuaVaoTrongKy/t:tongCongThueGTGTHHDV",
                             namespaces=ns) == "4000"
    assert appendix.findtext("t:HH_DV_BanRaTrongKy/t:tongCongThueGTGTDuocGiam",
                             namespaces=ns) == "10000"
    assert appendix.findtext("t:ChenhLech/t:ct9", namespaces=ns) == "6000"
    assert gx.appendix_tag("110/2023/QH15") == "PL_NQ101_GTGT"
    without = g.Figures(**{**vars(FIGURES), "sales_8": D(0), "vat_8": D(0)})
    plain = gx.build_declaration(_declaration(figures=without))
    assert len(plain.find(".//t:PLuc", namespaces=ns)) == 0


def test_validator_catches_schema_and_sum_errors():
    root = gx.build_declaration(_declaration())
    ns = {"t": gx.NAMESPACE}
    root.find(".//t:ct27", namespaces=ns).text = "1720001"
    problems = gx.validate_declaration(etree.tostring(root))
    assert [p.rule for p in problems] == ["gtgt.sum", "gtgt.sum"]  # [27] and [34]
    assert problems[0].xpath.endswith("/HHDVBRaChiuThueGTGT/ct27")
    root.find(".//t:mst", namespaces=ns).text = "123"
    assert gx.validate_declaration(etree.tostring(root))[0].rule == "xml.schema"
    flat = gx.build_declaration(_declaration())
    block = flat.find(".//t:HHDVBRaChiuTSuat10", namespaces=ns)
    block.addnext(block[0])
    assert gx.validate_declaration(etree.tostring(flat))[0].rule == "xml.schema"
