"""Midnight on New Year's Eve 2026, Vietnam time (UTC+7), with the clock moved.

On 2027-01-01 the reduced 8 % rate ends (Resolution 204/2025/QH15), symbols and
cash-register codes roll to "27" and every counter restarts.  Invoices posted either side
of midnight, corrections of 2026 invoices made in 2027, and the periods of the household
and VAT declarations are checked here — also with the server process in another time
zone, since only the Vietnam date counts (the registers: ``l10n_vn_einvoice_pos``'s
``test_odoo_pos_year_end.py``).
"""

import os
import time
from contextlib import contextmanager

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..standard import validate
from .common import VnEinvoiceCommon

# 23:59 and 00:00 in Hồ Chí Minh City are 16:59 and 17:00 UTC on 31 December.
BEFORE_MIDNIGHT = "2026-12-31 16:59:00"
AT_MIDNIGHT = "2026-12-31 17:00:00"
HALF_PAST_ELEVEN = "2026-12-31 16:30:00"


@contextmanager
def server_time_zone(name):
    """The server process in another zone (Odoo itself runs in UTC; a host may not)."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        time.tzset()


def xml_of(record):
    doc = record.l10n_vn_einvoice_document_id
    return etree.fromstring(doc._l10n_vn_einvoice_xml())


@tagged("post_install", "-at_install", "post_install_l10n")
class TestYearEndInvoices(VnEinvoiceCommon):
    """Back-office invoices either side of midnight, and the declarations' periods."""

    def post(self, date, tax, price=100000.0, move_type="out_invoice"):
        move = self.env["account.move"].create({
            "move_type": move_type, "partner_id": self.partner_a.id, "invoice_date": date,
            "invoice_line_ids": [Command.create({
                "product_id": self.product_a.id, "quantity": 1, "price_unit": price,
                "tax_ids": [Command.set(tax.ids)]})]})
        move.action_post()
        return move

    def credit_note(self, move, date):
        move.l10n_vn_einvoice_document_id._l10n_vn_einvoice_set_outcome({"state": "accepted"})
        reversal = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=move.ids).create({
                "reason": "Giảm giá", "journal_id": move.journal_id.id, "date": date})
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.write({"invoice_date": date, "invoice_line_ids": [
            Command.update(refund.invoice_line_ids.id, {"price_unit": 10000.0})]})
        refund.action_post()
        return refund

    def test_invoices_either_side_of_midnight(self):
        with freeze_time("2026-12-31 16:00:00"):
            last = self.post("2026-12-31", self.tax8)
        with freeze_time("2026-12-31 17:30:00"), server_time_zone("Pacific/Honolulu"):
            first = self.post("2027-01-01", self.tax10)
        self.assertEqual((last.l10n_vn_einvoice_document_id.symbol,
                          first.l10n_vn_einvoice_document_id.symbol), ("C26TAA", "C27TAA"))
        self.assertEqual(first.l10n_vn_einvoice_document_id.number, 1,
                         "the counter restarts with the year")
        for move in (last, first):
            self.assertEqual(validate.validate_invoice_xml(xml_of(move)), [])

    def test_a_new_invoice_at_8_percent_in_2027_is_refused_with_nothing_written(self):
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2027-01-01", "invoice_line_ids": [Command.create({
                "product_id": self.product_a.id, "quantity": 1, "price_unit": 100000.0,
                "tax_ids": [Command.set(self.tax8.ids)]})]})
        with freeze_time("2027-01-01 01:00:00"), \
                self.assertRaisesRegex(UserError, "Resolution 204/2025/QH15.*31/12/2026.*"
                                                  "\\n.*Nghị quyết 204/2025/QH15"), \
                self.env.cr.savepoint():  # what the RPC's transaction does on the error
            move.action_post()
        self.env.invalidate_all()
        self.assertEqual(move.state, "draft")
        self.assertFalse(self.env["l10n_vn_einvoice.document"].search(
            [("move_id", "=", move.id)]))
        self.assertFalse(self.env["l10n_vn_einvoice.sequence"].search(
            [("company_id", "=", self.company.id), ("year", "=", 2027)]),
            "no number was taken from the 2027 counter")

    def test_a_2027_credit_note_of_a_2026_invoice_keeps_8_percent(self):
        with freeze_time("2026-12-30 03:00:00"):
            original = self.post("2026-12-30", self.tax8)
        with freeze_time("2027-01-05 03:00:00"):
            refund = self.credit_note(original, "2027-01-05")
        doc = refund.l10n_vn_einvoice_document_id
        root = xml_of(refund)
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual((doc.symbol, doc.correction_type), ("C27TAA", "adjustment"))
        self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/TSuat"), "8%")

    def test_declaration_periods_follow_the_vietnam_date(self):
        with freeze_time("2026-12-31 16:30:00"):  # 23:30 in Vietnam
            december = self.post("2026-12-31", self.tax8, price=200000.0)
        with freeze_time("2026-12-31 17:05:00"):  # 00:05 on 1 January in Vietnam
            january = self.post("2027-01-01", self.tax10, price=300000.0)
        Return = self.env["l10n_vn_einvoice.report.vat_return"]
        for period, expected in ((12, december), (1, january)):
            year = 2026 if period == 12 else 2027
            wizard = Return.create({"company_id": self.company.id, "period_type": "monthly",
                                    "year": year, "month": period})
            wizard.action_compute()
            sales = {line.indicator: line.amount for line in wizard.line_ids}
            self.assertEqual(sales["34"], expected.amount_untaxed, (year, period, sales))
            self.assertEqual(wizard.reduction_base, 200000 if period == 12 else 0,
                             "the 8 % appendix only in the reduction's period")
        Household = self.env["l10n_vn_einvoice.report.household"]
        for year, expected in ((2026, december), (2027, january)):
            with freeze_time(f"{year}-12-31 03:00:00"):
                wizard = Household.create({"company_id": self.company.id, "year": year,
                                           "date_to": f"{year}-12-31"})
                wizard.action_compute()
            self.assertEqual(wizard.revenue, expected.amount_untaxed)
            self.assertEqual(wizard.threshold, 1000000000, "the 2026 threshold carries on")
