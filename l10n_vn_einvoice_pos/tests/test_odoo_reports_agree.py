"""One period through every report: the e-invoice list, the sales register (Bảng kê), the
tax summary and 01/GTGT agree to the đồng, count documents (not rate lines), show the
replaced and voided documents apart and never add them in; every PDF names the company
and its tax code.

November 2026 (by hand):
  M  three rates: 2 × 150 000 at 10 %, 3 × 33 333 at 8 %, 1 × 200 000 at 5 %
     → 599 999 + 48 000 (30 000 + 8 000 (7 999.92) + 10 000)
  R0 1 000 000 at 10 %, replaced by R1: 900 000 + 90 000 (R0 apart: 1 100 000)
  V  500 000 at 10 %, voided before transmission (apart: 550 000)
  P  a POS sale (two products, 10 % and 8 %), booked when the session closes
"""

import io

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.addons.l10n_vn_einvoice.tests.common import SELLER_MST
from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox
from odoo.tests import tagged

from .pos_common import VnPosCommon

PERIOD = ("2026-11-01", "2026-11-30")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestReportsAgree(VnPosCommon):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def transmit(self):
        for _round in range(3):
            self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.env.invalidate_all()

    def invoice(self, lines):
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [Command.create({
                "product_id": self.product_a.id, "quantity": qty, "price_unit": price,
                "tax_ids": [Command.set(tax.ids)]}) for qty, price, tax in lines]})
        move.action_post()
        return move.l10n_vn_einvoice_document_id

    def replace(self, original, price):
        wizard = self.env["l10n_vn_einvoice.correction.wizard"].with_context(
            active_ids=original.ids).create({
                "method": "replacement", "date": "2026-11-21", "cause_code": "13",
                "agreement_name": "Biên bản thỏa thuận 01/2026",
                "agreement_date": "2026-11-21"})
        move = self.env["account.move"].browse(wizard.action_prepare()["res_id"])
        move.invoice_line_ids.price_unit = price
        move.action_post()
        return move.l10n_vn_einvoice_document_id

    def make_period(self):
        with freeze_time("2026-11-20 03:00:00"):
            multi = self.invoice([(2, 150000.0, self.tax10), (3, 33333.0, self.tax8),
                                  (1, 200000.0, self.tax5)])
            replaced = self.invoice([(1, 1000000.0, self.tax10)])
            session = self.open_session(self.config_a)
            order = self.sync(self.order_data(session, self.pos_products[:2]))
            self.transmit()
        with freeze_time("2026-11-21 03:00:00"):
            replacement = self.replace(replaced, 900000.0)
            self.transmit()
            voided = self.invoice([(1, 500000.0, self.tax10)])
            self.env["l10n_vn_einvoice.void.wizard"].with_context(
                active_ids=voided.ids).create({"reason": "Lập nhầm khách hàng"}).action_void()
            session.close_session_from_ui()
        self.assertEqual(
            [doc.state for doc in (multi, replaced, replacement, voided)],
            ["accepted", "replaced", "accepted", "voided"])
        self.assertEqual(session.state, "closed")
        return multi, replaced, replacement, voided, order

    def test_list_register_summary_and_return_agree(self):
        multi, replaced, replacement, voided, order = self.make_period()
        self.assertEqual(len(multi.line_ids), 3, "three rate lines, one document")
        self.assertEqual(replacement.corrected_document_id, replaced)
        pos_untaxed = order.amount_total - order.amount_tax
        untaxed = 599999 + 900000 + pos_untaxed
        vat = 48000 + 90000 + order.amount_tax
        period = {"company_id": self.company.id, "date_from": PERIOD[0],
                  "date_to": PERIOD[1]}
        domain = [("company_id", "=", self.company.id), ("issue_date", ">=", PERIOD[0]),
                  ("issue_date", "<=", PERIOD[1]), ("state", "!=", "draft")]
        Document = self.env["l10n_vn_einvoice.document"]

        # the e-invoice list: its grouped sums (read_group) and its default aggregates
        groups = {category: (count, base, tax, total) for category, count, base, tax, total
                  in Document._read_group(domain, ["report_category"], [
                      "__count", "counted_amount_untaxed:sum", "counted_amount_tax:sum",
                      "counted_amount_total:sum"])}
        self.assertEqual(groups["counted"], (3, untaxed, vat, untaxed + vat))
        self.assertEqual(groups["replaced"], (1, 0, 0, 0))
        self.assertEqual(groups["voided"], (1, 0, 0, 0))
        aggregated = Document.formatted_read_group(
            domain, [], ["amount_total:sum", "counted_amount_total:sum"])[0]
        self.assertEqual(aggregated["counted_amount_total:sum"], untaxed + vat)
        self.assertIsNone(Document._fields["amount_total"].aggregator,
                          "a grouped list cannot add replaced and voided amounts")
        self.assertEqual(replaced.amount_total + voided.amount_total, 1100000 + 550000)

        # the sales register
        register = self.env["l10n_vn_einvoice.report.sales_register"].create(period)
        self.assertEqual(register._totals(), {"count": 3, "amount_untaxed": untaxed,
                                              "vat": vat, "amount_total": untaxed + vat})
        self.assertEqual(sorted(row[11] for row in register._split()[1]),
                         ["replaced", "voided"])
        self.assertEqual(register.action_show()["context"]["group_by"], ["report_category"])

        # the tax summary
        summary = self.env["l10n_vn_einvoice.report.tax_summary"].create(period)
        summary.action_compute()
        self.assertEqual((summary.document_count, summary.amount_untaxed, summary.vat,
                          summary.amount_total, summary.difference_count),
                         (3, untaxed, vat, untaxed + vat, 0))
        self.assertEqual((summary.replaced_count, summary.replaced_amount_total,
                          summary.voided_count, summary.voided_amount_total),
                         (1, 1100000, 1, 550000))

        # 01/GTGT, from the accounting entries
        vat_return = self.env["l10n_vn_einvoice.report.vat_return"].create({
            "company_id": self.company.id, "year": 2026, "period_type": "monthly",
            "month": 11})
        vat_return.action_compute()
        figures = {line.indicator: line.amount for line in vat_return.line_ids}
        self.assertEqual((figures["34"], figures["35"]), (untaxed, vat))

        # the printed and exported forms say the same, with the company named
        html = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_vn_einvoice.action_report_tax_summary", summary.ids)[0].decode()
        self.assertIn('o_l10n_vn_einvoice_document_count">3<', html)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_vn_einvoice.action_report_sales_register", register.ids)[0].decode()
        total_row = html[html.index("o_l10n_vn_einvoice_register_total"):]
        self.assertIn(f"{untaxed + vat:,.0f}", total_row[:total_row.index("</tr>")])
        self.assertIn("o_l10n_vn_einvoice_register_apart", html)
        action = register.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0]))
        rows = [[cell.value for cell in row]
                for row in load_workbook(io.BytesIO(attachment.raw)).active.iter_rows()]
        total_index = next(i for i, row in enumerate(rows) if row[0] == "Tổng cộng / Total")
        self.assertEqual(total_index - 6, 3, "three counted rows above the total")
        self.assertEqual(len(rows) - total_index - 3, 2, "two rows apart below it")

    def test_every_printed_report_names_the_company_and_its_tax_code(self):
        period = {"company_id": self.company.id, "date_from": PERIOD[0],
                  "date_to": PERIOD[1]}
        summary = self.env["l10n_vn_einvoice.report.tax_summary"].create(period)
        summary.action_compute()
        reports = {
            "l10n_vn_einvoice.action_report_tax_summary": summary,
            "l10n_vn_einvoice.action_report_sales_register":
                self.env["l10n_vn_einvoice.report.sales_register"].create(period),
            "l10n_vn_einvoice.action_report_reconciliation":
                self.env["l10n_vn_einvoice.report.reconciliation"].create(period),
        }
        for report, record in reports.items():
            with self.subTest(report=report):
                html = self.env["ir.actions.report"]._render_qweb_html(
                    report, record.ids)[0].decode()
                taxpayer = html[html.index("o_l10n_vn_einvoice_taxpayer"):]
                taxpayer = taxpayer[:taxpayer.index("</p>")]
                self.assertIn("Công ty TNHH Thử Nghiệm", taxpayer)
                self.assertIn(SELLER_MST, taxpayer)
