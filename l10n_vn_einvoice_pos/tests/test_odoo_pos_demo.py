"""The demo of ``scripts/demo.sh`` with the registers: each demo company's POS, made once."""

from odoo.addons.l10n_vn_einvoice.models.demo_loader import SHOP
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
