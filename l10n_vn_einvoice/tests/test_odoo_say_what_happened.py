"""Messages say only what happened (issue 12 §5): an e-mail is "queued" until the mail
server took it, the settings warn when Odoo has no mail server, the sandbox introduces
itself as the sandbox everywhere, and Test connection names the credentials it lacks."""

import smtplib

from odoo.tests import tagged

from .test_odoo_delivery import REPORT, DeliveryCommon

VNPT_MST = "0100684378"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestSayWhatHappened(DeliveryCommon):

    def _bodies(self, doc):
        return doc.message_ids.mapped("body")

    def _mail_server_answers(self, send_email):
        """Let mail.mail reach a mail server (Odoo skips sending in tests) that does
        ``send_email``."""
        MailServer = type(self.env["ir.mail_server"])
        self.patch(MailServer, "_disable_send", classmethod(lambda cls: False))
        self.patch(MailServer, "_connect__", lambda *args, **kwargs: None)
        self.patch(MailServer, "send_email", send_email)

    def test_email_is_queued_until_the_mail_server_accepts_it(self):
        doc = self._document()
        self._mail_cron()
        self.assertEqual(doc.email_state, "outgoing")
        bodies = " ".join(self._bodies(doc))
        self.assertIn("queued for e-mail to ketoan@khachhang.example", bodies)
        self.assertNotIn("accepted the e-invoice e-mail", bodies)
        self._mail_server_answers(lambda server, message, *args, **kwargs: message["Message-Id"])
        doc.email_mail_id.send()
        self.assertEqual(doc.email_state, "sent")
        self.assertIn("The mail server accepted the e-invoice e-mail to "
                      "ketoan@khachhang.example.", " ".join(self._bodies(doc)))

    def test_refused_email_is_said_with_the_reason(self):
        doc = self._document()
        self._mail_cron()

        def refuse(*_args, **_kwargs):
            raise smtplib.SMTPRecipientsRefused({"ketoan@khachhang.example": (550, b"no")})

        self._mail_server_answers(refuse)
        doc.email_mail_id.send(raise_exception=False)
        self.assertEqual(doc.email_state, "exception")
        self.assertIn("The e-invoice e-mail to ketoan@khachhang.example was not sent",
                      " ".join(self._bodies(doc)))

    def test_settings_warn_when_no_mail_server_exists(self):
        self.env["ir.mail_server"].search([]).unlink()
        warning = self.env["res.config.settings"].create({}).l10n_vn_einvoice_mail_server_warning
        self.assertIn("No outgoing mail server is configured", warning)
        self.env["ir.mail_server"].create({"name": "SMTP", "smtp_host": "127.0.0.1"})
        self.assertFalse(
            self.env["res.config.settings"].create({}).l10n_vn_einvoice_mail_server_warning)

    def test_sandbox_names_itself_in_the_exchange_log_and_the_pdf(self):
        doc = self._document()
        self.env.cr.flush()  # exchange notes reach the chatter at commit (pre-commit hooks)
        self.assertEqual(set(doc.exchange_ids.mapped("provider")), {"sandbox"})
        self.assertTrue(any("Issue with sandbox" in body for body in self._bodies(doc)))
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()
        self.assertNotIn(VNPT_MST, html, "the sandbox is nobody's provider tax code")
        self.assertNotIn("Đơn vị cung cấp giải pháp", html)

    def test_pdf_names_a_real_provider_by_its_tax_code(self):
        doc = self._document()
        # An issued document's provider is frozen (issue 11): as if it had gone through VNPT.
        self.env.cr.execute("UPDATE l10n_vn_einvoice_document SET provider = 'vnpt' WHERE id = %s",
                            [doc.id])
        doc.invalidate_recordset(["provider"])
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()
        self.assertIn(f"Đơn vị cung cấp giải pháp hóa đơn điện tử, MST: {VNPT_MST}", html)

    def _test_connection(self, **values):
        return self.env["res.config.settings"].create(
            values).action_l10n_vn_einvoice_test_connection()["params"]

    def test_connection_to_the_sandbox_without_credentials_says_so(self):
        params = self._test_connection()
        self.assertEqual(params["type"], "success", params["message"])
        self.assertIn("Sandbox provider", params["title"])
        self.assertNotIn("VNPT answers", params["message"])
        self.assertIn("Sandbox provider (VNPT contract) answers at", params["message"])
        self.assertIn("Not filled in: Provider username, Provider password, Provider account, "
                      "Provider account password.", params["message"])

    def test_connection_to_a_real_provider_lists_the_missing_credentials(self):
        params = self._test_connection(l10n_vn_einvoice_provider="vnpt",
                                       l10n_vn_einvoice_username="shop")
        self.assertEqual(params["type"], "danger")
        self.assertIn("VNPT", params["title"])
        self.assertIn("✘ Not filled in: Provider password, Provider account, Provider account "
                      "password.", params["message"])
