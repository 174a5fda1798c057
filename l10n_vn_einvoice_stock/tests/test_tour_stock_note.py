"""Delivery notes in headless Chromium (a client error, or a server error the tour did
not announce, fails it): a transfer between two warehouses validated (a refusal naming
the missing means of transport first), its note sent and accepted by the sandbox, printed
from the transfer and found on the public lookup page; goods sent to a sales agent,
refused from the list with the bilingual message, then validated."""

from odoo.tests import HttpCase, tagged

from .common import VnStockCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestStockNoteTour(VnStockCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.env.user.group_ids |= self.env.ref("stock.group_stock_manager")
        # No cron runs in tests: the note's "Send now" plays the outbox worker.
        Outbox = type(self.env["l10n_vn_einvoice.outbox"])

        def process_now(outbox, documents):
            outbox._process_due(document_ids=documents.ids)
            return documents

        self.patch(Outbox, "_process_documents", process_now)

    def test_transfer_between_warehouses_issues_prints_and_finds_its_note(self):
        picking = self.internal(l10n_vn_einvoice_transport_means=False)
        self.start_tour(f"/odoo/action-stock.action_picking_tree_all/{picking.id}",
                        "l10n_vn_einvoice_stock_note", login=self.env.user.login,
                        timeout=180)
        doc = picking.l10n_vn_einvoice_document_id
        self.assertEqual((picking.state, doc.form, doc.symbol[3]), ("done", "6", "N"))
        self.assertEqual(picking.l10n_vn_einvoice_transport_means, "Xe tải 43C-123.45")
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertTrue(doc.pdf_attachment_id, "printing froze the accepted note's PDF")

    def test_agent_consignment_refused_without_transport_then_validated(self):
        picking = self.agent_transfer(l10n_vn_einvoice_transport_means=False)
        self.start_tour("/odoo/action-stock.action_picking_tree_all",
                        "l10n_vn_einvoice_stock_agent", login=self.env.user.login,
                        timeout=180)
        doc = picking.l10n_vn_einvoice_document_id
        self.assertEqual((picking.state, doc.form, doc.symbol[3], doc.state),
                         ("done", "6", "B", "ready"))
        self.assertEqual(picking.l10n_vn_einvoice_transport_means, "Xe tải 51D-678.90")
        self.assertEqual(doc.buyer_name, self.agent.name)
