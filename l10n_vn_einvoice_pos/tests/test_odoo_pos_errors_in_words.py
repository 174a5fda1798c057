"""Errors a person can act on (issue 12 §3) at the register: the order's note names the
customer whose MST is wrong and says how to fix it."""

from odoo.addons.l10n_vn_einvoice.tests.test_odoo_errors_in_words import WRONG_MST
from odoo.tests import tagged

from .pos_common import VnPosCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosErrorsInWords(VnPosCommon):

    def test_pos_order_note_names_the_customer(self):
        customer = self.env["res.partner"].create({
            "name": "Công ty Mua Hàng", "vat": "0301234562",
            "country_id": self.env.ref("base.vn").id})
        self.env.cr.execute("UPDATE res_partner SET vat = %s WHERE id = %s",
                            [WRONG_MST, customer.id])
        customer.invalidate_recordset(["vat"])
        session = self.open_session(self.config_a)
        order = self.sync(self.order_data(session, partner=customer))
        self.assertFalse(order.l10n_vn_einvoice_document_id)
        body = order.message_ids[:1].body
        self.assertIn("Customer Công ty Mua Hàng: the tax code (MST) is not valid", body)
        self.assertIn("Correct it on the customer.", body)
