"""The invoice in the buyer's name through Odoo's two screens, in headless Chromium: the
ticket page reached from the receipt's QR (logged out, a wrong then a right tax code) and
the POS order's *Invoice* button in the back office.  Afterwards, on the server: one
replacement, in the buyer's name, accepted by the sandbox and e-mailed."""

from odoo.addons.l10n_vn_einvoice.standard import validate
from odoo.tests import HttpCase, tagged

from .test_odoo_pos_buyer_request import BuyerRequestCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPosTicket(BuyerRequestCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.pos_session = self.open_session(self.config_a)
        self.order = self.sale(self.pos_session)
        self.original = self.order.l10n_vn_einvoice_document_id

    def assert_replaced_for(self, tax_code, email):
        self.env.invalidate_all()
        doc = self.order.l10n_vn_einvoice_live_document_id
        self.assertEqual((doc.corrected_document_id, doc.buyer_tax_code, doc.buyer_email,
                          self.original.state), (self.original, tax_code, email, "replaced"))
        self.assertEqual(validate.validate_invoice_xml(doc._l10n_vn_einvoice_xml()), [])
        self.transmit()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertTrue(doc.email_pending or doc.email_queued_at)
        self.assertEqual(self.sandbox.sandbox.count(), 2)
        self.assertEqual(self.env["l10n_vn_einvoice.document"].search_count(
            [("pos_order_id", "=", self.order.id)]), 2)
        return doc

    def test_ticket_page_logged_out(self):
        self.start_tour(f"/pos/ticket/validate?access_token={self.order.access_token}",
                        "l10n_vn_einvoice_pos_ticket_request", timeout=120)
        doc = self.assert_replaced_for("0100109106", "ketoan@dattiec.example")
        request = self.env["l10n_vn_einvoice.buyer_request"].search([])
        self.assertEqual((request.channel, request.document_id), ("ticket", doc))

    def test_invoice_button_in_the_back_office(self):
        self.env.user.group_ids |= self.env.ref("account.group_account_invoice")
        self.start_tour(f"/odoo/pos-orders/{self.order.id}",
                        "l10n_vn_einvoice_pos_order_invoice", login=self.env.user.login,
                        timeout=120)
        self.assert_replaced_for("0301234562", "ketoan@khachhang.example")
