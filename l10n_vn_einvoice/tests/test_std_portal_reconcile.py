"""The portal's invoices (read from the real files) against book records made for each case."""

import dataclasses
import datetime
from decimal import Decimal
from pathlib import Path

from ..standard import portal_collect
from ..standard.portal_data import INVOICE_STATUS, PROCESSING_STATUS, Status
from ..standard.portal_reconcile import (
    BookRecord,
    Difference,
    input_vat,
    reconcile_purchases,
    reconcile_sales,
    takes_deduction_away,
)

REAL = Path(__file__).resolve().parent / "data" / "reference" / "real"
RESPONSES = "portal_api_responses_2026-04_kieutrang.json"
EXPORT = "portal_export_excel_sold_2026-03_kieutrang.xlsx"


def read(*names):
    return portal_collect.merge(
        portal_collect.read_portal_file((REAL / name).read_bytes(), name) for name in names
    ).invoices


def purchases():
    """The response set's purchase invoices (buyer 0310510716), each once."""
    return [i for i in read(RESPONSES) if i.buyer_tax_code == "0310510716"]


def book_of(invoice, reference, **changes):
    """The bill an accountant would have booked for ``invoice``."""
    record = BookRecord(
        reference=reference, seller_tax_code=invoice.seller_tax_code, form=invoice.form,
        symbol=invoice.symbol, number=invoice.number, total=invoice.total,
        untaxed=invoice.untaxed, vat=invoice.vat, date=invoice.date,
        vat_by_rate={rate.rate: rate.vat for rate in invoice.rates})
    return dataclasses.replace(record, **changes)


def find(invoices, number):
    return next(i for i in invoices if i.number == number)


def test_purchase_groups():
    portal = purchases()
    assert len(portal) == 17
    tvs = find(portal, 392)  # C26TVA, 8 %: 4 460 000 + 356 800
    books = [
        book_of(tvs, "BILL/1"),
        book_of(find(portal, 318), "BILL/2", vat=Decimal("17841"), total=Decimal("240841"),
                vat_by_rate={"8%": Decimal("17841")}),
        book_of(find(portal, 655613), "BILL/3", vat_by_rate={"10%": Decimal("2148")}),
        BookRecord("BILL/4", "0312650437", "1", "C26TAA", 999, Decimal("1000")),
        # the Grab ride booked from its receipt: the M-code, no number
        BookRecord("BILL/5", "0312650437", "1", "C26MGA", None, Decimal("35000"),
                   code="M1-26-ZVEBS-00602736943"),
        book_of(find(portal, 1852613), "BILL/6"),  # MobiFone's adjustment, negative
    ]
    result = reconcile_purchases(portal, books)
    assert [(p.book.reference, p.portal.number) for p in result.matched] == [
        ("BILL/1", 392), ("BILL/6", 1852613), ("BILL/5", 2736943)]
    assert [(p.book.reference, p.differences) for p in result.differ] == [
        ("BILL/3", (Difference("vat 10%", Decimal(0), Decimal("2148")),
                    Difference("vat 8%", Decimal("2148"), Decimal(0)))),
        ("BILL/2", (Difference("vat", Decimal("17840"), Decimal("17841")),
                    Difference("total", Decimal("240840"), Decimal("240841")),
                    Difference("vat 8%", Decimal("17840"), Decimal("17841"))))]
    assert [b.reference for b in result.books_only] == ["BILL/4"]
    assert len(result.portal_only) == 17 - 5
    assert result.not_deductible == [] and result.portal_void == []


def _with_status(invoice, tthai=None, ttxly=None):
    changes = {}
    if tthai:
        changes["status"] = Status(tthai, *INVOICE_STATUS[tthai])
    if ttxly is not None:
        changes["processing"] = Status(ttxly, *PROCESSING_STATUS[ttxly])
    return dataclasses.replace(invoice, **changes)


def test_status_that_takes_the_deduction_away():
    portal = purchases()
    base = find(portal, 392)
    replaced = _with_status(base, tthai=4)
    cancelled = _with_status(find(portal, 318), tthai=6)
    refused = _with_status(find(portal, 655613), ttxly=4)
    adjusted = _with_status(find(portal, 655614), tthai=5)
    assert [takes_deduction_away(i) for i in (replaced, cancelled, refused, adjusted)] == [
        True, True, True, False]
    books = [book_of(replaced, "BILL/R"), book_of(cancelled, "BILL/C", posted=False),
             book_of(adjusted, "BILL/A")]
    result = reconcile_purchases([replaced, cancelled, refused, adjusted], books)
    assert [(p.book.reference, p.portal.status.vi) for p in result.not_deductible] == [
        ("BILL/R", "Hóa đơn đã bị thay thế")]
    # a draft bill of a cancelled invoice is compared as usual; an adjusted one stays valid
    assert [p.book.reference for p in result.matched] == ["BILL/C", "BILL/A"]
    # the refused invoice is not booked: nothing to claim, never proposed as a draft bill
    assert result.portal_void == [refused] and result.portal_only == []


def test_duplicate_bills_are_set_apart():
    portal = purchases()
    invoice = find(portal, 392)
    result = reconcile_purchases([invoice], [book_of(invoice, "BILL/1"),
                                             book_of(invoice, "BILL/1 again")])
    assert [p.book.reference for p in result.matched] == ["BILL/1"]
    assert [b.reference for b in result.book_duplicates] == ["BILL/1 again"]
    assert result.books_only == []


def test_input_vat_per_the_portal():
    portal = purchases()
    untaxed, vat = input_vat(portal)
    # 17 invoices of the files; the four MobiFone adjustments count with their minus sign
    assert vat == sum((i.vat for i in portal), Decimal(0))
    assert vat == Decimal("816842")  # added up by hand from the file
    assert untaxed == Decimal("10441656")
    cancelled = _with_status(find(portal, 41142), tthai=6)
    assert input_vat([cancelled]) == (Decimal(0), Decimal(0))
    usd = dataclasses.replace(find(portal, 392), currency="USD",
                              exchange_rate=Decimal("26150.5"), untaxed=Decimal("100.01"),
                              vat=Decimal("8.01"))
    assert input_vat([usd]) == (Decimal("2615312"), Decimal("209466"))


def test_sales_groups_against_our_e_invoices():
    portal = [i for i in read(EXPORT, RESPONSES) if i.seller_tax_code == "0310510716"]
    assert len(portal) == 48
    ours = [book_of(i, f"EINV/{i.number}") for i in portal if i.number != 470]
    ours[0] = dataclasses.replace(ours[0], total=ours[0].total + 1)
    ours.append(BookRecord("EINV/510", "0310510716", "1", "C26TSG", 510, Decimal("5000"),
                           date=datetime.date(2026, 4, 4)))
    result = reconcile_sales(portal, ours)
    assert len(result.matched) == 46
    [differ] = result.differ
    assert (differ.book.reference, differ.differences) == (
        "EINV/462", (Difference("total", Decimal("907200000"), Decimal("907200001")),))
    assert [i.number for i in result.portal_only] == [470]  # at the portal, not ours
    assert [b.reference for b in result.books_only] == ["EINV/510"]  # ours, missing there

