"""Replacing a transfer's delivery note from the transfer, in headless Chromium (a client
error fails it): the wizard with the note's data, the replacement issued and opened."""

from odoo.tests import HttpCase, tagged

from .common import VnStockCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestStockCorrectionTour(VnStockCommon, HttpCase):

    def test_replace_a_note_from_its_transfer(self):
        self.env.user.group_ids |= self.env.ref("stock.group_stock_manager")
        picking = self.validate(self.internal())
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        original = picking.l10n_vn_einvoice_document_id
        self.assertEqual(original.state, "accepted", original.provider_message)
        self.start_tour(f"/odoo/action-stock.action_picking_tree_all/{picking.id}",
                        "l10n_vn_einvoice_stock_correction", login=self.env.user.login,
                        timeout=120)
        new = picking.l10n_vn_einvoice_document_id
        self.assertEqual((original.state, new.corrected_document_id), ("replaced", original))
        self.assertEqual(new.amount_total, 765000)
        self.assertEqual(picking.l10n_vn_einvoice_transport_means, "Xe tải 43C-999.99")
