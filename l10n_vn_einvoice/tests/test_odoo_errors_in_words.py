"""Errors a person can act on (issue 12 §3): posting errors (the registers': the POS
bridge) name the record and the field in words, say how to fix it and, in the back office,
offer a button opening the record; the XPath is only the last "technical detail" line.
A partner's MST is checked as soon as the company is Vietnamese, even before the partner
has a country."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.einvoice_problem_words import FixableError
from .common import VnEinvoiceCommon

WRONG_MST = "0100109107"  # check digit wrong (0100109106 is valid)


class WordsCommon(VnEinvoiceCommon):

    def invoice(self, partner):
        return self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-11-20",
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 1,
                                         "price_unit": 100000.0,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})]})

    def legacy_wrong_mst(self, partner):
        """An MST saved before the check existed (or imported past it)."""
        self.env.cr.execute("UPDATE res_partner SET vat = %s WHERE id = %s",
                            [WRONG_MST, partner.id])
        partner.invalidate_recordset(["vat"])


@tagged("post_install", "-at_install", "post_install_l10n")
class TestErrorsInWords(WordsCommon):

    def test_partner_without_country_is_checked_in_a_vietnamese_company(self):
        with self.assertRaisesRegex(ValidationError, f"Khách Lạ: tax code \\(MST\\) {WRONG_MST} "
                                                     "is not valid: check digit"):
            self.env["res.partner"].create({"name": "Khách Lạ", "vat": WRONG_MST})
        foreign = self.env["res.partner"].create({
            "name": "Foreign GmbH", "vat": "DE123456789",
            "country_id": self.env.ref("base.de").id})
        self.assertEqual(foreign.vat, "DE123456789", "a foreign VAT number is not an MST")

    def test_wrong_customer_mst_names_the_customer_and_opens_it(self):
        self.legacy_wrong_mst(self.partner_a)
        move = self.invoice(self.partner_a)
        with self.assertRaises(FixableError) as caught:
            move.action_post()
        message, action, button = caught.exception.args[:3]
        lines = message.splitlines()
        self.assertEqual(lines[0], "Customer Công ty TNHH Khách Hàng: the tax code (MST) is not "
                                   f"valid: check digit of tax code '{WRONG_MST}' is wrong. "
                                   "Correct it on the customer.")
        self.assertEqual(lines[1], "Khách hàng Công ty TNHH Khách Hàng: mã số thuế (MST) không "
                                   f"hợp lệ: chữ số kiểm tra của mã số thuế '{WRONG_MST}' không "
                                   "đúng. Hãy sửa trên thông tin khách hàng.")
        self.assertEqual(lines[2], "Technical detail: /HDon/DLHDon/NDHDon/NMua/MST "
                                   "(mst.checksum)")
        self.assertEqual((action["res_model"], action["res_id"]),
                         ("res.partner", self.partner_a.id))
        self.assertEqual(button, "Open the customer")
        self.assertIsInstance(caught.exception, UserError, "callers catching UserError still do")
        self.assertEqual(caught.exception.context["exception_class"],
                         "odoo.exceptions.RedirectWarning")

    def test_vietnamese_user_reads_vietnamese_only(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.legacy_wrong_mst(self.partner_a)
        move = self.invoice(self.partner_a).with_context(lang="vi_VN")
        with self.assertRaises(FixableError) as caught:
            move.action_post()
        message = str(caught.exception)
        self.assertTrue(message.startswith("Khách hàng Công ty TNHH Khách Hàng: mã số thuế"),
                        message)
        self.assertNotIn("Customer", message)
        self.assertIn("Chi tiết kỹ thuật: /HDon/DLHDon/NDHDon/NMua/MST", message)

    def test_too_long_name_is_said_as_a_length(self):
        long_name = self.env["res.partner"].create({
            "name": "Công ty " + "Rất Dài " * 60, "vat": "0301234562",
            "street": "1 Lê Lợi", "country_id": self.env.ref("base.vn").id,
            "is_company": True})
        with self.assertRaises(FixableError) as caught:
            self.invoice(long_name).action_post()
        self.assertIn("the name is not valid: it is 488 characters long, at most 400 are "
                      "allowed. Correct it on the customer.", str(caught.exception))

    def test_company_configuration_opens_the_settings(self):
        self.env.cr.execute("UPDATE res_partner SET vat = %s WHERE id = %s",
                            [WRONG_MST, self.company.partner_id.id])
        self.company.invalidate_recordset(["vat"])
        self.company.partner_id.invalidate_recordset(["vat"])
        with self.assertRaises(FixableError) as caught:
            self.invoice(self.partner_a).action_post()
        message, action = caught.exception.args[:2]
        self.assertTrue(message.startswith("Your company Công ty TNHH Thử Nghiệm: the tax code "
                                           "(MST) is not valid"), message)
        self.assertEqual(action["res_model"], "res.config.settings")
