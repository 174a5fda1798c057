"""A buyer with a tax code is named and located on its invoice (issue 26 §4): a POS order
that reaches the server without them is completed from the one contact with that tax
code, or kept without an e-invoice until a user types them; a customer invoice whose
customer lacks them is refused before it is numbered."""

import datetime

from lxml import etree

from odoo.addons.l10n_vn_einvoice.standard.xmldsig import VN_TZ
from odoo.addons.l10n_vn_einvoice.tests.common import BUYER_MST
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .pos_common import VnPosCommon

# A valid MST no contact of the test company has (Viettel's).
UNKNOWN_MST = "0100109106"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosBuyerData(VnPosCommon):

    def setUp(self):
        super().setUp()
        self.session = self.open_session(self.config_a)
        year = datetime.datetime.now(VN_TZ).year
        self.codes = self.codes_of(self.config_a.l10n_vn_einvoice_reserve_block(year))
        self.assertFalse(self.env["res.partner"].search([("vat", "ilike", UNKNOWN_MST)]))

    def held(self, **buyer):
        order = self.sync(self.order_data(self.session, code=self.codes[0], **buyer))
        self.assertEqual(order.state, "paid", "the sale is never lost")
        self.assertFalse(order.l10n_vn_einvoice_document_id,
                         "never an invoice with a tax code and no name or address")
        self.assertTrue(order.l10n_vn_einvoice_buyer_missing)
        return order

    def test_offline_order_without_name_waits_for_the_buyer_data(self):
        order = self.held(l10n_vn_einvoice_buyer_tax_code=UNKNOWN_MST)
        self.assertIn("without the buyer's name and address", order.message_ids[0].body)
        self.assertIn("không kèm tên và địa chỉ người mua", order.message_ids[0].body)
        self.assertIn(order, self.env["pos.order"].search(
            [("l10n_vn_einvoice_buyer_missing", "=", True)]), "the list can show them")
        with self.assertRaisesRegex(UserError, f"{order.name}: type the buyer's name and "
                                               "address on the E-invoice tab"):
            order.action_l10n_vn_einvoice_issue_held()
        order.write({"l10n_vn_einvoice_buyer_company_name": "Công ty Viễn Thông",
                     "l10n_vn_einvoice_buyer_address": "Việt Nam"})
        with self.assertRaisesRegex(UserError, "type the buyer's address"):
            order.action_l10n_vn_einvoice_issue_held()
        order.l10n_vn_einvoice_buyer_address = "1 Trần Hữu Dực, Hà Nội"
        order.action_l10n_vn_einvoice_issue_held()
        doc = order.l10n_vn_einvoice_document_id
        self.assertEqual((doc.buyer_name, doc.buyer_tax_code, doc.buyer_address,
                          doc.tax_authority_code, doc.state),
                         ("Công ty Viễn Thông", UNKNOWN_MST, "1 Trần Hữu Dực, Hà Nội",
                          self.codes[0], "ready"), "the code the register printed")
        self.assertFalse(order.l10n_vn_einvoice_buyer_missing)
        buyer = etree.fromstring(doc._l10n_vn_einvoice_xml()).find("DLHDon/NDHDon/NMua")
        self.assertEqual(buyer.findtext("Ten"), "Công ty Viễn Thông")
        with self.assertRaisesRegex(UserError, "not waiting for the buyer's data"):
            order.action_l10n_vn_einvoice_issue_held()
        self.assertEqual(len(self.env["l10n_vn_einvoice.document"].search(
            [("pos_order_id", "=", order.id)])), 1)

    def test_name_without_address_waits_too(self):
        order = self.held(l10n_vn_einvoice_buyer_tax_code=UNKNOWN_MST,
                          l10n_vn_einvoice_buyer_name="Nguyễn Văn A")
        self.assertIn("without the buyer's address", order.message_ids[0].body)

    def test_customer_with_tax_code_and_no_address_waits(self):
        customer = self.env["res.partner"].create({
            "name": "Công ty Chưa Địa Chỉ", "vat": UNKNOWN_MST, "is_company": True,
            "country_id": self.env.ref("base.vn").id})
        self.held(partner=customer)

    def test_completed_from_the_one_contact_with_that_tax_code(self):
        order = self.sync(self.order_data(self.session, code=self.codes[0],
                                          l10n_vn_einvoice_buyer_tax_code=BUYER_MST))
        doc = order.l10n_vn_einvoice_document_id
        self.assertEqual((doc.buyer_name, doc.buyer_tax_code),
                         (self.partner_a.name, BUYER_MST))
        self.assertTrue(doc.buyer_address.startswith("12 Nguyễn Huệ"), doc.buyer_address)
        self.assertFalse(order.l10n_vn_einvoice_buyer_missing)
        self.assertIn(f"completed from the contact {self.partner_a.name}",
                      order.message_ids.mapped("body")[0])

    def test_two_contacts_with_that_tax_code_are_not_guessed_between(self):
        self.env["res.partner"].create({
            "name": "Công ty Trùng Mã", "vat": BUYER_MST, "is_company": True,
            "street": "9 Hai Bà Trưng", "country_id": self.env.ref("base.vn").id})
        self.held(l10n_vn_einvoice_buyer_tax_code=BUYER_MST)

    def test_buyer_without_tax_code_needs_no_address(self):
        order = self.sync(self.order_data(self.session, code=self.codes[0],
                                          l10n_vn_einvoice_buyer_name="Nguyễn Văn A"))
        self.assertTrue(order.l10n_vn_einvoice_document_id)
        self.assertFalse(order.l10n_vn_einvoice_buyer_missing)

    def test_only_an_einvoice_user_issues_and_nobody_clears_the_mark(self):
        order = self.held(l10n_vn_einvoice_buyer_tax_code=UNKNOWN_MST)
        cashier = new_test_user(self.env, "vn_pos_buyer_cashier",
                                groups="point_of_sale.group_pos_user",
                                company_id=self.company.id)
        with self.assertRaises(AccessError):
            order.with_user(cashier).write({"l10n_vn_einvoice_buyer_missing": False})
        with self.assertRaises(AccessError):
            order.with_user(cashier).action_l10n_vn_einvoice_issue_held()
        self.assertTrue(order.l10n_vn_einvoice_buyer_missing)
        self.assertFalse(order.l10n_vn_einvoice_document_id)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestInvoiceBuyerData(VnPosCommon):

    def invoice(self, partner):
        return self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id,
            "invoice_date": datetime.datetime.now(VN_TZ).date(),
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 1,
                                         "price_unit": 100000,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})]})

    def test_customer_with_tax_code_and_no_address_is_refused_before_numbering(self):
        customer = self.env["res.partner"].create({
            "name": "Công ty Chưa Địa Chỉ", "vat": UNKNOWN_MST, "is_company": True,
            "country_id": self.env.ref("base.vn").id})
        move = self.invoice(customer)
        with self.assertRaises(UserError) as caught:
            move.action_post()
        message = str(caught.exception)
        self.assertIn(f"{move.display_name} cannot be confirmed: the customer Công ty Chưa "
                      f"Địa Chỉ has a tax code (MST {UNKNOWN_MST}) but no address", message)
        self.assertIn("Fill in the customer's address", message)
        self.assertIn("nhưng thiếu địa chỉ người mua", message)
        self.assertEqual(move.state, "draft")
        self.assertFalse(move.l10n_vn_einvoice_document_ids)
        customer.write({"street": "1 Trần Hữu Dực", "city": "Hà Nội"})
        move.action_post()
        self.assertEqual(move.l10n_vn_einvoice_document_id.buyer_address,
                         "1 Trần Hữu Dực, Hà Nội, Việt Nam")

    def test_customer_without_tax_code_needs_no_address(self):
        customer = self.env["res.partner"].create({"name": "Khách Lẻ"})
        move = self.invoice(customer)
        move.action_post()
        self.assertTrue(move.l10n_vn_einvoice_document_id)
