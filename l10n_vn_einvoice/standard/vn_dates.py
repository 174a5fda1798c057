"""Dates as a Vietnamese reader sees them: the Vietnam calendar day, written dd/mm/yyyy.

A certificate's validity is a pair of UTC moments; shown as UTC dates they differ by a
day from the Vietnam dates after 17:00 UTC.  Every place that prints one (the settings
screen, ``verify`` of the command line, the messages refusing a certificate) uses
:func:`validity_text`, so they print the same days.
"""

from __future__ import annotations

import datetime

VN_TZ = datetime.timezone(datetime.timedelta(hours=7), "Asia/Ho_Chi_Minh")


def vietnam_day(moment: datetime.datetime) -> datetime.date:
    """The Vietnam calendar day of ``moment`` (a naive moment is UTC, as cryptography's
    and Odoo's are)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(VN_TZ).date()


def day_text(day: datetime.date) -> str:
    """``30/11/2026``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def validity_text(not_before: datetime.datetime, not_after: datetime.datetime) -> str:
    """``30/11/2026 → 01/12/2027``: first and last Vietnam day of a certificate."""
    return f"{day_text(vietnam_day(not_before))} → {day_text(vietnam_day(not_after))}"
