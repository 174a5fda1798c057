"""What a warehouse user can send over JSON-RPC about delivery notes (the core's rule:
``models/server_owned.py``; this bridge's table: ``l10n_vn_einvoice_stock/models/
server_owned.py``).  ``with_user`` calls go through the same ``create``/``write`` as
JSON-RPC, whose context cannot carry the server's marker."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import VnStockCommon


class TestStockAttacks(VnStockCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(cls.env, "kho_clerk", groups="stock.group_stock_user",
                                  company_id=cls.company.id,
                                  company_ids=[(6, 0, cls.company.ids)])

    def as_clerk(self, records):
        return records.with_user(self.clerk).with_company(self.company)

    def test_clerk_validates_and_reads_the_note(self):
        picking = self.internal()
        self.validate(self.as_clerk(picking))
        clerk_view = self.as_clerk(picking)
        self.assertEqual(clerk_view.l10n_vn_einvoice_state, "ready")
        self.assertTrue(clerk_view.l10n_vn_einvoice_note_name)

    def test_clerk_types_the_transport_data_before_validation(self):
        picking = self.as_clerk(self.internal())
        picking.write({"l10n_vn_einvoice_carrier": "Lê Văn Chở",
                       "l10n_vn_einvoice_transport_means": "Xe tải 51D-999.99"})
        picking.move_ids.l10n_vn_einvoice_price_unit = 1000
        self.assertEqual(picking.l10n_vn_einvoice_carrier, "Lê Văn Chở")

    def test_clerk_cannot_forge_the_note_link_or_kind(self):
        issued = self.validate(self.internal())
        other = self.internal()
        for vals in ({"l10n_vn_einvoice_document_id": issued.l10n_vn_einvoice_document_id.id},
                     {"l10n_vn_einvoice_note_kind": False}):
            with self.assertRaises(AccessError):
                self.as_clerk(other).write(vals)
        with self.assertRaises(AccessError):
            self.as_clerk(self.env["stock.picking"]).create({
                "picking_type_id": self.wh_hn.int_type_id.id,
                "l10n_vn_einvoice_document_id": issued.l10n_vn_einvoice_document_id.id})
        self.assertFalse(other.l10n_vn_einvoice_document_id)
        self.assertEqual(other.l10n_vn_einvoice_note_kind, "internal")

    def test_an_issued_note_freezes_the_transfer_data(self):
        picking = self.validate(self.internal())
        for records in (self.as_clerk(picking), picking.sudo()):
            with self.assertRaises(UserError):
                records.write({"l10n_vn_einvoice_transport_means": "Xe khác"})
        self.assertEqual(picking.l10n_vn_einvoice_transport_means, "Xe tải 43C-123.45")

    def test_clerk_cannot_move_a_note_to_another_transfer(self):
        picking = self.validate(self.internal())
        doc = self.as_clerk(picking.l10n_vn_einvoice_document_id)
        with self.assertRaises(AccessError):
            doc.write({"l10n_vn_einvoice_picking_id": self.internal().id})
        with self.assertRaises(AccessError):
            self.as_clerk(self.env["l10n_vn_einvoice.document"]).create({
                "l10n_vn_einvoice_picking_id": picking.id, "form": "6", "symbol": "C26NAA",
                "issue_date": "2026-11-20", "currency_id": self.env.ref("base.VND").id})

    def test_agent_marker_is_for_inventory_managers(self):
        with self.assertRaises(AccessError):
            self.as_clerk(self.wh_hn.out_type_id).write(
                {"l10n_vn_einvoice_agent_consignment": True})
