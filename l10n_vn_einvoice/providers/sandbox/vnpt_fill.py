"""What VNPT adds to a seller's ``DLHDon`` before the invoice exists.

VNPT's integration guides show ``xmlInvData`` whose ``TTChung`` holds only what the seller
knows (``<SHDon/><MHSo/><SBKe/><NBKe/><DVTTe/><TGia/><HTTToan/>``, reference providers §1.4):
the provider writes the format version, the form and symbol of the operation's
``pattern``/``serial``, its own tax code (``MSTTCGP``), the financial-leasing flag, the
``Id`` its signature references and —
for an absent or empty ``<NLap/>``, as in VNPT's cash-register import — the issue date,
which is the day it publishes, in Vietnam.  The tenant's seller is used when the payload
carries none.  Elements are appended; the inbound reader puts them in the published order.
"""

from __future__ import annotations

import datetime

from lxml import etree

from ...standard import regimes
from ...standard.model import Seller
from ...standard.signature_layout import VN_TZ

SIGNED_DATA_ID = "DuLieuKy"  # the Id VNPT gives DLHDon (a real VNPT-issued invoice, 2025)
TITLES = {"1": "Hóa đơn giá trị gia tăng", "2": "Hóa đơn bán hàng"}


def today_in_vietnam() -> datetime.date:
    return datetime.datetime.now(VN_TZ).date()


def _text(parent, tag: str) -> str:
    node = parent.find(tag)
    return (node.text or "").strip() if node is not None else ""


def _set(parent, tag: str, value: str) -> None:
    """Write ``value`` into an absent or empty ``tag`` (a value the seller wrote stays)."""
    node = parent.find(tag)
    if node is None:
        node = etree.SubElement(parent, tag)
    if not (node.text or "").strip():
        node.text = value


def _seller(content, seller: Seller) -> None:
    if content.find("NBan") is not None:
        return
    node = etree.Element("NBan")
    for tag, value in (("Ten", seller.name), ("MST", seller.tax_code), ("DChi", seller.address)):
        etree.SubElement(node, tag).text = value
    content.insert(0, node)


def fill_dlhdon(dlhdon, *, form: str, symbol: str, seller: Seller,
                provider_tax_code: str, today: datetime.date | None = None) -> None:
    """Complete ``dlhdon`` in place as VNPT does on ``ImportAndPublishInv…``."""
    if not dlhdon.get("Id"):
        dlhdon.set("Id", SIGNED_DATA_ID)
    general = dlhdon.find("TTChung")
    if general is None:
        general = etree.Element("TTChung")
        dlhdon.insert(0, general)
    issue_text = _text(general, "NLap")
    try:
        issue_date = datetime.date.fromisoformat(issue_text)
    except ValueError:
        issue_date = today or today_in_vietnam()
        if not issue_text:
            _set(general, "NLap", issue_date.isoformat())
    version = regimes.format_version_on(issue_date)
    _set(general, "PBan", version)
    if form:
        _set(general, "KHMSHDon", form)
    if symbol:
        _set(general, "KHHDon", symbol)
    _set(general, "THDon", TITLES.get(_text(general, "KHMSHDon"), "Hóa đơn"))
    _set(general, "MSTTCGP", provider_tax_code)
    if _text(general, "PBan") == "2.1.0" and _text(general, "KHMSHDon") != "6":
        _set(general, "HDCTTChinh", "0")  # not on a delivery note (form 6)
    content = dlhdon.find("NDHDon")
    if content is not None:
        _seller(content, seller)
