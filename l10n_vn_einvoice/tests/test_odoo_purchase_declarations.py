"""Imported bills feed the input VAT of 01/GTGT ([23], [24]) through l10n_vn's purchase
tags, with the VAT the invoices state.

By hand: a supplier's invoice of 2026-11-20 at prices including VAT, one line per rate:
10 % of gross 6 000 → VAT round(6 000 × 10 ÷ 110) = 545, net 5 455; 5 % of gross
10 500 → VAT 500, net 10 000; 8 % of gross 32 400 → VAT 2 400, net 30 000.
[23] = 5 455 + 10 000 + 30 000 = 45 455; [24] = 545 + 500 + 2 400 = 3 445 (Odoo's own
rounding of 5 455 × 10 % would give 546, and [24] 3 446).
"""

from decimal import Decimal

from odoo.tests import tagged

from ..standard import money
from ..standard.model import Line
from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseDeclarations(PurchaseImportCommon):

    def test_imported_bills_in_23_and_24(self):
        priced = [(Line(name=name, seq=seq, unit="Cái", quantity=Decimal(1), vat_rate=rate),
                   Decimal(gross)) for seq, (name, rate, gross) in enumerate((
                       ("Nước suối", "10%", 6000), ("Sách giáo khoa", "5%", 10500),
                       ("Bàn gỗ", "8%", 32400)), 1)]
        lines, totals = money.compute_totals_from_gross(priced)
        invoice = pf.for_company(fx.vat_invoice(), lines=tuple(lines), totals=totals)
        bill = self.bill_of(self.upload({"mua_vao.xml": pf.signed(invoice)}))
        self.assertEqual((bill.amount_untaxed, bill.amount_tax), (45455, 3445))
        bill.action_post()
        wizard = self.env["l10n_vn_einvoice.report.vat_return"].create({
            "company_id": self.company.id, "year": 2026, "period_type": "monthly",
            "month": 11})
        wizard.action_compute()
        values = {line.indicator: line.amount for line in wizard.line_ids}
        self.assertEqual((values["23"], values["24"], values["25"]), (45455, 3445, 3445))
        october = self.env["l10n_vn_einvoice.report.vat_return"].create({
            "company_id": self.company.id, "year": 2026, "period_type": "monthly",
            "month": 10})
        october.action_compute()
        self.assertEqual({ln.indicator: ln.amount for ln in october.line_ids}["24"], 0)
