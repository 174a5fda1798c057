"""Two warehouses of the Vietnamese test company, a product in stock, transfers."""

from odoo.addons.l10n_vn_einvoice.tests.common import VnEinvoiceCommon
from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox

AGENT_MST = "0101248141"


class VnStockCommon(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        company = cls.company
        env.user.company_id = company
        Partner = env["res.partner"]
        cls.wh_hn = env["stock.warehouse"].create({
            "name": "Kho Hà Nội", "code": "KHN", "company_id": company.id,
            "partner_id": Partner.create({
                "name": "Kho Hà Nội", "street": "1 Phạm Hùng", "city": "Hà Nội",
                "parent_id": company.partner_id.id, "type": "other"}).id})
        cls.wh_dn = env["stock.warehouse"].create({
            "name": "Kho Đà Nẵng", "code": "KDN", "company_id": company.id,
            "partner_id": Partner.create({
                "name": "Kho Đà Nẵng", "street": "Lô 5 KCN Hòa Khánh", "city": "Đà Nẵng",
                "parent_id": company.partner_id.id, "type": "other"}).id})
        cls.agent = Partner.create({"name": "Công ty TNHH Đại lý Minh An", "vat": AGENT_MST,
                                    "street": "12 Lê Lợi", "city": "TP Hồ Chí Minh",
                                    "is_company": True})
        cls.agent_type = env["stock.picking.type"].create({
            "name": "Gửi bán đại lý", "code": "outgoing", "sequence_code": "DL",
            "warehouse_id": cls.wh_hn.id, "company_id": company.id,
            "default_location_src_id": cls.wh_hn.lot_stock_id.id,
            "default_location_dest_id": env.ref("stock.stock_location_customers").id,
            "l10n_vn_einvoice_agent_consignment": True})
        cls.cement = env["product.product"].create({
            "name": "Xi măng PCB40", "default_code": "XM40", "is_storable": True,
            "standard_price": 85000, "list_price": 120000, "company_id": company.id})
        env["stock.quant"]._update_available_quantity(cls.cement, cls.wh_hn.lot_stock_id, 100)

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    TRANSPORT = {
        "l10n_vn_einvoice_transport_means": "Xe tải 43C-123.45",
        "l10n_vn_einvoice_carrier": "Nguyễn Văn Tài",
        "l10n_vn_einvoice_issuer_person": "Trần Văn Xuất",
    }

    def transfer(self, source=None, dest=None, picking_type=None, qty=10, **vals):
        """A confirmed, reserved transfer of ``qty`` bags of cement."""
        source = source or self.wh_hn.lot_stock_id
        dest = dest or self.wh_dn.lot_stock_id
        picking_type = picking_type or self.wh_hn.int_type_id
        picking = self.env["stock.picking"].create({
            "picking_type_id": picking_type.id, "location_id": source.id,
            "location_dest_id": dest.id, "company_id": self.company.id,
            "move_ids": [(0, 0, {"product_id": self.cement.id, "product_uom_qty": qty,
                                 "location_id": source.id, "location_dest_id": dest.id})],
            **vals})
        picking.action_confirm()
        picking.action_assign()
        return picking

    def internal(self, **vals):
        return self.transfer(**{
            "l10n_vn_einvoice_dispatch_order": "LĐ-2026/118",
            "l10n_vn_einvoice_dispatch_by": "Giám đốc",
            "l10n_vn_einvoice_dispatch_purpose": "Bổ sung hàng cho kho Đà Nẵng",
            **self.TRANSPORT, **vals})

    def agent_transfer(self, **vals):
        return self.transfer(
            dest=self.env.ref("stock.stock_location_customers"), picking_type=self.agent_type,
            **{"partner_id": self.agent.id,
               "l10n_vn_einvoice_contract_number": "HĐĐL-09/2026",
               "l10n_vn_einvoice_contract_date": "2026-01-05", **self.TRANSPORT, **vals})

    @staticmethod
    def validate(picking):
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def accepted(self, picking):
        """``picking`` validated, its note sent by the outbox and accepted."""
        self.validate(picking)
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        doc = picking.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        return doc
