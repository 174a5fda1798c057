"""Settings: "Test connection" against the sandbox and the masked diagnostics export."""

import base64
import html
import json
from urllib.parse import quote, quote_plus

from odoo.tests import tagged

from ..standard.certificates import make_test_certificate
from .common import VnEinvoiceCommon
from .reliability_docs import queued_document
from .sandbox_server import running_sandbox


@tagged("post_install", "-at_install", "post_install_l10n")
class TestConnection(VnEinvoiceCommon):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox(account="shop", password="s3cret"))
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def _settings(self, **values):
        return self.env["res.config.settings"].create(values)

    def test_connection_verdict_with_right_credentials(self):
        action = self._settings(
            l10n_vn_einvoice_username="shop", l10n_vn_einvoice_password="s3cret",
            l10n_vn_einvoice_account="shop", l10n_vn_einvoice_account_password="s3cret",
        ).action_l10n_vn_einvoice_test_connection()
        params = action["params"]
        self.assertEqual(params["type"], "success", params["message"])
        self.assertIn("✔", params["message"])
        self.assertIn("phản hồi", params["message"], "the verdict is also in Vietnamese")

    def test_connection_verdict_with_wrong_credentials(self):
        action = self._settings(
            l10n_vn_einvoice_username="shop", l10n_vn_einvoice_password="wrong",
            l10n_vn_einvoice_account="shop", l10n_vn_einvoice_account_password="wrong",
        ).action_l10n_vn_einvoice_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("✘", action["params"]["message"])

    def test_diagnostics_mask_every_credential_form(self):
        """Basic strings, URL user info, query tokens, percent-encoding and the PKCS#12
        password: none of them leaves in the support file (issue 11 §6)."""
        p12, p12_password = make_test_certificate("Seller", self.company.vat)
        certificate = self.env["certificate.certificate"].create({
            "name": "Seller", "content": base64.b64encode(p12), "scope": "l10n_vn_einvoice",
            "pkcs12_password": p12_password.decode(), "company_id": self.company.id})
        password = "p@ss w/rd&1"
        self.company.write({
            "l10n_vn_einvoice_username": "shop", "l10n_vn_einvoice_password": password,
            "l10n_vn_einvoice_certificate_id": certificate.id,
            "l10n_vn_einvoice_provider_url": "http://shop:Url-S3cret@127.0.0.1:8899/ws"
                                             "?token=Query-T0ken"})
        doc = queued_document(self.env, self.company, "coded")
        basic = base64.b64encode(f"shop:{password}".encode()).decode()
        message = (f"GET http://shop:Url-S3cret@127.0.0.1/ws?token=Query-T0ken&x=1 "
                   f"Authorization: Basic {basic}\nbody user=shop&pw={quote_plus(password)} "
                   f"path /p/{quote(password, safe='')} pkcs12 {p12_password.decode()} "
                   f"xml <pass>{html.escape(password)}</pass> proxy said basic {basic}")
        self.env["l10n_vn_einvoice.exchange"].sudo().create({
            "document_id": doc.id, "operation": "issue", "provider": "vnpt",
            "result": "transient", "message": message})
        action = self._settings().action_l10n_vn_einvoice_export_diagnostics()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0]))
        text = attachment.raw.decode()
        for secret in ("Url-S3cret", "Query-T0ken", basic, quote_plus(password),
                       quote(password, safe=""), html.escape(password), password,
                       p12_password.decode()):
            self.assertNotIn(secret, text)
        self.assertIn("127.0.0.1:8899/ws", text, "the endpoint is still recognisable")

    def test_diagnostics_mask_the_secrets(self):
        self.company.write({"l10n_vn_einvoice_password": "s3cret",
                            "l10n_vn_einvoice_account_password": "s3cret"})
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 1,
                                         "price_unit": 100000.0,
                                         "tax_ids": [(6, 0, self.vn_tax("tax_sale_vat10").ids)]})],
        })
        move.action_post()
        doc = move.l10n_vn_einvoice_document_id
        self.env["l10n_vn_einvoice.exchange"].sudo().create({
            "document_id": doc.id, "operation": "issue", "provider": "vnpt",
            "result": "transient", "message": "<ACpass>s3cret</ACpass> password=s3cret"})
        action = self._settings().action_l10n_vn_einvoice_export_diagnostics()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        payload = json.loads(attachment.raw)
        self.assertEqual(payload["company_tax_code"], self.company.vat)
        text = attachment.raw.decode()
        self.assertNotIn("s3cret", text)
        self.assertEqual(len(payload["exchanges"]), 1)
