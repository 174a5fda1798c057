"""Gather the portal's invoices from several files, each invoice once.

A period's download is many files (each status's list, each page, the details, the Excel
export) and they overlap: a detail repeats its list record, the Excel export repeats the
API's list, a tool saves the same page twice.  An invoice is known by its seller's tax code,
form, symbol and number, and a cash-register invoice also by its M-code (the Excel export has
no code, so both keys are kept): the first copy read is kept and later copies only complete
it (the detail's lines and certificates, the list's code).  Two copies that disagree on what
both state (date, amounts, currency, statuses, buyer) are not merged by guess: the later
copy is refused, naming the earlier one, so the accountant sees which download to trust.
"""

from __future__ import annotations

import dataclasses

from . import portal_data as pd
from .portal_json import read_json
from .portal_xlsx import read_xlsx

COMPARED = ("seller_tax_code", "form", "symbol", "number", "date", "untaxed", "vat", "total",
            "currency", "status", "processing", "buyer_tax_code", "code")
COMPLETED = ("untaxed", "vat", "exchange_rate", "status", "processing", "code",
             "buyer_tax_code", "seller_name", "buyer_name", "nature", "kind", "related",
             "rates", "seller_certificate", "authority_certificate")


def read_portal_file(data: bytes, name: str) -> pd.Reading:
    """One file, JSON or xlsx by its content (never by its name)."""
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, name)
    return read_json(data, name)


def _differences(kept: pd.PortalInvoice, copy: pd.PortalInvoice) -> list[str]:
    return [name for name in COMPARED
            if getattr(kept, name) is not None and getattr(copy, name) is not None
            and getattr(kept, name) != getattr(copy, name)]


def _complete(kept: pd.PortalInvoice, copy: pd.PortalInvoice) -> pd.PortalInvoice:
    changes = {name: getattr(copy, name) for name in COMPLETED
               if getattr(kept, name) in (None, "", ()) and getattr(copy, name) not in (
                   None, "", ())}
    if copy.detail and not kept.detail:
        changes.update(lines=copy.lines, detail=True)
    return dataclasses.replace(kept, **changes) if changes else kept


def _refuse_copy(copy: pd.PortalInvoice, kept: pd.PortalInvoice, names: list[str]):
    fields = ", ".join(f"{name} {_shown(getattr(copy, name))} ≠ {_shown(getattr(kept, name))}"
                       for name in names)
    what = f"{copy.symbol} no. {copy.number}"
    return pd.Refusal(copy.file, copy.row,
                      f"invoice {what} differs from its copy in {kept.source}: {fields}",
                      f"hóa đơn {copy.symbol} số {copy.number} khác bản đã đọc trong "
                      f"{kept.source}: {fields}")


def _shown(value) -> str:
    return value.vi if isinstance(value, pd.Status) else str(value)


def merge(readings) -> pd.Reading:
    """All invoices of ``readings`` each once, in the order first read; refusals and notes
    of every file, plus the copies refused for disagreeing."""
    result = pd.Reading()
    kept: list[pd.PortalInvoice] = []
    index: dict[tuple, int] = {}
    for reading in readings:
        result.refusals.extend(reading.refusals)
        result.notes.extend(reading.notes)
        for invoice in reading.invoices:
            position = next((index[key] for key in invoice.keys() if key in index), None)
            if position is None:
                position = len(kept)
                kept.append(invoice)
            else:
                different = _differences(kept[position], invoice)
                if different:
                    result.refusals.append(_refuse_copy(invoice, kept[position], different))
                    continue
                kept[position] = _complete(kept[position], invoice)
            for key in kept[position].keys():
                index.setdefault(key, position)
    result.invoices = kept
    return result
