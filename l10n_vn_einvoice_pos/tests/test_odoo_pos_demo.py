"""The demo of ``scripts/demo.sh`` with the registers: each demo company's POS, made once."""

from urllib.parse import urlsplit

from odoo.addons.l10n_vn_einvoice.models.demo_loader import HOUSEHOLD, SHOP
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosDemo(TransactionCase):

    def test_registers_issue_einvoices_and_loading_twice(self):
        Demo = self.env["l10n_vn_einvoice.demo"]
        company = Demo._load_demo()
        self.assertEqual(Demo._load_demo(), company, "idempotent")
        configs = self.env["pos.config"].search([("company_id", "=", company.id)])
        self.assertEqual(len(configs), len(SHOP.pos))
        self.assertTrue(all(configs.mapped("l10n_vn_einvoice_enabled")))
        coffee = self.env["product.product"].search([("name", "=", "Cà phê sữa đá")])
        self.assertTrue(coffee.available_in_pos)
        self.assertTrue(self.env.ref("l10n_vn_einvoice.product_vat_reduction").available_in_pos)

    def test_registers_print_the_lookup_page_of_the_demo_port(self):
        # scripts/demo.sh sets the address of the port it runs on before loading
        self.env["ir.config_parameter"].set_param("web.base.url", "http://127.0.0.1:8555")
        self.env["l10n_vn_einvoice.demo"]._load_demo()
        configs = self.env["pos.config"].search([("l10n_vn_einvoice_enabled", "=", True)])
        self.assertEqual(len(configs), len(SHOP.pos) + len(HOUSEHOLD.pos))
        self.assertEqual(set(configs.mapped("l10n_vn_einvoice_lookup_url")),
                         {"http://127.0.0.1:8555/einvoice/lookup"})

    def test_partner_autocomplete_talks_to_loopback_only(self):
        """point_of_sale depends on partner_autocomplete: it stays installed, its
        searches (typed names, tax codes) go to a closed local port, not to odoo.com."""
        self.env["l10n_vn_einvoice.demo"]._load_demo()
        endpoint = self.env["ir.config_parameter"].get_param(
            "iap.partner_autocomplete.endpoint")
        self.assertEqual(urlsplit(endpoint).hostname, "127.0.0.1")

