"""Tax summary, sales register and reconciliation on a known dataset.

Dataset (expected figures by hand):
  A  2026-11-20  2 × 150 000 at 10 %  → 300 000 + 30 000
                 3 × 33 333 at 8 %    →  99 999 +  8 000 (7 999.92 rounded)
  B  2026-11-20  1 × 1 000 000 KCT    → 1 000 000 + 0
  C  2026-11-21  adjustment of A: −(3 × 150 000 at 10 %) = −150 000 − 15 000... see below
  D  2026-11-25  100 USD at 10 %, 1 USD = 25 000 VND → 2 500 000 + 250 000 VND
  E  2026-12-01  1 × 200 000 at 5 %, outside November
C is a credit note of 1 × 150 000 at 10 %: −150 000 and −15 000.
November per rate: 8 % 99 999 / 8 000 (1 e-invoice); 10 % 300 000 − 150 000 + 2 500 000 =
2 650 000 / 30 000 − 15 000 + 250 000 = 265 000 (3); KCT 1 000 000 / 0 (1).
"""

import io

from openpyxl import load_workbook

from odoo import Command
from odoo.tests import tagged

from .common import SELLER_MST, VnEinvoiceCommon

NOVEMBER = ("2026-11-01", "2026-11-30")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestReportsTaxSummary(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.setup_other_currency("USD", rates=[("2026-01-01", 0.00004)])
        cls.move_a = cls._invoice([(cls.product_a, 2, 150000.0, cls.tax10),
                                   (cls.product_b, 3, 33333.0, cls.tax8)])
        cls._invoice([(cls.product_a, 1, 1000000.0, cls.tax_kct)])
        # Only an invoice the tax authority received can be adjusted.
        cls.move_a.l10n_vn_einvoice_document_id._l10n_vn_einvoice_set_outcome(
            {"state": "accepted"})
        reversal = cls.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=cls.move_a.ids).create({
                "reason": "Trả lại hàng", "journal_id": cls.move_a.journal_id.id,
                "date": "2026-11-21"})
        refund = cls.env["account.move"].browse(reversal.refund_moves()["res_id"])
        line8 = refund.invoice_line_ids.filtered(lambda ln: ln.tax_ids == cls.tax8)
        line10 = refund.invoice_line_ids - line8
        refund.write({"invoice_date": "2026-11-21", "invoice_line_ids": [
            Command.delete(line8.id), Command.update(line10.id, {"quantity": 1})]})
        refund.action_post()
        cls.refund = refund
        cls._invoice([(cls.product_a, 1, 100.0, cls.tax10)], invoice_date="2026-11-25",
                     currency_id=cls.usd.id)
        cls._invoice([(cls.product_a, 1, 200000.0, cls.tax5)], invoice_date="2026-12-01")

    @classmethod
    def _invoice(cls, lines, invoice_date="2026-11-20", **kw):
        move = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.partner_a.id,
            "invoice_date": invoice_date,
            "invoice_line_ids": [Command.create({
                "product_id": p.id, "quantity": q, "price_unit": pr,
                "tax_ids": [Command.set(t.ids)]}) for p, q, pr, t in lines],
            **kw,
        })
        move.action_post()
        return move

    def _summary(self, start, end):
        summary = self.env["l10n_vn_einvoice.report.tax_summary"].create({
            "company_id": self.company.id, "date_from": start, "date_to": end})
        summary.action_compute()
        return summary

    def test_document_lines_are_the_rate_groups_of_the_xml(self):
        doc = self.move_a.l10n_vn_einvoice_document_id
        self.assertEqual([(ln.vat_rate, ln.amount_untaxed, ln.vat) for ln in doc.line_ids],
                         [("8%", 99999, 8000), ("10%", 300000, 30000)])
        self.assertEqual(sum(doc.line_ids.mapped("amount_total")), doc.amount_total)
        refund_doc = self.refund.l10n_vn_einvoice_document_id
        self.assertEqual([(ln.vat_rate, ln.amount_untaxed, ln.vat) for ln in refund_doc.line_ids],
                         [("10%", -150000, -15000)])

    def test_tax_summary_per_rate_with_adjustment_and_foreign_currency(self):
        summary = self._summary(*NOVEMBER)
        rows = [(ln.vat_rate, ln.document_count, ln.amount_untaxed, ln.vat, ln.amount_total)
                for ln in summary.line_ids]
        self.assertEqual(rows, [("8%", 1, 99999, 8000, 107999),
                                ("10%", 3, 2650000, 265000, 2915000),
                                ("KCT", 1, 1000000, 0, 1000000)])
        # AC-05: the totals are the sum of the lines
        self.assertEqual((summary.amount_untaxed, summary.vat, summary.amount_total),
                         (3749999, 273000, 4022999))
        self.assertEqual(summary.document_count, 4, "A has two rates: one document")

    def test_tax_summary_reconciles_with_l10n_vn_tax_tags(self):
        summary = self._summary(*NOVEMBER)
        booked = [(ln.vat_rate, ln.booked_amount_untaxed, ln.booked_vat) for ln in summary.line_ids]
        self.assertEqual(booked, [("8%", 99999, 8000), ("10%", 2650000, 265000),
                                  ("KCT", 1000000, 0)])
        self.assertEqual(summary.difference_count, 0)

    def test_difference_is_listed_when_accounting_has_more(self):
        # A journal entry with the 5 % sales tags in November but no e-invoice.
        self.env["account.move"].create({
            "move_type": "entry", "date": "2026-11-15", "line_ids": [
                Command.create({"name": "VAT 5%", "account_id":
                                self.company_data["default_account_revenue"].id,
                                "credit": 100000.0, "tax_ids": [Command.set(self.tax5.ids)]}),
                Command.create({"name": "Counterpart", "account_id":
                                self.company_data["default_account_receivable"].id,
                                "debit": 105000.0}),
            ]}).action_post()
        summary = self._summary(*NOVEMBER)
        line5 = summary.line_ids.filtered(lambda ln: ln.vat_rate == "5%")
        self.assertEqual((line5.document_count, line5.amount_untaxed, line5.booked_amount_untaxed,
                          line5.booked_vat, line5.difference_vat), (0, 0, 100000, 5000, -5000))
        self.assertTrue(line5.has_difference)
        self.assertEqual(summary.difference_count, 1)

    def test_period_boundaries(self):
        december = self._summary("2026-12-01", "2026-12-01")
        self.assertEqual([(ln.vat_rate, ln.amount_untaxed, ln.vat) for ln in december.line_ids],
                         [("5%", 200000, 10000)])
        self.assertFalse(self._summary("2026-11-22", "2026-11-24").line_ids)

    def test_replaced_documents_do_not_count(self):
        doc = self.move_a.l10n_vn_einvoice_document_id
        doc._l10n_vn_einvoice_set_outcome({"state": "replaced"})
        rows = {ln.vat_rate: ln.amount_untaxed for ln in self._summary(*NOVEMBER).line_ids}
        self.assertEqual(rows["10%"], 2350000)  # 2 650 000 − 300 000
        self.assertEqual(rows.get("8%", 0), 0)

    def test_xlsx_export_is_a_workbook(self):
        action = self._summary(*NOVEMBER).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3]
                                                          .split("?")[0]))
        sheet = load_workbook(io.BytesIO(attachment.raw)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual([row[0] for row in rows[:4]], [
            "Tax summary / Tổng hợp thuế GTGT",
            "Người nộp thuế / Taxpayer: Công ty TNHH Thử Nghiệm",
            f"Mã số thuế / Tax code: {SELLER_MST}",
            "Kỳ / Period: 11/01/2026 – 11/30/2026"])
        self.assertEqual(rows[5][:3], ["VAT rate", "E-invoices", "Amount before VAT"])
        self.assertIn(2650000, [row[2] for row in rows])
        self.assertEqual(rows[-1][0], "Tổng cộng / Total")
        self.assertEqual(rows[-1][2], f"=SUM(C7:C{len(rows) - 1})")

    def test_reports_are_named_by_their_period(self):
        summary = self._summary(*NOVEMBER)
        self.assertEqual(summary.display_name, "Tax summary 11/01/2026 – 11/30/2026")
        self.env["res.lang"]._activate_lang("vi_VN")
        self.assertEqual(summary.with_context(lang="vi_VN").display_name.split(" ")[-3:],
                         ["01/11/2026", "–", "30/11/2026"], "the user's date format")
        register = self.env["l10n_vn_einvoice.report.sales_register"].create({
            "company_id": self.company.id, "date_from": NOVEMBER[0], "date_to": NOVEMBER[1]})
        self.assertEqual(register.action_show()["name"],
                         "Register of issued e-invoices 11/01/2026 – 11/30/2026")
        self.assertEqual(self.env.ref("l10n_vn_einvoice.action_report_sales_register_wizard")
                         .target, "current", "a page, like the other reports")

    def test_pdf_renders_the_figures(self):
        summary = self._summary(*NOVEMBER)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_vn_einvoice.action_report_tax_summary", summary.ids)[0].decode()
        self.assertIn("2.650.000", html.replace(",", "."))

    def test_sales_register_lists_corrections_with_their_originals(self):
        register = self.env["l10n_vn_einvoice.report.sales_register"].create({
            "company_id": self.company.id, "date_from": NOVEMBER[0], "date_to": NOVEMBER[1]})
        rows = register._rows()
        self.assertEqual(len(rows), 4)
        original = self.move_a.l10n_vn_einvoice_document_id
        adjustment = [r for r in rows if r[13] == "adjustment"]
        self.assertEqual(len(adjustment), 1)
        self.assertEqual(adjustment[0][14], f"{original.form}{original.symbol}-{original.number}")
        self.assertEqual(float(adjustment[0][10]), -165000)
        action = register.action_show()
        self.assertEqual(self.env["l10n_vn_einvoice.document"].search_count(action["domain"]), 4)

    def test_reconciliation_lists_pending_and_mismatched(self):
        recon = self.env["l10n_vn_einvoice.report.reconciliation"].create({
            "company_id": self.company.id, "date_from": NOVEMBER[0], "date_to": NOVEMBER[1]})
        recon.action_compute()
        # B, the adjustment and D wait for the worker; A is adjusted (answered)
        self.assertEqual(set(recon.line_ids.mapped("category")), {"pending"})
        self.assertEqual(len(recon.line_ids), 3)
        doc = self.move_a.l10n_vn_einvoice_document_id
        self.env.cr.execute("UPDATE l10n_vn_einvoice_document SET amount_total = 1 WHERE id = %s",
                            (doc.id,))
        recon.action_compute()
        mismatch = recon.line_ids.filtered(lambda ln: ln.category == "mismatch")
        self.assertEqual((mismatch.document_id, mismatch.move_id), (doc, self.move_a))
