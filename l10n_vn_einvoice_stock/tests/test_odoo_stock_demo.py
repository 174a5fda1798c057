"""The demo of ``scripts/demo.sh`` with Inventory: the shop's two warehouses, its agent and
goods in stock, so that a transfer validated in the demo issues a delivery note."""

from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox
from odoo.tests import TransactionCase, tagged

from ..models.demo_loader import AGENT, SECOND_WAREHOUSE, STOCKED


@tagged("post_install", "-at_install", "post_install_l10n")
class TestStockDemo(TransactionCase):

    def test_shop_transfers_to_its_second_warehouse_with_a_note(self):
        Demo = self.env["l10n_vn_einvoice.demo"]
        shop = Demo._load_demo()
        self.assertEqual(Demo._load_demo(), shop, "idempotent")
        warehouses = self.env["stock.warehouse"].search([("company_id", "=", shop.id)],
                                                        order="id")
        self.assertEqual(len(warehouses), 2, "loading twice made nothing twice")
        main, second = warehouses
        self.assertEqual(second.code, SECOND_WAREHOUSE[1])
        household = self.env["res.company"].search([("vat", "=", "001085012345")])
        self.assertFalse(self.env["stock.warehouse"].search_count(
            [("company_id", "=", household.id), ("code", "=", SECOND_WAREHOUSE[1])]))
        self.assertEqual(self.env["res.partner"].search_count([("vat", "=", AGENT[1])]), 1)
        self.assertEqual(self.env["stock.picking.type"].search_count([
            ("company_id", "=", shop.id), ("l10n_vn_einvoice_agent_consignment", "=", True)]), 1)
        cement = self.env["product.product"].search([("default_code", "=", STOCKED[1])])
        self.assertEqual(cement.with_company(shop).qty_available, STOCKED[4])

        # the demo as a user plays it: ten bags to the second warehouse, validated
        env = self.env(context=dict(self.env.context, allowed_company_ids=shop.ids))
        sandbox = self.enterContext(running_sandbox())
        shop.l10n_vn_einvoice_provider_url = sandbox.url
        picking = env["stock.picking"].create({
            "picking_type_id": main.int_type_id.id, "location_id": main.lot_stock_id.id,
            "location_dest_id": second.lot_stock_id.id, "company_id": shop.id,
            "l10n_vn_einvoice_dispatch_order": "LĐĐ-01", "l10n_vn_einvoice_carrier": "Lê Tài",
            "l10n_vn_einvoice_transport_means": "Xe tải 61C-123.45",
            "l10n_vn_einvoice_issuer_person": "Trần Xuất",
            "move_ids": [(0, 0, {"product_id": cement.id, "product_uom_qty": 10,
                                 "product_uom": cement.uom_id.id,
                                 "location_id": main.lot_stock_id.id,
                                 "location_dest_id": second.lot_stock_id.id})]})
        picking.action_confirm()
        picking.move_ids.quantity = 10
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        document = picking.l10n_vn_einvoice_document_id
        self.assertTrue(document, "the transfer between the demo's warehouses has its note")
        self.assertEqual(document.symbol[3], "N")
