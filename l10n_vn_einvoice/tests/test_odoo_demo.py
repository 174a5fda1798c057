"""The demo of ``scripts/demo.sh`` (issue 12 §2): Vietnamese for its users, with the
Vietnamese number format and Vietnam time, units as Vietnamese invoices write them and
retail prices that include VAT, as Vietnamese shops price them."""

import base64
import io

from freezegun import freeze_time
from PIL import Image

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..models.demo_loader import HOUSEHOLD, SHOP


@tagged("post_install", "-at_install", "post_install_l10n")
class TestDemo(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # scripts/demo.sh sets the address of the port it runs on before loading
        cls.env["ir.config_parameter"].set_param("web.base.url", "http://127.0.0.1:8555")
        cls.company = cls.env["l10n_vn_einvoice.demo"]._load_demo()

    def test_users_work_in_vietnamese_on_vietnam_time(self):
        admin = self.env.ref("base.user_admin")
        self.assertEqual((admin.lang, admin.tz), ("vi_VN", "Asia/Ho_Chi_Minh"))
        self.assertEqual(admin.company_id, self.company)
        lang = self.env["res.lang"]._lang_get("vi_VN")
        self.assertTrue(lang.active)
        self.assertEqual(lang.format("%.2f", 1234567.5, grouping=True), "1.234.567,50")
        with freeze_time("2026-11-30 18:30:00"):  # 01:30 the next day in Hồ Chí Minh City
            self.assertEqual(fields.Date.context_today(self.env["res.partner"].with_user(admin)),
                             fields.Date.to_date("2026-12-01"))
        self.assertEqual(self.env["l10n_vn_einvoice.document"].with_context(lang="vi_VN")
                         ._fields["state"]._description_selection(
                             self.env["l10n_vn_einvoice.document"].with_context(
                                 lang="vi_VN").env)[3][1], "Đã chấp nhận")

    def test_retail_prices_include_vat(self):
        self.assertEqual(self.company.account_price_include, "tax_included")
        coffee = self.env["product.product"].search([("name", "=", "Cà phê sữa đá")])
        tax = coffee.taxes_id.filtered(lambda t: t.company_id == self.company)
        taxes = tax.compute_all(coffee.list_price)
        self.assertEqual((taxes["total_included"], taxes["total_excluded"]), (35000, 32407))

    def test_demo_certificate_lets_the_company_sign(self):
        company = self.company.sudo()
        certificate = company.l10n_vn_einvoice_certificate_id
        self.assertEqual(certificate.scope, "l10n_vn_einvoice")
        self.assertEqual(company.l10n_vn_einvoice_signing_mode, "provider")
        company.l10n_vn_einvoice_signing_mode = "seller"  # the settings' checks pass
        self.assertEqual(self.env["res.config.settings"].with_company(company).create(
            {}).l10n_vn_einvoice_certificate_mst, company.vat)

    def test_units_and_loading_twice(self):
        self.assertEqual(self.env.ref("uom.product_uom_unit")._l10n_vn_einvoice_unit(), "Cái")
        again = self.env["l10n_vn_einvoice.demo"]._load_demo()
        self.assertEqual(again, self.company, "idempotent")
        self.assertEqual(self.env["certificate.certificate"].sudo().search_count(
            [("company_id", "=", self.company.id)]), 1)

    def test_companies_have_their_own_logo(self):
        companies = self.env["res.company"].search([("vat", "in", (SHOP.vat, HOUSEHOLD.vat))])
        self.assertEqual(len(companies), 2)
        for company in companies:
            self.assertFalse(company.uses_default_logo, "'Your logo' on receipts and pages")
            image = Image.open(io.BytesIO(base64.b64decode(company.logo)))
            self.assertEqual((image.format, image.size), ("PNG", (256, 256)))
        self.assertNotEqual(*companies.mapped("logo"))

    def test_prices_in_whole_dong(self):
        self.assertEqual(self.env["decimal.precision"].precision_get("Product Price"), 0)
