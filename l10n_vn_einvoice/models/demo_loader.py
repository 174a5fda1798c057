from odoo import api, models

SELLER_MST = "0315558888"
COMPANY_NAME = "Cửa hàng Tiện lợi Sài Gòn Demo"
PRODUCTS = [
    # (name, price incl. VAT, tax template id, unit)
    ("Gạo ST25 (5 kg)", 185000, "tax_sale_vat5", "Units"),
    ("Cà phê sữa đá", 35000, "tax_sale_vat8", "Units"),
    ("Nước khoáng 500 ml", 10000, "tax_sale_vat10", "Units"),
    ("Sách giáo khoa Toán 6", 22000, "tax_sale_vat_exemption", "Units"),
    ("Gói cước xuất khẩu phần mềm", 5000000, "tax_sale_vat0", "Units"),
    ("Phở bò tái", 65000, "tax_sale_vat8", "Units"),
]
# A household business (hộ kinh doanh): its tax code is the owner's 12-digit personal ID,
# VAT on the direct method (sales invoices, form 2), a noodle shop's register issuing
# cash-register invoices with the 20 % VAT reduction until 2026-12-31.
HOUSEHOLD_ID = "001085012345"
HOUSEHOLD_NAME = "Hộ kinh doanh Phở Bà Lan"
HOUSEHOLD_PRODUCTS = [
    # (name, price paid) — food service: VAT 3 % of revenue (household sector "production")
    ("Phở bò tái (hộ kinh doanh)", 65000),
    ("Trà đá (hộ kinh doanh)", 5000),
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
        """Idempotent: a Vietnamese company on the l10n_vn chart, the admin working in it."""
        vn = self.env.ref("base.vn")
        vnd = self.env.ref("base.VND")
        vnd.active = True
        company = self.env["res.company"].search([("vat", "=", SELLER_MST)], limit=1)
        if not company:
            values = {
                "name": COMPANY_NAME, "currency_id": vnd.id, "country_id": vn.id,
                "street": "123 Đường Lê Lợi", "city": "Phường Bến Thành, TP. Hồ Chí Minh",
                "phone": "+84 28 3822 0000", "email": "hoadon@cuahang-demo.example",
                "vat": SELLER_MST,
            }
            if "iap_enrich_auto_done" in company._fields:
                values["iap_enrich_auto_done"] = True  # the demo never calls out to IAP
            company = self.env["res.company"].create(values)
        # The demo only talks to loopback: no "update notification" calls to odoo.com.
        notification = self.env.ref("mail.ir_cron_module_update_notification",
                                    raise_if_not_found=False)
        if notification:
            notification.active = False
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, company.id)], "company_id": company.id})
        self = self.with_company(company).with_context(allowed_company_ids=company.ids)
        if company.chart_template != "vn":
            self.env["account.chart.template"].try_loading("vn", company, install_demo=False)
        company.write({
            "l10n_vn_einvoice_provider": "sandbox",
            "l10n_vn_einvoice_provider_url": "http://127.0.0.1:8899",
        })
        self._load_demo_partners(vn)
        self._load_demo_products(company)
        self._load_demo_pos(company)
        self._load_demo_household(vn, vnd)
        return company

    def _load_demo_household(self, vn, vnd):
        """The second demo company: a household business selling through one register."""
        company = self.env["res.company"].search([("vat", "=", HOUSEHOLD_ID)], limit=1)
        if not company:
            company = self.env["res.company"].create({
                "name": HOUSEHOLD_NAME, "currency_id": vnd.id, "country_id": vn.id,
                "street": "8 Hàng Gà", "city": "Phường Hoàn Kiếm, Hà Nội",
                "phone": "+84 24 3828 0000", "vat": HOUSEHOLD_ID,
            })
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, company.id)]})
        self = self.with_company(company).with_context(allowed_company_ids=company.ids)
        if company.chart_template != "vn":
            self.env["account.chart.template"].try_loading("vn", company, install_demo=False)
        company.write({
            "l10n_vn_einvoice_provider": "sandbox",
            "l10n_vn_einvoice_provider_url": "http://127.0.0.1:8899",
            "l10n_vn_einvoice_tax_method": "direct",
        })
        category = self.env["product.category"].search([("name", "=", "Ăn uống (hộ kinh doanh)")],
                                                       limit=1) \
            or self.env["product.category"].create({
                "name": "Ăn uống (hộ kinh doanh)",
                "l10n_vn_einvoice_household_sector": "production"})
        Product = self.env["product.product"]
        for name, price in HOUSEHOLD_PRODUCTS:
            if not Product.search_count([("name", "=", name)]):
                Product.create({"name": name, "list_price": price, "type": "consu",
                                "categ_id": category.id, "taxes_id": [(5, 0, 0)],
                                "company_id": company.id, "available_in_pos": True})
        self._load_demo_pos(company, (("Quầy hộ kinh doanh", False),), "HK0B1")

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

    def _load_demo_pos(self, company, registers=(("Quầy bán lẻ", False), ("Nhà hàng Phở", True)),
                       authority_string="AB12C"):
        """POS issuing cash-register e-invoices to the sandbox (a shop and a restaurant)."""
        Config = self.env["pos.config"]
        einvoicing = {
            "l10n_vn_einvoice_enabled": True,
            "l10n_vn_einvoice_authority_string": authority_string,
            "l10n_vn_einvoice_lookup_url": "http://127.0.0.1:8069/einvoice/lookup",
        }
        for name, restaurant in registers:
            config = Config.search([("name", "=", name), ("company_id", "=", company.id)])
            if not config:
                journal, payment_methods = Config._create_journal_and_payment_methods(
                    cash_journal_vals={"name": f"Tiền mặt - {name}",
                                       "show_on_dashboard": False})
                values = {"name": name, "company_id": company.id, "journal_id": journal.id,
                          "payment_method_ids": payment_methods}
                if restaurant and "module_pos_restaurant" in Config._fields:
                    values["module_pos_restaurant"] = True
                config = Config.create(values)
            config.write(einvoicing)
