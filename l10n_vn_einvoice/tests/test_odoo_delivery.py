"""Delivery of an accepted e-invoice: the PDF printed from the stored XML, the e-mail to
the buyer (once), the chatter log and the dashboard counts — against the sandbox."""

import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..providers.sandbox.faults import Fault
from ..report.einvoice_report import qr_data_uri
from ..standard import xmldsig
from ..standard.certificates import make_test_certificate
from .common import SELLER_MST, VnEinvoiceCommon
from .cron_runner import run_cron
from .sandbox_server import running_sandbox

REPORT = "l10n_vn_einvoice.action_report_einvoice"


class DeliveryCommon(VnEinvoiceCommon):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def _document(self, partner=None, accept=True):
        move = self.env["account.move"].create({
            "move_type": "out_invoice",
            "partner_id": (partner or self.partner_a).id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [
                (0, 0, {"product_id": self.product_a.id, "quantity": 2, "price_unit": 150000,
                        "tax_ids": [(6, 0, self.tax10.ids)]}),
                (0, 0, {"product_id": self.product_b.id, "quantity": 3, "price_unit": 33333,
                        "tax_ids": [(6, 0, self.tax8.ids)]}),
            ],
        })
        move.action_post()
        doc = move.l10n_vn_einvoice_document_id
        if accept:
            self.env["l10n_vn_einvoice.outbox"]._process_due()
            self.assertEqual(doc.state, "accepted", doc.provider_message)
        return doc

    def _mail_cron(self):
        return self.env["l10n_vn_einvoice.document"]._cron_l10n_vn_einvoice_email(
            auto_commit=False)

    def _mails(self, doc):
        return self.env["mail.mail"].search([("model", "=", doc._name), ("res_id", "=", doc.id)])


@tagged("post_install", "-at_install", "post_install_l10n")
class TestDelivery(DeliveryCommon):

    def test_report_shows_what_was_issued(self):
        doc = self._document()
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()
        self.assertIn("HÓA ĐƠN GIÁ TRỊ GIA TĂNG", html)
        self.assertIn("1C26TAA", html)
        self.assertIn(f"<strong style=\"color: #a0161b;\">{doc.number}</strong>", html)
        self.assertIn(doc.tax_authority_code, html)
        self.assertIn(doc.lookup_code, html)
        self.assertIn("/einvoice/lookup", html)
        self.assertIn("Ngày 20 tháng 11 năm 2026", html)
        # per-rate totals and the amount in words, as the XML has them
        self.assertIn("300.000", html)  # 2 × 150 000 at 10 %
        self.assertIn("99.999", html)  # 3 × 33 333 at 8 %
        invoice = doc._l10n_vn_einvoice_invoice_data()
        self.assertIn(invoice.totals.total_in_words, html)
        # the QR carries the lookup data: the same input gives the same image
        self.assertIn(qr_data_uri(doc._l10n_vn_einvoice_lookup_url(code=True)), html)
        self.assertNotIn("không có giá trị pháp lý", html)
        # no certificate configured: the provider signs, the stored XML says nothing
        self.assertIn("Chưa có chữ ký số", html)
        self.assertNotIn("Ký bởi", html)

    def test_signature_block_is_read_from_the_signed_xml(self):
        p12, secret = make_test_certificate("Công ty TNHH Thử Nghiệm", SELLER_MST)
        self.company.l10n_vn_einvoice_certificate_id = self.env["certificate.certificate"].create({
            "name": "Seller", "content": base64.b64encode(p12),
            "pkcs12_password": secret.decode(), "company_id": self.company.id,
            "scope": "l10n_vn_einvoice"})
        doc = self._document()
        self.assertTrue(doc.signed)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()
        self.assertIn("Ký bởi: Công ty TNHH Thử Nghiệm", html)
        self.assertIn("Chữ ký hợp lệ", html)
        check = xmldsig.verify_signatures(doc._l10n_vn_einvoice_xml())[0]
        self.assertIn(f"Ký ngày: {check.signing_time:%d/%m/%Y %H:%M:%S}", html)

    def test_report_is_printed_from_the_stored_xml(self):
        doc = self._document()
        old_name = self.partner_a.name
        self.partner_a.name = "Tên Mới Sau Khi Phát Hành"
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()
        self.assertIn(old_name, html)
        self.assertNotIn("Tên Mới Sau Khi Phát Hành", html)

    def test_preview_before_acceptance_is_not_frozen(self):
        doc = self._document(accept=False)
        action = doc.action_download_pdf()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertFalse(doc.pdf_attachment_id)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()
        self.assertIn("không có giá trị pháp lý", html)
        with self.assertRaises(UserError):
            doc._l10n_vn_einvoice_pdf()

    def test_pdf_is_frozen_once_and_cannot_be_deleted(self):
        doc = self._document()
        action = doc.action_download_pdf()
        pdf = doc.pdf_attachment_id
        self.assertTrue(pdf)
        self.assertEqual(action["url"], f"/web/content/{pdf.id}?download=true")
        doc.action_download_pdf()
        self.assertEqual(doc.pdf_attachment_id, pdf, "rendered once, then always the same file")
        for attachment in (pdf, doc.xml_attachment_id):
            with self.assertRaises(UserError):
                attachment.unlink()

    def test_email_queued_once_with_pdf_and_xml_after_acceptance(self):
        doc = self._document(accept=False)
        self.assertFalse(self._mails(doc), "nothing is e-mailed before acceptance")
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(doc.state, "accepted")
        self.assertTrue(doc.email_pending)
        self.assertFalse(self._mails(doc), "the PDF is not rendered inside the send worker")
        self.assertEqual(self._mail_cron(), doc)
        mail = self._mails(doc)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, not sent inside the worker")
        self.assertEqual(mail.email_to or mail.recipient_ids.email, "ketoan@khachhang.example")
        # the XML is the provider's legal file (MCCQT, the tax authority's signature),
        # fetched by the same cron before the e-mail is queued
        self.assertTrue(doc.provider_xml_attachment_id)
        self.assertEqual(mail.attachment_ids,
                         doc.pdf_attachment_id | doc.provider_xml_attachment_id)
        self.assertTrue(doc.email_queued_at)
        # the acceptance seen again (status check) never e-mails twice
        doc._l10n_vn_einvoice_set_outcome({"state": "accepted"})
        self._mail_cron()
        self.assertFalse(doc.email_pending)
        self.assertEqual(len(self._mails(doc)), 1)

    def test_email_cron_stops_when_its_time_is_up(self):
        """Odoo's cron runner says "time is up" after the first e-mail: the job reports
        the two left (Odoo runs it again at once) and the next run queues them."""
        docs = self._document() | self._document() | self._document()
        self.assertEqual(docs.mapped("email_pending"), [True] * 3)
        progress = run_cron(self, "l10n_vn_einvoice.ir_cron_einvoice_email", time_up_after=1)
        self.assertEqual((progress[0].done, progress[0].remaining), (1, 2))
        self.assertEqual(sorted(docs.mapped("email_pending")), [False, True, True])
        self.assertEqual(len(docs.filtered("email_queued_at")), 1)
        run_cron(self, "l10n_vn_einvoice.ir_cron_einvoice_email")
        self.assertEqual(docs.mapped("email_pending"), [False] * 3)
        self.assertEqual([len(self._mails(doc)) for doc in docs], [1, 1, 1])

    def test_no_email_without_address_and_manual_send_refused(self):
        walk_in = self.env["res.partner"].create({"name": "Khách lẻ", "email": False})
        doc = self._document(partner=walk_in)
        self._mail_cron()
        self.assertFalse(self._mails(doc))
        self.assertFalse(doc.email_queued_at or doc.email_pending)
        with self.assertRaises(UserError):
            doc.action_send_email()

    def test_manual_send_queues_again_on_request(self):
        doc = self._document()
        self._mail_cron()
        doc.action_send_email()
        self.assertEqual(len(self._mails(doc)), 2, "a resend asked by the user is sent")
        self.assertEqual(len(doc.pdf_attachment_id), 1)

    def test_exchanges_are_logged_in_the_chatter(self):
        """Written at commit (``cr.flush()`` runs the pre-commit hooks as a commit does):
        a note, or the body of the state-change message when the state changed."""
        doc = self._document(accept=False)
        self.sandbox.faults.add("*", Fault("http503"))
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.env.cr.flush()
        bodies = doc.message_ids.mapped("body")
        self.assertTrue(any("HTTP 503" in body for body in bodies), bodies)
        doc.outbox_ids.sudo().next_attempt_at = "2000-01-01"
        self.sandbox.faults.clear()
        # as the cron runs it: with tracking (the test classes switch it off)
        self.env["l10n_vn_einvoice.outbox"].with_context(
            tracking_disable=False, mail_notrack=False)._process_due()
        self.env.cr.flush()
        self.assertEqual(doc.state, "accepted")
        bodies = doc.message_ids.mapped("body")
        words = self.env["l10n_vn_einvoice.exchange"]._l10n_vn_einvoice_operation_words()
        for exchange in doc.exchange_ids:
            self.assertTrue(any(f"{words[exchange.operation]} with " in body
                                and f"({exchange.duration_ms:,} ms" in body for body in bodies))
        accepted = doc.sudo().message_ids.filtered(lambda m: m.tracking_value_ids)[:1]
        self.assertEqual(accepted.tracking_value_ids.new_value_char, "Accepted")
        self.assertIn("Issue with ", accepted.body, "the note rides on the state-change message")

    def test_dashboard_counts_failed_and_pending(self):
        journal = self.company_data["default_journal_sale"]
        pending = self._document(accept=False)
        data = journal._get_journal_dashboard_data_batched()[journal.id]
        self.assertEqual((data["l10n_vn_einvoice_pending"], data["l10n_vn_einvoice_failed"]),
                         (1, 0))
        self.sandbox.faults.add("*", Fault("err", code="3"))
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(pending.state, "rejected")
        data = journal._get_journal_dashboard_data_batched()[journal.id]
        self.assertEqual((data["l10n_vn_einvoice_pending"], data["l10n_vn_einvoice_failed"]),
                         (0, 1))
        action = journal.with_context(
            search_default_failed=1).action_l10n_vn_einvoice_documents()
        self.assertEqual(action["context"], {"search_default_failed": 1})
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), pending)
