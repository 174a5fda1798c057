"""The delivery note of a transfer between two warehouses, in headless Chromium (a client
error fails it): the tab, a refused validation naming the missing means of transport,
the validated transfer with its note, which the sandbox then accepts."""

from odoo.tests import HttpCase, tagged

from .common import VnStockCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestStockNoteTour(VnStockCommon, HttpCase):

    def test_transfer_between_warehouses_issues_its_note(self):
        self.env.user.group_ids |= self.env.ref("stock.group_stock_manager")
        picking = self.internal(l10n_vn_einvoice_transport_means=False)
        self.start_tour(f"/odoo/action-stock.action_picking_tree_all/{picking.id}",
                        "l10n_vn_einvoice_stock_note", login=self.env.user.login,
                        timeout=180)
        doc = picking.l10n_vn_einvoice_document_id
        self.assertEqual((picking.state, doc.form), ("done", "6"))
        self.assertEqual(picking.l10n_vn_einvoice_transport_means, "Xe tải 43C-123.45")
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
