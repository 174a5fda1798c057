"""The register in headless Chromium across midnight on New Year's Eve, Vietnam time, and
a household business's register deducting the VAT reduction — with the browser's clock
moved (tests/browser_clock.py), then the e-invoices the server made of those sales checked
against the validator.  For the midnight tour the server's clock is pinned to New Year's
Eve 2026 too: its assertions need the register to hold a block of 2026 codes, which a
server living in 2027 or later rightly refuses to reserve."""

from lxml import etree

from odoo import Command
from odoo.addons.l10n_vn_einvoice.standard import validate
from odoo.addons.l10n_vn_einvoice.tests.browser_clock import movable_browser_clock
from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox
from odoo.tests import HttpCase, freeze_time, tagged

from .pos_common import VnPosCommon

NEW_YEARS_EVE = "2026-12-31 12:00:00"  # UTC: 19:00 in Vietnam, before the tours' first sale


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourDatedVat(VnPosCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url
        movable_browser_clock(self)

    def _orders(self):
        return self.env["pos.order"].search([("config_id", "=", self.config_a.id)], order="id")

    @freeze_time(NEW_YEARS_EVE)
    def test_register_open_across_midnight(self):
        # Shops price VAT included: the shelf price stays when 8 % becomes 10 %.
        tax8 = self.tax8.copy({"name": "8% incl.", "price_include_override": "tax_included"})
        tax10 = self.tax10.copy({"name": "10% incl.", "price_include_override": "tax_included"})
        self.assertEqual(tax8.l10n_vn_einvoice_successor_tax_id, tax10)
        self.env["product.product"].create({
            "name": "Bánh chưng", "available_in_pos": True, "type": "consu",
            "list_price": 108000, "taxes_id": [Command.set(tax8.ids)]})
        self.start_tour(f"/pos/ui/{self.config_a.id}", "l10n_vn_einvoice_pos_midnight",
                        login=self.env.user.login, timeout=180)
        before, after = self._orders().l10n_vn_einvoice_document_id
        for doc, symbol, rate, year in ((before, "C26MAA", "8%", 2026),
                                        (after, "C27MAA", "10%", 2027)):
            root = etree.fromstring(doc._l10n_vn_einvoice_xml())
            self.assertEqual(validate.validate_invoice_xml(root), [])
            self.assertEqual((doc.symbol, doc.issue_date.year, doc.number), (symbol, year, 1))
            self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/TSuat"), rate)
            self.assertTrue(doc.tax_authority_code.startswith(f"M1-{year % 100}-"))
            self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo"), "108000")
        blocks = self.env["l10n_vn_einvoice.code_block"].search(
            [("config_id", "=", self.config_a.id)])
        self.assertEqual(set(blocks.mapped("year")), {2026, 2027},
                         "in December the register holds blocks of both years")

    def test_household_register_deducts_the_reduction(self):
        self.company.write({"vat": "001085012345", "l10n_vn_einvoice_tax_method": "direct"})
        category = self.env["product.category"].create({
            "name": "Ăn uống", "l10n_vn_einvoice_household_sector": "services"})
        self.env["product.product"].create({
            "name": "Phở bò", "available_in_pos": True, "type": "consu", "list_price": 65000,
            "categ_id": category.id, "taxes_id": [Command.clear()]})
        self.start_tour(f"/pos/ui/{self.config_a.id}", "l10n_vn_einvoice_pos_household",
                        login=self.env.user.login, timeout=180)
        reduced, plain = self._orders()
        doc = reduced.l10n_vn_einvoice_document_id
        root = etree.fromstring(doc._l10n_vn_einvoice_xml())
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual((root.findtext("DLHDon/NDHDon/NBan/MST"),
                          root.findtext("DLHDon/NDHDon/TToan/TGTKhac"),
                          root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo")),
                         ("001085012345", "1300", "128700"))
        self.assertEqual((doc.vat_reduction, doc.amount_total), (1300, reduced.amount_total))
        later = etree.fromstring(plain.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml())
        self.assertIsNone(later.find("DLHDon/NDHDon/TToan/TGTKhac"))
        self.assertEqual(validate.validate_invoice_xml(later), [])
