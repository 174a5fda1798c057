"""01/GTGT from l10n_vn's tags, household figures and the 01/TH table, on known data.

VAT return, November 2026 (hand-computed): invoice 2 × 150 000 at 10 % (300 000 + 30 000)
and 3 × 33 333 at 8 % (99 999 + 8 000); invoice 1 000 000 KCT; credit note −150 000
− 15 000 at 10 %; vendor bill 200 000 + 20 000 at 10 %; a 5 % sale of 200 000 + 10 000 on
2026-12-01 (outside November, inside Q4).
[26] 1 000 000; [32] 300 000 − 150 000 + 99 999 = 249 999; [33] 30 000 − 15 000 + 8 000 =
23 000; [27] 249 999; [34] 1 249 999; [23] 200 000; [24] = [25] 20 000; [36] = [40] 3 000;
appendix 99 999 × 2 % = 1 999.98 → 2 000.
"""

import base64

from lxml import etree

from odoo import Command, fields
from odoo.tests import tagged

from ..standard import declaration_01gtgt_xml as gtgt_xml
from .common import VnEinvoiceCommon
from .cron_runner import run_cron
from .sandbox_server import running_sandbox


@tagged("post_install", "-at_install", "post_install_l10n")
class TestDeclarations(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purchase10 = cls.vn_tax("tax_purchase_vat10")

    def _move(self, lines, date="2026-11-20", move_type="out_invoice"):
        move = self.env["account.move"].create({
            "move_type": move_type, "partner_id": self.partner_a.id, "invoice_date": date,
            "invoice_line_ids": [Command.create({
                "product_id": p.id, "quantity": q, "price_unit": pr,
                "tax_ids": [Command.set(t.ids)]}) for p, q, pr, t in lines]})
        move.action_post()
        return move

    def _uncoded_symbol_of_today(self):
        """A symbol is configured with this year's digits (the company refuses others);
        invoices of 2026 are then issued under K26TAA all the same."""
        return f"K{fields.Date.context_today(self.company):%y}TAA"

    def _refund(self, move, date, keep_line, quantity=None, price_unit=None):
        """Credit note of ``move`` (an adjustment of its e-invoice) keeping one line."""
        move.l10n_vn_einvoice_document_id._l10n_vn_einvoice_set_outcome({"state": "accepted"})
        reversal = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=move.ids).create({
                "reason": "Trả lại hàng", "journal_id": move.journal_id.id, "date": date})
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        kept = refund.invoice_line_ids.filtered(lambda ln: ln.product_id == keep_line)
        changes = {k: v for k, v in (("quantity", quantity), ("price_unit", price_unit)) if v}
        refund.write({"invoice_date": date, "invoice_line_ids": [
            Command.delete(ln.id) for ln in refund.invoice_line_ids - kept]
            + [Command.update(kept.id, changes)]})
        refund.action_post()
        return refund

    def _vat_dataset(self):
        first = self._move([(self.product_a, 2, 150000.0, self.tax10),
                            (self.product_b, 3, 33333.0, self.tax8)])
        self._move([(self.product_a, 1, 1000000.0, self.tax_kct)])
        self._refund(first, "2026-11-21", self.product_a, quantity=1)
        self._move([(self.product_a, 1, 200000.0, self.purchase10)], move_type="in_invoice")
        self._move([(self.product_a, 1, 200000.0, self.tax5)], date="2026-12-01")

    def _vat_return(self, **vals):
        wizard = self.env["l10n_vn_einvoice.report.vat_return"].create({
            "company_id": self.company.id, "year": 2026, **vals})
        wizard.action_compute()
        return wizard, {line.indicator: line.amount for line in wizard.line_ids}

    def test_l10n_vn_sales_base_includes_the_8_percent_line(self):
        expression = self.env.ref("l10n_vn.account_tax_report_line_01_02_vn_tag_base")
        self.assertIn("VAT_SALES_8.amount_untaxed", expression.formula)

    def test_monthly_vat_return_by_hand(self):
        self._vat_dataset()
        wizard, v = self._vat_return(period_type="monthly", month=11)
        self.assertEqual(
            {k: v[k] for k in ("21", "23", "24", "25", "26", "27", "28", "29", "30", "32",
                               "33", "34", "35", "36", "40a", "40", "41", "43")},
            {"21": 0, "23": 200000, "24": 20000, "25": 20000, "26": 1000000, "27": 249999,
             "28": 23000, "29": 0, "30": 0, "32": 249999, "33": 23000, "34": 1249999,
             "35": 23000, "36": 3000, "40a": 3000, "40": 3000, "41": 0, "43": 0})
        self.assertEqual((wizard.reduction_base, wizard.reduction_amount,
                          wizard.reduction_resolution), (99999, 2000, "204/2025/QH15"))
        self.assertEqual(wizard.form_circular, "89/2026/TT-BTC")  # period after 2026-07-01

    def test_indicators_as_the_form_prints_them(self):
        self._vat_dataset()
        wizard, _v = self._vat_return(period_type="monthly", month=11)
        values = {line.indicator: line.value for line in wizard.line_ids}
        self.assertEqual((values["21"], values["27"], values["33"]),
                         ("[ ]", "249,999", "23,000"), "a box, then whole đồng")
        empty, _v = self._vat_return(period_type="monthly", month=2)
        self.assertEqual({ln.indicator: ln.value for ln in empty.line_ids}["21"], "[x]")
        self.assertEqual(wizard.display_name, "VAT return 01/GTGT, month 11/2026")
        self.assertIn("has not been imported into HTKK or eTax", wizard.unverified_notice)
        self.assertIn("placeholders", wizard.unverified_notice, "form of 89/2026 unverified")

    def test_quarter_and_month_boundaries(self):
        self._vat_dataset()
        _wizard, december = self._vat_return(period_type="monthly", month=12)
        self.assertEqual((december["30"], december["31"], december["32"]), (200000, 10000, 0))
        _wizard, q4 = self._vat_return(period_type="quarterly", quarter=4,
                                       carried_forward=5000)
        self.assertEqual((q4["30"], q4["32"], q4["36"], q4["40"]),
                         (200000, 249999, 13000, 8000))

    def test_downloaded_xml_is_valid(self):
        self._vat_dataset()
        wizard, _v = self._vat_return(period_type="monthly", month=11)
        action = wizard.action_download_xml()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3]
                                                          .split("?")[0]))
        data = base64.b64decode(attachment.datas)
        self.assertEqual(gtgt_xml.validate_declaration(data), [])
        ns = {"t": gtgt_xml.NAMESPACE}
        root = etree.fromstring(data)
        self.assertEqual(root.findtext(".//t:HHDVBRaChiuTSuat10/t:ct33", namespaces=ns),
                         "23000")
        self.assertEqual(root.findtext(".//t:nguoiKy", namespaces=ns), self.env.user.name)

    def _sector(self, product, sector):
        category = self.env["product.category"].create({
            "name": sector, "l10n_vn_einvoice_household_sector": sector})
        product.categ_id = category

    def _household(self):
        wizard = self.env["l10n_vn_einvoice.report.household"].create({
            "company_id": self.company.id, "year": 2026, "date_to": "2026-12-31"})
        wizard.action_compute()
        return wizard

    def test_household_exactly_at_the_threshold_after_a_negative_adjustment(self):
        self._sector(self.product_a, "services")
        sale = self._move([(self.product_a, 1, 1100000000.0, self.tax_kct)], date="2026-03-10")
        self._refund(sale, "2026-04-02", self.product_a, price_unit=100000000.0)
        wizard = self._household()
        self.assertEqual((wizard.revenue, wizard.tier, wizard.vat, wizard.pit),
                         (1000000000, "notice", 0, 0))
        self.assertIn("01/TKN-CNKD", wizard.form)

    def test_household_just_above_the_threshold(self):
        """A household on the direct method: its invoice deducted the 20 % reduction
        (600 m × 5 % × 20 % + 500 m × 1 % × 20 % = 7 m), which the declaration states."""
        self.company.l10n_vn_einvoice_tax_method = "direct"
        self._sector(self.product_a, "services")
        self._sector(self.product_b, "distribution")
        move = self._move([(self.product_a, 1, 600000000.0, self.tax_kct),
                           (self.product_b, 1, 500000000.0, self.tax_kct)], date="2026-05-05")
        self.assertEqual((move.amount_total, move.l10n_vn_einvoice_document_id.vat_reduction),
                         (1093000000, 7000000))
        wizard = self._household()
        self.assertEqual((wizard.revenue, wizard.tier, wizard.form, wizard.frequency),
                         (1100000000, "revenue", "01/CNKD (01b)", "quarterly"))
        rows = {ln.sector: (ln.revenue, ln.vat, ln.vat_reduction, ln.pit_base, ln.pit)
                for ln in wizard.line_ids}
        self.assertEqual(rows, {
            "services": (600000000, 24000000, 6000000, 54545455, 1090909),
            "distribution": (500000000, 4000000, 1000000, 45454545, 227273)})
        self.assertEqual((wizard.vat, wizard.pit), (28000000, 1318182))

    def test_summary_table_cron_stops_when_its_time_is_up(self):
        """Two tables queued; Odoo's cron runner says "time is up" after the first: the
        second goes back to the queue untried (attempt taken back), the next run sends
        it."""
        sandbox = self.enterContext(running_sandbox())
        self.company.write({"l10n_vn_einvoice_provider_url": sandbox.url,
                            "l10n_vn_einvoice_symbol": self._uncoded_symbol_of_today()})
        self._move([(self.product_a, 1, 200000.0, self.tax10)], date="2026-10-20")
        self._move([(self.product_a, 2, 150000.0, self.tax10)])
        Table = self.env["l10n_vn_einvoice.summary_table"]
        tables = Table.create({"company_id": self.company.id, "year": 2026,
                               "period_number": 10})
        tables |= Table.create({"company_id": self.company.id, "year": 2026,
                                "period_number": 11})
        tables.action_queue()
        progress = run_cron(self, "l10n_vn_einvoice.ir_cron_summary_table", time_up_after=1)
        self.assertEqual((progress[0].done, progress[0].remaining), (1, 1))
        self.assertEqual(sorted(tables.mapped("state")), ["queued", "sent"])
        waiting = tables.filtered(lambda t: t.state == "queued")
        self.assertEqual((waiting.attempts, waiting.lease_until), (0, False))
        run_cron(self, "l10n_vn_einvoice.ir_cron_summary_table")
        self.assertEqual(tables.mapped("state"), ["sent", "sent"])
        self.assertEqual(tables.mapped("attempts"), [1, 1])

    def test_summary_table_sent_through_the_sandbox(self):
        sandbox = self.enterContext(running_sandbox())
        self.company.write({"l10n_vn_einvoice_provider_url": sandbox.url,
                            "l10n_vn_einvoice_symbol": self._uncoded_symbol_of_today()})
        self._move([(self.product_a, 2, 150000.0, self.tax10),
                    (self.product_b, 3, 33333.0, self.tax8)])
        self._move([(self.product_a, 1, 1000000.0, self.tax_kct)], date="2026-12-02")
        table = self.env["l10n_vn_einvoice.summary_table"].create({
            "company_id": self.company.id, "year": 2026, "period_number": 11})
        table.action_queue()
        self.assertEqual((table.state, table.row_count, table.amount_untaxed,
                          table.amount_tax, table.number), ("queued", 2, 399999, 38000, 1))
        self.env["l10n_vn_einvoice.summary_table"]._process_due()
        self.assertEqual(table.state, "sent", table.provider_message)
        self.assertTrue(table.provider_message.startswith("SBX"))
