"""The demo companies' warehouses (``scripts/demo.sh``): a second warehouse to transfer
goods to (internal-transport notes, letter N) and a sales agent with its consignment
operation type (agent notes, letter B), goods in stock."""

from odoo import models

# (warehouse name, code, street, city) of the shop's second warehouse
SECOND_WAREHOUSE = ("Kho Bình Dương", "KBD", "Lô A2 KCN VSIP", "Thuận An, Bình Dương")
AGENT = ("Công ty TNHH Đại lý Minh An (demo)", "0101248141", "12 Lê Lợi",
         "Phường Bến Nghé, TP. Hồ Chí Minh")
# (product name, code, cost, sales price, quantity in the main warehouse)
STOCKED = ("Xi măng PCB40 (bao 50 kg)", "XM40", 85000, 120000, 500)


class L10nVnEinvoiceDemo(models.AbstractModel):
    _inherit = "l10n_vn_einvoice.demo"

    def _load_demo_company(self, spec):
        # EXTEND 'l10n_vn_einvoice': a company that keeps stock (it has a VAT on the
        # deduction method: the shop) gets a second warehouse, an agent and goods.
        company = super()._load_demo_company(spec)
        if spec.tax_method == "deduction":
            self.with_company(company)._load_demo_warehouses(company)
        return company

    def _load_demo_warehouses(self, company):
        Warehouse = self.env["stock.warehouse"]
        Partner = self.env["res.partner"]
        main = Warehouse.search([("company_id", "=", company.id)], order="id", limit=1)
        name, code, street, city = SECOND_WAREHOUSE
        if not Warehouse.search_count([("company_id", "=", company.id), ("code", "=", code)]):
            Warehouse.create({
                "name": name, "code": code, "company_id": company.id,
                "partner_id": Partner.create({
                    "name": name, "street": street, "city": city, "type": "other",
                    "parent_id": company.partner_id.id}).id})
        agent_name, mst, street, city = AGENT
        if not Partner.search_count([("vat", "=", mst)]):
            Partner.create({"name": agent_name, "vat": mst, "street": street, "city": city,
                            "is_company": True, "country_id": self.env.ref("base.vn").id})
        Type = self.env["stock.picking.type"]
        if not Type.search_count([("company_id", "=", company.id),
                                  ("l10n_vn_einvoice_agent_consignment", "=", True)]):
            Type.create({
                "name": "Gửi bán đại lý", "code": "outgoing", "sequence_code": "DL",
                "warehouse_id": main.id, "company_id": company.id,
                "default_location_src_id": main.lot_stock_id.id,
                "default_location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "l10n_vn_einvoice_agent_consignment": True})
        product_name, default_code, cost, price, quantity = STOCKED
        Product = self.env["product.product"]
        if not Product.search_count([("default_code", "=", default_code),
                                     ("company_id", "in", (company.id, False))]):
            product = Product.create({
                "name": product_name, "default_code": default_code, "is_storable": True,
                "standard_price": cost, "list_price": price, "company_id": company.id,
                "taxes_id": [(6, 0, [self.env["account.chart.template"].with_company(company)
                                     .ref("tax_sale_vat10").id])]})
            self.env["stock.quant"]._update_available_quantity(
                product, main.lot_stock_id, quantity)
