"""Bad input at posting time: each case gets a clear error in English and Vietnamese and
leaves no half-written e-invoice (no document, no attachment, no number consumed)."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import VnEinvoiceCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestBadInput(VnEinvoiceCommon):

    def invoice(self, price=100000.0, partner=None, date="2026-11-20"):
        return self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": (partner or self.partner_a).id,
            "invoice_date": date,
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 1,
                                         "price_unit": price,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})]})

    def last_number(self):
        counter = self.env["l10n_vn_einvoice.sequence"].search(
            [("company_id", "=", self.company.id)])
        return sum(counter.mapped("last_number"))

    def assert_refused(self, move, pattern):
        """Posting fails with ``pattern`` in a bilingual message; nothing is left behind
        once the transaction is rolled back, as the user's request would be."""
        documents = self.env["l10n_vn_einvoice.document"].search_count([])
        attachments = self.env["ir.attachment"].search_count(
            [("res_model", "=", "l10n_vn_einvoice.document")])
        numbers = self.last_number()
        with self.assertRaisesRegex(UserError, pattern) as caught:
            with self.env.cr.savepoint():
                move.action_post()
        message = str(caught.exception)
        self.assertTrue(any(word in message for word in ("Hóa đơn", "hóa đơn", "không", "phải")),
                        f"a Vietnamese line: {message}")
        self.env.invalidate_all()
        self.assertEqual(self.env["l10n_vn_einvoice.document"].search_count([]), documents)
        self.assertEqual(self.env["ir.attachment"].search_count(
            [("res_model", "=", "l10n_vn_einvoice.document")]), attachments)
        self.assertEqual(self.last_number(), numbers, "no number consumed")
        self.assertEqual(move.state, "draft")

    def test_symbol_of_another_year(self):
        with self.assertRaisesRegex(ValidationError, "C25TAA"):
            self.company.l10n_vn_einvoice_symbol = "C25TAA"
        # the year rolled over: the symbol follows the invoice date, numbering restarts
        move = self.invoice(date="2027-01-05")
        move.action_post()
        doc = move.l10n_vn_einvoice_document_id
        self.assertEqual((doc.symbol, doc.number), ("C27TAA", 1))

    def test_nine_digit_invoice_number(self):
        self.invoice().action_post()
        self.env["l10n_vn_einvoice.sequence"].sudo().search(
            [("company_id", "=", self.company.id)]).last_number = 99999999
        self.assert_refused(self.invoice(), "SHDon")

    def test_buyer_name_over_the_legal_length(self):
        long_name = self.env["res.partner"].create({
            "name": "Công ty " + "Rất Dài " * 60, "vat": "0301234562",
            "street": "1 Lê Lợi", "country_id": self.env.ref("base.vn").id,
            "is_company": True})
        self.assert_refused(self.invoice(partner=long_name), "Ten")

    def test_control_characters_are_refused(self):
        garbled = self.env["res.partner"].create({
            "name": "Khách\x0bhàng\x1f lỗi mã", "vat": "0301234562",
            "street": "1 Lê Lợi", "country_id": self.env.ref("base.vn").id,
            "is_company": True})
        self.assert_refused(self.invoice(partner=garbled),
                            "the name is not valid: Ten contains control characters")

    def test_negative_invoice_total(self):
        # refused by Odoo itself before any e-invoice work (a credit note is the way)
        move = self.invoice(price=-100000.0)
        with self.assertRaisesRegex(UserError, "negative total"):
            move.action_post()
        self.assertFalse(self.env["l10n_vn_einvoice.document"].search(
            [("move_id", "=", move.id)]))

