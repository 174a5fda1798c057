"""POS flows in headless Chromium against the sandbox provider: sales with and without a
buyer, an invalid MST refused at the till, an offline sale that keeps its code, and a
screenshot of a receipt into artifacts/ for a person to look at."""

import base64
from pathlib import Path

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .pos_common import VnPosCommon
from .sandbox_server import running_sandbox

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPos(VnPosCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url
        self.config_a.l10n_vn_einvoice_lookup_url = "https://tracuu.example.vn/mtt"

    def test_pos_sales_online_and_offline(self):
        self.start_tour(f"/pos/ui/{self.config_a.id}", "l10n_vn_einvoice_pos_sales",
                        login=self.env.user.login, timeout=180)
        orders = self.env["pos.order"].search([("config_id", "=", self.config_a.id)],
                                              order="id")
        self.assertEqual(len(orders), 3)
        docs = orders.l10n_vn_einvoice_document_id
        self.assertEqual(len(docs), 3, "each sale, offline included, is one e-invoice")
        self.assertEqual(len(set(docs.mapped("tax_authority_code"))), 3)
        blocks = self.env["l10n_vn_einvoice.code_block"].search(
            [("config_id", "=", self.config_a.id)])
        for order in orders:
            self.assertTrue(any(b.first <= int(order.l10n_vn_einvoice_code[-11:]) <= b.last
                                for b in blocks), "the browser's code was kept")
        self.assertFalse(orders.message_ids.filtered(lambda m: "refused" in (m.body or "")))
        self.assertEqual(orders[1].l10n_vn_einvoice_document_id.buyer_tax_code, "0301234562")
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(set(docs.mapped("state")), {"accepted"})
        self.assertEqual(self.sandbox.sandbox.count(), 3, "transmitted once each")

    def test_receipt_screenshot(self):
        """The tour ends on the receipt; the page is captured before the browser stops."""
        target = ARTIFACTS / "pos_receipt.png"
        stop = ChromeBrowser.stop

        def capture_then_stop(browser):
            shot = browser._websocket_request("Page.captureScreenshot", timeout=20)
            ARTIFACTS.mkdir(exist_ok=True)
            target.write_bytes(base64.b64decode(shot["data"]))
            return stop(browser)

        self.patch(ChromeBrowser, "stop", capture_then_stop)
        self.start_tour(f"/pos/ui/{self.config_a.id}", "l10n_vn_einvoice_pos_receipt",
                        login=self.env.user.login, timeout=120)
        self.assertGreater(target.stat().st_size, 10_000)
        doc = self.env["pos.order"].search([("config_id", "=", self.config_a.id)])\
            .l10n_vn_einvoice_document_id
        self.assertEqual(doc.buyer_tax_code, "0301234562")
