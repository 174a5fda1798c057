from odoo import api, models

SELLER_MST = "0315558888"
PRODUCTS = [
    # (name, price incl. VAT, tax template id, unit)
    ("Gạo ST25 (5 kg)", 185000, "tax_sale_vat5", "Units"),
    ("Cà phê sữa đá", 35000, "tax_sale_vat8", "Units"),
    ("Nước khoáng 500 ml", 10000, "tax_sale_vat10", "Units"),
    ("Sách giáo khoa Toán 6", 22000, "tax_sale_vat_exemption", "Units"),
    ("Gói cước xuất khẩu phần mềm", 5000000, "tax_sale_vat0", "Units"),
    ("Phở bò tái", 65000, "tax_sale_vat8", "Units"),
]
CUSTOMERS = [
    # (name, MST, address, e-mail, is_company)
    ("Công ty TNHH Khách Hàng Mẫu", "0301234562", "12 Nguyễn Huệ, Phường Sài Gòn, TP. Hồ Chí Minh",
     "ketoan@khachhangmau.example", True),
    ("Nguyễn Văn An", "", "45 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh", "an.nguyen@example.com",
     False),
]


class L10nVnEinvoiceDemo(models.AbstractModel):
    """Demo database set-up: a Vietnamese company ready to sell within a minute."""

    _name = "l10n_vn_einvoice.demo"
    _description = "Vietnam e-invoicing demo data"

    @api.model
    def _load_demo(self):
        company = self.env.ref("base.main_company")
        vn = self.env.ref("base.vn")
        company.partner_id.write({
            "name": "Cửa hàng Tiện lợi Sài Gòn Demo",
            "street": "123 Đường Lê Lợi", "city": "Phường Bến Thành, TP. Hồ Chí Minh",
            "country_id": vn.id, "phone": "+84 28 3822 0000",
            "email": "hoadon@cuahang-demo.example",
        })
        company.write({
            "name": "Cửa hàng Tiện lợi Sài Gòn Demo",
            "currency_id": self.env.ref("base.VND").id,
            "vat": SELLER_MST,
        })
        self.env.ref("base.VND").active = True
        if company.chart_template != "vn":
            self.env["account.chart.template"].try_loading("vn", company, install_demo=False)
        company.write({
            "l10n_vn_einvoice_provider": "sandbox",
            "l10n_vn_einvoice_provider_url": "http://127.0.0.1:8899",
            "l10n_vn_einvoice_username": "demo",
            "l10n_vn_einvoice_password": "demo",
            "l10n_vn_einvoice_account": "demo",
            "l10n_vn_einvoice_account_password": "demo",
        })
        self._load_demo_partners(vn)
        self._load_demo_products(company)
        self._load_demo_pos(company)

    def _load_demo_partners(self, vn):
        Partner = self.env["res.partner"]
        for name, mst, address, email, is_company in CUSTOMERS:
            if not Partner.search_count([("name", "=", name)]):
                Partner.create({"name": name, "vat": mst or False, "street": address,
                                "email": email, "is_company": is_company,
                                "country_id": vn.id})

    def _load_demo_products(self, company):
        Tax = self.env["account.tax"]
        Product = self.env["product.product"]
        for name, price, tax_xmlid, _unit in PRODUCTS:
            if Product.search_count([("name", "=", name)]):
                continue
            tax = Tax.browse(self.env["account.chart.template"].with_company(company)
                             .ref(tax_xmlid).id)
            Product.create({
                "name": name, "list_price": price, "type": "consu",
                "taxes_id": [(6, 0, tax.ids)], "available_in_pos": True,
            })

    def _load_demo_pos(self, company):
        Config = self.env["pos.config"]
        for name, restaurant in (("Quầy bán lẻ", False), ("Nhà hàng Phở", True)):
            if Config.search_count([("name", "=", name), ("company_id", "=", company.id)]):
                continue
            values = {"name": name, "company_id": company.id}
            if restaurant and "module_pos_restaurant" in Config._fields:
                values["module_pos_restaurant"] = True
            Config.create(values)
