"""The background worker writes in the company's language (issue 26 §7): the cron runs
as a technical user in English, but the chatter it writes on an e-invoice — the exchange
notes, the state change, the alert to the manager — is read by the company's people."""

from odoo import SUPERUSER_ID
from odoo.tests import tagged

from .common import VnEinvoiceCommon
from .sandbox_server import running_sandbox

MODULE = "l10n_vn_einvoice"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestWorkerLanguage(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["vi_VN"], overwrite=True)

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def issue_and_transmit(self, company_lang):
        self.company.partner_id.lang = company_lang
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 1,
                                         "price_unit": 150000,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})]})
        move.action_post()
        self.env.cr.flush()  # the posting's transaction commits
        # the cron's user, in English
        worker = self.env(user=SUPERUSER_ID, context={"lang": "en_US"})
        worker["l10n_vn_einvoice.outbox"]._process_due()
        self.env.cr.flush()  # the transaction's chatter is written when it commits
        doc = move.l10n_vn_einvoice_document_id
        self.env.invalidate_all()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        return doc

    def state_change(self, doc):
        tracking = doc.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state")
        self.assertEqual(len(tracking), 1)
        return tracking.old_value_char, tracking.new_value_char, tracking.mail_message_id.body

    def test_chatter_in_the_company_language(self):
        doc = self.issue_and_transmit("vi_VN")
        old, new, body = self.state_change(doc)
        self.assertEqual((old, new), ("Sẵn sàng gửi", "Đã chấp nhận"))
        self.assertIn("Phát hành với sandbox: OK (", body)
        self.assertIn("lần thử 1)", body)
        self.assertNotIn("try", body)

    def test_chatter_of_an_english_company_stays_english(self):
        doc = self.issue_and_transmit("en_US")
        old, new, body = self.state_change(doc)
        self.assertEqual((old, new), ("Ready to send", "Accepted"))
        self.assertIn("Issue with sandbox: OK (", body)

    def test_numbers_in_the_vietnamese_format(self):
        doc = self.issue_and_transmit("vi_VN")
        Exchange = self.env["l10n_vn_einvoice.exchange"].sudo().with_context(lang="vi_VN")
        Exchange.create({"document_id": doc.id, "operation": "lookup", "provider": "sandbox",
                         "duration_ms": 12345, "result": "transient", "attempt": 2,
                         "error_code": "HTTP503", "message": "Service unavailable"})
        self.env.cr.flush()
        note = doc.message_ids[:1].body
        self.assertIn("Kiểm tra trạng thái với sandbox: Lỗi tạm thời (12.345 ms, lần thử 2)",
                      note)
