"""An ``HDon`` written from the tax portal's JSON detail of an invoice (tests only).

The portal's JSON (``tests/data/reference/real/portal_detail_*.json``) carries the real
field values of invoices whose XML is not public, under the XML tag names in lower case.
Writing them back as XML — in the JSON's own key order, ``null`` as an empty element, as
VNPT writes an unknown quantity — gives the inbound reader real values in an order and
with empties nobody chose to suit it.  Only the mapping below is the project's; no value
is invented except ``HDCTTChinh``: the portal shows ``null`` where the XML of the VNPT
invoice (same portal, value 0) carries ``<HDCTTChinh>0</HDCTTChinh>``.
"""

from __future__ import annotations

import datetime
import json

from lxml import etree

# JSON key → tag, per block, in the JSON's order.
GENERAL = {"pban": "PBan", "thdon": "THDon", "khmshdon": "KHMSHDon", "khhdon": "KHHDon",
           "shdon": "SHDon", "tdlap": "NLap", "hdcttchinh": "HDCTTChinh", "dvtte": "DVTTe",
           "tgia": "TGia", "thtttoan": "HTTToan", "msttcgp": "MSTTCGP", "cttkhac": "TTKhac"}
SELLER = {"nbten": "Ten", "nbmst": "MST", "nbdchi": "DChi", "nbsdthoai": "SDThoai",
          "nbdctdtu": "DCTDTu", "nbstkhoan": "STKNHang", "nbtnhang": "TNHang", "nbfax": "Fax",
          "nbwebsite": "Website", "nbttkhac": "TTKhac"}
BUYER = {"nmten": "Ten", "nmmst": "MST", "nmdchi": "DChi", "mkhang": "MKHang",
         "nmsdthoai": "SDThoai", "nmdctdtu": "DCTDTu", "nmstkhoan": "STKNHang",
         "nmtnhang": "TNHang", "nmttkhac": "TTKhac"}
LINE = {"tchat": "TChat", "stt": "STT", "ten": "THHDVu", "dvtinh": "DVTinh", "sluong": "SLuong",
        "dgia": "DGia", "tlckhau": "TLCKhau", "stckhau": "STCKhau", "ltsuat": "TSuat",
        "thtien": "ThTien", "ttkhac": "TTKhac"}
TOTALS = {"thttltsuat": "THTTLTSuat", "tgtcthue": "TgTCThue", "tgtthue": "TgTThue",
          "thttlphi": "DSLPhi", "ttcktmai": "TTCKTMai", "tgtttbso": "TgTTTBSo",
          "tgtttbchu": "TgTTTBChu", "ttttkhac": "TTKhac"}
VN = datetime.timezone(datetime.timedelta(hours=7))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def _extra(parent, items) -> None:
    holder = etree.SubElement(parent, "TTKhac")
    for item in items:
        info = etree.SubElement(holder, "TTin")
        for key, tag in (("ttruong", "TTruong"), ("kdlieu", "KDLieu"), ("dlieu", "DLieu")):
            etree.SubElement(info, tag).text = _text(item.get(key))


def _block(parent, data: dict, mapping: dict) -> None:
    for key in data:
        tag = mapping.get(key)
        if tag is None:
            continue
        value = data[key]
        if tag == "TTKhac":
            if value:
                _extra(parent, value)
        elif tag == "THTTLTSuat":
            groups = etree.SubElement(parent, tag)
            for item in value:
                group = etree.SubElement(groups, "LTSuat")
                for k, t in (("tsuat", "TSuat"), ("thtien", "ThTien"), ("tthue", "TThue")):
                    etree.SubElement(group, t).text = _text(item.get(k))
        elif tag == "DSLPhi":
            if value:
                fees = etree.SubElement(parent, tag)
                for item in value:
                    fee = etree.SubElement(fees, "LPhi")
                    etree.SubElement(fee, "TLPhi").text = _text(item.get("tlphi"))
                    etree.SubElement(fee, "TPhi").text = _text(item.get("tphi"))
        elif tag == "NLap":
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            etree.SubElement(parent, tag).text = moment.astimezone(VN).date().isoformat()
        elif tag == "HDCTTChinh":
            etree.SubElement(parent, tag).text = _text(value or 0)
        else:
            etree.SubElement(parent, tag).text = _text(value)


def portal_json_to_hdon(data: bytes) -> bytes:
    detail = json.loads(data)
    root = etree.Element("HDon")
    dlhdon = etree.SubElement(root, "DLHDon", Id="data")
    _block(etree.SubElement(dlhdon, "TTChung"), detail, GENERAL)
    content = etree.SubElement(dlhdon, "NDHDon")
    _block(etree.SubElement(content, "NBan"), detail, SELLER)
    _block(etree.SubElement(content, "NMua"), detail, BUYER)
    lines = etree.SubElement(content, "DSHHDVu")
    for item in detail["hdhhdvu"]:
        _block(etree.SubElement(lines, "HHDVu"), item, LINE)
    _block(etree.SubElement(content, "TToan"), detail, TOTALS)
    if detail.get("mhdon"):
        etree.SubElement(root, "MCCQT", Id="Id-mccqt").text = detail["mhdon"]
    etree.SubElement(etree.SubElement(root, "DSCKS"), "NBan")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
