"""Demo database set-up (``scripts/demo.sh``): Vietnamese companies ready to sell within a
minute, in Vietnamese, on Vietnam time.

Each company is one :class:`DemoCompany` given to :meth:`_load_demo_company`; another
company (a household business on the direct method, say) is one more description and one
more call in :meth:`_load_demo`.  Everything is idempotent: the loader finds what an
earlier run made and completes it."""

import base64
import io
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from odoo import api, models

from ..standard.certificates import make_test_certificate

LANG = "vi_VN"
TZ = "Asia/Ho_Chi_Minh"
# partner_autocomplete comes with point_of_sale (a dependency: it cannot be uninstalled)
# and sends what is typed (partner names, tax codes) to Odoo's service: the demo talks
# to loopback only, so its endpoint is a closed local port (the search finds nothing).
OFFLINE_PARAMS = {"iap.partner_autocomplete.endpoint": "http://127.0.0.1:9"}


def demo_logo(colour):
    """The demo company's own logo, drawn here (no copied artwork): a shop front under an
    awning, white on a rounded square of ``colour`` — so receipts, the PDF and the public
    pages show a logo, not Odoo's "Your logo" placeholder.  PNG, base64."""
    white = (255, 255, 255, 255)
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 248, 248), radius=44, fill=colour)
    draw.rectangle((44, 64, 212, 96), fill=white)  # awning
    for scallop in range(4):
        left = 44 + 42 * scallop
        draw.pieslice((left, 76, left + 42, 118), 0, 180, fill=white)
    draw.rectangle((60, 128, 196, 204), outline=white, width=10)  # shop front
    draw.rectangle((112, 148, 144, 204), fill=white)  # door
    draw.polygon([(128, 22), (136, 44), (158, 44), (140, 56), (147, 78), (128, 64),
                  (109, 78), (116, 56), (98, 44), (120, 44)], fill=(255, 205, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue())


@dataclass(frozen=True)
class DemoCompany:
    """What a demo company sells and to whom.  Prices include VAT, as shops price them."""

    name: str
    vat: str
    street: str
    city: str
    phone: str
    email: str
    tax_method: str = "deduction"  # or "direct" (sales invoices, form 2)
    # (name, price incl. VAT, l10n_vn tax template id or None: no tax, direct method)
    products: tuple = ()
    # (name, household sector) of the products' category; empty: the default category
    product_category: tuple = ()
    # (name, MST, address, e-mail, is_company)
    customers: tuple = ()
    # (POS name, restaurant)
    pos: tuple = ()
    provider_url: str = "http://127.0.0.1:8899"
    authority_string: str = "AB12C"
    logo_colour: tuple = (160, 22, 27, 255)
    extra: dict = field(default_factory=dict)  # more res.company values


SHOP = DemoCompany(
    name="Cửa hàng Tiện lợi Sài Gòn Demo", vat="0315558888",
    street="123 Đường Lê Lợi", city="Phường Bến Thành, TP. Hồ Chí Minh",
    phone="+84 28 3822 0000", email="hoadon@cuahang-demo.example",
    products=(
        ("Gạo ST25 (5 kg)", 185000, "tax_sale_vat5"),
        ("Cà phê sữa đá", 35000, "tax_sale_vat8"),
        ("Nước khoáng 500 ml", 10000, "tax_sale_vat10"),
        ("Sách giáo khoa Toán 6", 22000, "tax_sale_vat_exemption"),
        ("Gói cước xuất khẩu phần mềm", 5000000, "tax_sale_vat0"),
        ("Phở bò tái", 65000, "tax_sale_vat8"),
    ),
    customers=(
        ("Công ty TNHH Khách Hàng Mẫu", "0301234562",
         "12 Nguyễn Huệ, Phường Sài Gòn, TP. Hồ Chí Minh", "ketoan@khachhangmau.example", True),
        ("Nguyễn Văn An", "", "45 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh",
         "an.nguyen@example.com", False),
    ),
    pos=(("Quầy bán lẻ", False), ("Nhà hàng Phở", True)),
)
# A household business (hộ kinh doanh): its tax code is the owner's 12-digit personal ID,
# VAT on the direct method (sales invoices, form 2), a noodle shop's register issuing
# cash-register invoices with the 20 % VAT reduction until 2026-12-31.
HOUSEHOLD = DemoCompany(
    name="Hộ kinh doanh Phở Bà Lan", vat="001085012345",
    street="8 Hàng Gà", city="Phường Hoàn Kiếm, Hà Nội", phone="+84 24 3828 0000", email="",
    tax_method="direct",
    # food service: VAT 3 % of revenue (household sector "production")
    products=(("Phở bò tái (hộ kinh doanh)", 65000, None),
              ("Trà đá (hộ kinh doanh)", 5000, None)),
    product_category=("Ăn uống (hộ kinh doanh)", "production"),
    pos=(("Quầy hộ kinh doanh", False),),
    authority_string="HK0B1",
    logo_colour=(26, 127, 55, 255),
)


class L10nVnEinvoiceDemo(models.AbstractModel):
    _name = "l10n_vn_einvoice.demo"
    _description = "Vietnam e-invoicing demo data"

    @api.model
    def _load_demo(self):
        """The demo: Vietnamese for everyone, then each company; returns the first."""
        self._load_demo_language()
        # The demo only talks to loopback: no "update notification" calls to odoo.com.
        notification = self.env.ref("mail.ir_cron_module_update_notification",
                                    raise_if_not_found=False)
        if notification:
            notification.active = False
        for key, value in OFFLINE_PARAMS.items():
            self.env["ir.config_parameter"].sudo().set_param(key, value)
        # Prices in whole đồng: "185.000", not "185.000,00", on the lines and the PDF
        price = self.env.ref("product.decimal_price", raise_if_not_found=False)
        if price:
            price.digits = 0
        shop = self._load_demo_company(SHOP)
        self._load_demo_company(HOUSEHOLD)
        self.env.ref("base.user_admin").company_id = shop
        return shop

    @api.model
    def _load_demo_language(self):
        """Vietnamese installed, with its number format (1.234.567,5) and dates."""
        lang = self.env["res.lang"]._activate_lang(LANG)
        lang.write({"decimal_point": ",", "thousands_sep": ".", "grouping": "[3,0]",
                    "date_format": "%d/%m/%Y"})
        installed = self.env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations([LANG])
        return lang

    @api.model
    def _load_demo_company(self, spec):
        """The company of ``spec`` on the l10n_vn chart, its users working in Vietnamese on
        Vietnam time, the sandbox provider, customers, products and POS."""
        vn = self.env.ref("base.vn")
        vnd = self.env.ref("base.VND")
        vnd.active = True
        company = self.env["res.company"].search([("vat", "=", spec.vat)], limit=1)
        if not company:
            values = {
                "name": spec.name, "currency_id": vnd.id, "country_id": vn.id,
                "street": spec.street, "city": spec.city, "phone": spec.phone,
                "email": spec.email, "vat": spec.vat,
                # shops price VAT included; only settable before the first invoice
                "account_price_include": "tax_included",
                "l10n_vn_einvoice_tax_method": spec.tax_method, **spec.extra,
            }
            if "iap_enrich_auto_done" in company._fields:
                values["iap_enrich_auto_done"] = True  # the demo never calls out to IAP
            company = self.env["res.company"].create(values)
        # the worker writes its chatter in the company's language (models/einvoice_outbox.py)
        company.partner_id.write({"tz": TZ, "lang": LANG})
        if company.uses_default_logo:
            company.logo = demo_logo(spec.logo_colour)
        self._load_demo_users(company)
        self = self.with_company(company).with_context(allowed_company_ids=company.ids)
        if company.chart_template != "vn":
            self.env["account.chart.template"].try_loading("vn", company, install_demo=False)
        company.write({
            "l10n_vn_einvoice_provider": "sandbox",
            "l10n_vn_einvoice_provider_url": spec.provider_url,
            # printing reports does not stop at the layout wizard first
            "external_report_layout_id": self.env.ref("web.external_layout_standard").id,
        })
        self._load_demo_certificate(company)
        self._load_demo_partners(spec)
        self._load_demo_products(company, spec)
        self._load_demo_pos(company, spec)
        return company

    @api.model
    def _load_demo_certificate(self, company):
        """A test signing certificate of the company's own MST (self-signed, made here: no
        CA issues one to a demo), so that "we sign" can be chosen in the settings; the
        company keeps "the provider signs" until someone does."""
        if company.sudo().l10n_vn_einvoice_certificate_id:
            return
        p12, password = make_test_certificate(f"{company.name} (demo)", company.vat)
        company.sudo().l10n_vn_einvoice_certificate_id = self.env[
            "certificate.certificate"].sudo().create({
                "name": f"{company.name} (demo)", "content": base64.b64encode(p12),
                "pkcs12_password": password.decode(), "company_id": company.id,
                "scope": "l10n_vn_einvoice"})

    @api.model
    def _load_demo_users(self, company):
        """The administrator (and the company's internal users) in Vietnamese, on Vietnam
        time, working in ``company``."""
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, company.id)], "company_id": company.id})
        users = admin | self.env["res.users"].search(
            [("company_ids", "in", company.ids), ("share", "=", False)])
        users.write({"lang": LANG, "tz": TZ})

    def _load_demo_partners(self, spec):
        vn = self.env.ref("base.vn")
        Partner = self.env["res.partner"]
        for name, mst, address, email, is_company in spec.customers:
            if not Partner.search_count([("name", "=", name)]):
                Partner.create({"name": name, "vat": mst or False, "street": address,
                                "email": email, "is_company": is_company,
                                "country_id": vn.id, "lang": LANG})

    def _load_demo_products(self, company, spec):
        Product = self.env["product.product"]
        own = {}
        if spec.product_category:
            name, sector = spec.product_category
            category = self.env["product.category"].search([("name", "=", name)], limit=1) \
                or self.env["product.category"].create({
                    "name": name, "l10n_vn_einvoice_household_sector": sector})
            own = {"categ_id": category.id, "company_id": company.id}
        for name, price, tax_xmlid in spec.products:
            if Product.search_count([("name", "=", name)]):
                continue
            taxes = [(6, 0, [self.env["account.chart.template"].with_company(company)
                             .ref(tax_xmlid).id])] if tax_xmlid else [(5, 0, 0)]
            Product.create({"name": name, "list_price": price, "type": "consu",
                            "taxes_id": taxes, **self._load_demo_product_values(), **own})

    def _load_demo_product_values(self):
        """Values of every demo product beyond the accounting's (the POS bridge sells them
        at the register)."""
        return {}

    @api.model
    def _demo_lookup_url(self):
        """The lookup page on the server the demo runs on: ``scripts/demo.sh`` sets
        ``web.base.url`` to its port before loading (and on every start, with this
        address on the registers)."""
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        return f"{base.rstrip('/')}/einvoice/lookup"

    def _load_demo_pos(self, company, spec):
        """The company's registers issuing cash-register e-invoices (``spec.pos``): made by
        ``l10n_vn_einvoice_pos``, which overrides this."""
        return
