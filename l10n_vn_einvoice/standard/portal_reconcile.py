"""Compare the tax portal's invoices with the books: the accountant's month-end question.

Purchases: which invoices registered for our tax code are not in the books (input VAT never
claimed), which booked bills the portal does not have (input VAT at risk in an audit), what
differs, and which posted bills rest on an invoice whose status takes the deduction away.
Sales: whether our accepted e-invoices are exactly the portal's sales.

An invoice is matched by the seller's tax code, form, symbol and number; a cash-register
invoice also by its M-code (the books may hold the code and not the number, or the other
way round).  Amounts are compared exactly, in the invoice's currency (the đồng has no
smaller unit, so a one-đồng difference is a difference), and VAT per rate when both sides
state it.  The statuses that take the deduction away are the portal's: replaced (``tthai``
4), cancelled (6), and the tax authority's refusals (``ttxly`` 2 refused per occurrence, 4
not eligible for a code).  An adjusted invoice (``tthai`` 5) keeps its deduction: the
adjustment invoice (``tthai`` 3, negative when it reduces) carries only the change, and it
is itself matched or missing like any invoice — counting the adjusted one out would drop its
whole VAT instead of the change.  An invoice in such a status that is not in the
books asks nothing of the accountant and is kept apart from the missing ones, so that a
draft bill is never proposed for a cancelled invoice.

The Odoo side turns vendor bills and e-invoice documents into :class:`BookRecord` and
shows the groups; this module only decides them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .codes import CASH_REGISTER_RE
from .portal_data import PortalInvoice

VOID_STATUSES = frozenset({4, 6})  # tthai: replaced, cancelled
REFUSED_PROCESSING = frozenset({2, 4})  # ttxly: refused, not eligible for a code


@dataclass(frozen=True)
class BookRecord:
    """A vendor bill (purchases) or one of our e-invoices (sales), as the books state it."""

    reference: str  # what the accountant recognises: the bill's name, the document's id
    seller_tax_code: str
    form: str
    symbol: str
    number: int | None
    total: Decimal
    untaxed: Decimal | None = None
    vat: Decimal | None = None
    vat_by_rate: dict = field(default_factory=dict)  # rate label ("8%") → VAT
    date: datetime.date | None = None
    currency: str = "VND"
    code: str | None = None  # MCCQT or cash-register M-code
    posted: bool = True

    def keys(self) -> list[tuple]:
        keys = [(self.seller_tax_code, str(self.form), self.symbol.upper(), self.number)]
        if self.code and CASH_REGISTER_RE.match(self.code):
            keys.append(("M", self.code))
        return keys


@dataclass(frozen=True)
class Difference:
    what: str  # "total", "untaxed", "vat", "vat 8%", "currency"
    portal: object
    books: object


@dataclass(frozen=True)
class Pair:
    portal: PortalInvoice
    book: BookRecord
    differences: tuple[Difference, ...] = ()


@dataclass
class Reconciliation:
    matched: list[Pair] = field(default_factory=list)
    differ: list[Pair] = field(default_factory=list)
    portal_only: list[PortalInvoice] = field(default_factory=list)
    books_only: list[BookRecord] = field(default_factory=list)
    not_deductible: list[Pair] = field(default_factory=list)  # posted, status takes it away
    portal_void: list[PortalInvoice] = field(default_factory=list)  # void, not booked: fine
    book_duplicates: list[BookRecord] = field(default_factory=list)


def takes_deduction_away(invoice: PortalInvoice) -> bool:
    return bool((invoice.status and invoice.status.code in VOID_STATUSES)
                or (invoice.processing and invoice.processing.code in REFUSED_PROCESSING))


def _rate_key(label: str) -> str:
    return "".join(str(label or "").split()).upper()


def _portal_vat_by_rate(invoice: PortalInvoice) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for rate in invoice.rates:
        if rate.vat is not None:
            key = _rate_key(rate.rate)
            totals[key] = totals.get(key, Decimal(0)) + rate.vat
    return totals


def differences(invoice: PortalInvoice, book: BookRecord) -> tuple[Difference, ...]:
    """What the portal and the books state differently, both figures kept."""
    found = []
    if invoice.currency != book.currency:
        found.append(Difference("currency", invoice.currency, book.currency))
    for what in ("untaxed", "vat", "total"):
        portal, books = getattr(invoice, what), getattr(book, what)
        if portal is not None and books is not None and portal != books:
            found.append(Difference(what, portal, books))
    portal_rates = _portal_vat_by_rate(invoice)
    book_rates = {_rate_key(label): vat for label, vat in book.vat_by_rate.items()}
    if portal_rates and book_rates:
        for rate in sorted(portal_rates.keys() | book_rates.keys()):
            portal, books = portal_rates.get(rate, Decimal(0)), book_rates.get(rate, Decimal(0))
            if portal != books:
                found.append(Difference(f"vat {rate}", portal, books))
    return tuple(found)


def _index(books) -> tuple[dict[tuple, BookRecord], list[BookRecord]]:
    index, duplicates = {}, []
    for book in books:
        if any(key in index for key in book.keys()):
            duplicates.append(book)
            continue
        for key in book.keys():
            index[key] = book
    return index, duplicates


def _pairs(portal, books):
    """``(portal invoice, its book record or None)`` and the books left and duplicated."""
    index, duplicates = _index(books)
    used: set[int] = set()
    pairs = []
    for invoice in portal:
        book = next((index[key] for key in invoice.keys() if key in index), None)
        if book is not None and id(book) in used:
            book = None
        if book is not None:
            used.add(id(book))
        pairs.append((invoice, book))
    left = [book for book in index.values() if id(book) not in used]
    unique_left = list({id(book): book for book in left}.values())
    return pairs, unique_left, duplicates


def reconcile_purchases(portal, books) -> Reconciliation:
    """The portal's purchase invoices for our tax code against our vendor bills."""
    result = Reconciliation()
    pairs, result.books_only, result.book_duplicates = _pairs(portal, books)
    for invoice, book in pairs:
        void = takes_deduction_away(invoice)
        if book is None:
            (result.portal_void if void else result.portal_only).append(invoice)
        elif void and book.posted:
            result.not_deductible.append(Pair(invoice, book, differences(invoice, book)))
        else:
            found = differences(invoice, book)
            (result.differ if found else result.matched).append(Pair(invoice, book, found))
    return result


def reconcile_sales(portal, ours) -> Reconciliation:
    """The portal's sales list against our accepted e-invoices: ``books_only`` are ours
    missing at the portal, ``portal_only`` the portal's sales that are not ours (a number
    we never issued, or another seller's)."""
    result = Reconciliation()
    pairs, result.books_only, result.book_duplicates = _pairs(portal, ours)
    for invoice, book in pairs:
        if book is None:
            result.portal_only.append(invoice)
            continue
        found = differences(invoice, book)
        (result.differ if found else result.matched).append(Pair(invoice, book, found))
    return result


def to_vnd(value: Decimal | None, invoice: PortalInvoice) -> Decimal:
    """An amount of the invoice in đồng: at its rate ``tgia`` for a foreign currency."""
    if value is None:
        return Decimal(0)
    if invoice.currency == "VND":
        return value
    return (value * invoice.exchange_rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def input_vat(portal) -> tuple[Decimal, Decimal]:
    """``(untaxed, VAT)`` in đồng of the portal's deductible purchase invoices, to be set
    beside the posted bills' [23] and [24] of the 01/GTGT return (adjustments count with
    their sign)."""
    deductible = [invoice for invoice in portal if not takes_deduction_away(invoice)]
    return (sum((to_vnd(i.untaxed, i) for i in deductible), Decimal(0)),
            sum((to_vnd(i.vat, i) for i in deductible), Decimal(0)))
