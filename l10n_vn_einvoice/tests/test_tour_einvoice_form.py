"""The e-invoice list and form in the back office, in headless Chromium: an accepted
e-invoice opens from the list and shows what was issued (a client error fails it)."""

from odoo.tests import HttpCase, tagged

from .common import VnEinvoiceCommon
from .sandbox_server import running_sandbox


@tagged("post_install", "-at_install", "post_install_l10n")
class TestEinvoiceFormTour(VnEinvoiceCommon, HttpCase):

    def test_accepted_einvoice_opens_from_the_list(self):
        sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = sandbox.url
        self.env.user.group_ids |= self.env.ref("l10n_vn_einvoice.group_manager")
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 2,
                                         "price_unit": 150000,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})]})
        move.action_post()
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        doc = move.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.start_tour("/odoo/action-l10n_vn_einvoice.action_einvoice_documents",
                        "l10n_vn_einvoice_document_form", login=self.env.user.login,
                        timeout=120)
