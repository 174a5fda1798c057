"""Supplier e-invoices dropped on the Vendor Bills list in headless Chromium: the draft
bill opens with its banner and checks, the same file dropped again opens that bill, and
a drop of several files ends on the summary; then the server side of what the tour did."""

import dataclasses

from odoo.tests import HttpCase, tagged

from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon
from .test_odoo_purchase_checks import BOMB


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPurchaseImport(PurchaseImportCommon, HttpCase):

    def test_drop_supplier_einvoices_on_vendor_bills(self):
        seller = dataclasses.replace(fx.SELLER, name="Viettel")
        files = {
            "C26TAA_128.xml": pf.signed(pf.for_company(fx.vat_invoice(), seller=seller,
                                                       number=128), tax_authority=False),
            "C26TAA_129.xml": pf.signed(pf.for_company(fx.vat_invoice(), seller=seller,
                                                       number=129)),
            "hostile.xml": BOMB,
        }
        self.env["ir.attachment"].create([{
            "name": f"l10n_vn_einvoice_tour_{name}", "raw": data, "mimetype": "text/xml"}
            for name, data in files.items()])
        before = self.bills()
        self.start_tour("/odoo/action-account.action_move_in_invoice_type",
                        "l10n_vn_einvoice_purchase_import", login=self.env.user.login,
                        timeout=180)
        created = (self.bills() - before).sorted("ref")
        self.assertEqual(created.mapped("ref"), ["1C26TAA-128", "1C26TAA-129"])
        self.assertEqual(created.mapped("state"), ["draft", "draft"])
        first = created[0]
        self.assertEqual(first.l10n_vn_einvoice_in_status, "warning")
        self.assertEqual(first.amount_total, float(fx.vat_invoice().totals.total))
        xml = self.env["ir.attachment"].search([("res_model", "=", "account.move"),
                                                ("res_id", "=", first.id)])
        self.assertEqual(xml.mapped("name"), ["C26TAA_128.xml"])
