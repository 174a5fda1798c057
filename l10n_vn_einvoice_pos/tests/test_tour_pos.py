"""POS flows in headless Chromium against the sandbox provider: sales with and without a
buyer, an invalid MST refused at the till, an offline sale that keeps its code, a refund
replacing the original with the cashier's reason, a session closed while the provider is
down, and screenshots of a whole receipt on 58 mm and 80 mm paper into artifacts/ for a
person to look at."""

import socket

from lxml import etree

from odoo import api
from odoo.addons.l10n_vn_einvoice.standard import validate
from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox
from odoo.addons.l10n_vn_einvoice.tests.tour_browser import TourScreenshots
from odoo.tests import HttpCase, tagged

from .pos_common import VnPosCommon


def unused_port():
    """A loopback port nothing listens on: the provider "down"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPos(VnPosCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url
        self.config_a.l10n_vn_einvoice_lookup_url = "https://tracuu.example.vn/mtt"

    def test_pos_sales_online_and_offline(self):
        # a Vietnamese cashier: the refused buyer and the banknotes in Vietnamese formats
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env.user.lang = "vi_VN"
        self.assertEqual(self.config_a.currency_id.name, "VND")
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
        self.assertEqual((orders[1].l10n_vn_einvoice_document_id.buyer_name,
                          orders[1].l10n_vn_einvoice_document_id.buyer_address),
                         ("Công ty TNHH Khách Hàng", "12 Nguyễn Huệ, TP. Hồ Chí Minh"),
                         "the buyer completed at the till")
        self.assertEqual(orders[1].payment_ids.filtered(lambda p: not p.is_change)
                         .mapped("amount"), [60000.0],
                         "paid with the 50.000 and 10.000 banknote buttons")
        self.assertAlmostEqual(orders[1].amount_return, 60000.0 - orders[1].amount_total)
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(set(docs.mapped("state")), {"accepted"})
        self.assertEqual(self.sandbox.sandbox.count(), 3, "transmitted once each")

    def test_receipt_on_58_and_80_mm_paper(self):
        """The receipt is the legal invoice: the buyer typed in the dialog (company, person,
        MST, address), KCT written as such, one per-rate VAT table, Vietnam time (the
        browser runs on UTC), and the status refreshed to "accepted" while the receipt
        stays open.  The outbox worker is played by the status call itself from its second
        call on (no cron runs in tests), so the tour only passes if the receipt screen asks
        more than once.  Then the whole receipt on 80 mm and 58 mm paper, captured."""
        self.env["product.product"].create({
            "name": "Sách giáo khoa", "available_in_pos": True, "type": "consu",
            "list_price": 22000, "taxes_id": [(6, 0, self.tax_kct.ids)]})
        shots = TourScreenshots()
        shots.patch_browser(self)
        PosOrder = type(self.env["pos.order"])
        original_status = PosOrder.l10n_vn_einvoice_status
        calls = []

        @api.model
        def status_with_worker(model, uuids):
            calls.append(uuids)
            if len(calls) >= 2:
                model.env["l10n_vn_einvoice.outbox"]._process_due()
            return original_status(model, uuids)

        self.patch(PosOrder, "l10n_vn_einvoice_status", status_with_worker)
        self.start_tour(f"/pos/ui/{self.config_a.id}", "l10n_vn_einvoice_pos_receipt",
                        login=self.env.user.login, timeout=120)
        doc = self.env["pos.order"].search([("config_id", "=", self.config_a.id)])\
            .l10n_vn_einvoice_document_id
        self.assertEqual((doc.buyer_name, doc.buyer_tax_code, doc.buyer_address),
                         ("Công ty TNHH Mua Sỉ", "0301234562",
                          "5 Lê Duẩn, Phường Sài Gòn, TP. Hồ Chí Minh"))
        buyer = etree.fromstring(doc._l10n_vn_einvoice_xml()).find("DLHDon/NDHDon/NMua")
        self.assertEqual(buyer.findtext("HVTNMHang"), "Trần Thị Bình")
        rates = etree.fromstring(doc._l10n_vn_einvoice_xml()).iterfind(
            "DLHDon/NDHDon/TToan/THTTLTSuat/LTSuat/TSuat")
        self.assertIn("KCT", [rate.text for rate in rates])
        self.assertEqual(doc.state, "accepted")
        self.assertGreaterEqual(len(calls), 2)
        shots.assert_taken(self, "receipt_80mm", "receipt_58mm")

    def test_refund_in_the_pos_replaces_the_original(self):
        self.start_tour(f"/pos/ui/{self.config_a.id}", "l10n_vn_einvoice_pos_refund",
                        login=self.env.user.login, timeout=180)
        sale, refund = self.env["pos.order"].search([("config_id", "=", self.config_a.id)],
                                                    order="id")
        self.assertEqual(refund.l10n_vn_einvoice_reason, "Khách trả lại hàng lỗi")
        original = sale.l10n_vn_einvoice_document_id
        replacement = refund.l10n_vn_einvoice_document_id
        self.assertEqual(original.state, "replaced")
        self.assertEqual((replacement.correction_type, replacement.corrected_document_id,
                          replacement.kind), ("replacement", original, "cash_register"))
        self.assertNotEqual(replacement.tax_authority_code, original.tax_authority_code)
        xml = replacement._l10n_vn_einvoice_xml()
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        related = etree.fromstring(xml).find("DLHDon/TTChung/TTHDLQuan")
        self.assertEqual(related.findtext("TCHDon"), "1")
        self.assertIn("Khách trả lại hàng lỗi", related.findtext("GChu"))
        self.assertIn(original.tax_authority_code, related.findtext("GChu"))

    def test_closing_with_pending_transmissions(self):
        self.company.l10n_vn_einvoice_provider_url = f"http://127.0.0.1:{unused_port()}"
        url = f"/pos/ui/{self.config_a.id}"
        self.start_tour(url, "l10n_vn_einvoice_pos_two_sales", login=self.env.user.login,
                        timeout=120)
        session = self.config_a.current_session_id
        docs = session.order_ids.l10n_vn_einvoice_document_id
        self.assertEqual(len(docs), 2)
        Outbox = self.env["l10n_vn_einvoice.outbox"]
        Outbox._process_due()  # the provider is down: both attempts fail
        self.assertEqual(set(docs.outbox_ids.mapped("state")), {"pending"})
        self.assertTrue(all(docs.outbox_ids.mapped("last_error")))

        self.start_tour(url, "l10n_vn_einvoice_pos_close", login=self.env.user.login,
                        timeout=120)
        self.assertEqual(session.state, "closed")
        self.assertEqual(set(docs.outbox_ids.mapped("state")), {"pending"},
                         "closing keeps the invoices queued")
        self.assertFalse(set(docs.mapped("state")) & {"accepted", "voided"})

        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url  # the provider is back
        for _round in range(4):
            docs.outbox_ids.filtered(lambda r: r.state == "pending").sudo().next_attempt_at = \
                "2000-01-01"
            Outbox._process_due()
        self.assertEqual(set(docs.mapped("state")), {"accepted"},
                         docs.mapped("provider_message"))
        self.assertEqual(self.sandbox.sandbox.count(), 2, "each invoice transmitted once")
        for doc in docs:
            held = self.sandbox.sandbox.find("vnpt", doc.submission_key)
            self.assertEqual(held.tax_authority_code, doc.tax_authority_code)
            self.assertFalse(held.duplicated)
