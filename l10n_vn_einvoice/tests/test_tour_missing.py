"""Issue 22 §2: the "sales without e-invoice" screen in headless Chromium, as a Vietnamese
accountant opens it from the Reporting menu, showing an invoice a reopened door let
through (posted with a forged "book reversal" mark, no e-invoice)."""

from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import tagged

from .test_tour_invoice import VnTourCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourMissing(VnTourCommon):

    def test_sales_without_einvoice_screen(self):
        # the screen opens on the current Vietnam month: the invoice is of today there
        today = fields.Date.context_today(self.env.user.with_context(tz="Asia/Ho_Chi_Minh"))
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": today,
            "invoice_line_ids": [Command.create({"product_id": self.bread.id,
                                                "quantity": 2})]})
        move.sudo().l10n_vn_einvoice_correction_method = "reversal"
        with patch.object(type(move), "_l10n_vn_einvoice_is_book_reversal",
                          lambda m: m.l10n_vn_einvoice_correction_method == "reversal"):
            move.action_post()
        self.assertFalse(move.l10n_vn_einvoice_document_ids)
        self.start_tour("/odoo/action-account.open_account_journal_dashboard_kanban",
                        "l10n_vn_einvoice_missing", login=self.env.user.login, timeout=120)
        self.shots.assert_taken(self, "report_missing")
