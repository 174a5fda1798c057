"""Issue 23 §3: an accountant's database with only the core addon, in Chromium.

Run by Odoo's own test runner, inside the one install of the core alone that
``tests/test_repo_split.py`` makes (``-i l10n_vn_einvoice --test-tags l10n_vn_core_only``),
never by pytest: the file's name is not ``test_*.py`` (pytest leaves it), and
``tests/__init__.py`` imports it as ``test_tour_core_only`` (the name Odoo's runner looks
for).  In the main suite's database the POS and stock bridges are installed, so its
"no Point of Sale" would be false there.
"""

import re

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import VnEinvoiceCommon

CORE_ONLY_TAG = "l10n_vn_core_only"


@tagged("-standard", "-at_install", "post_install", CORE_ONLY_TAG)
class TestCoreOnlyTour(VnEinvoiceCommon, HttpCase):

    def test_accountant_without_pos_posts_an_einvoice(self):
        installed = self.env["ir.module.module"].search([
            ("state", "=", "installed"),
            ("name", "in", ["point_of_sale", "stock", "l10n_vn_einvoice",
                            "l10n_vn_einvoice_pos", "l10n_vn_einvoice_stock"])])
        self.assertEqual(installed.mapped("name"), ["l10n_vn_einvoice"],
                         "only the core: no POS, no stock, no bridge")
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_line_ids": [Command.create({
                "name": "Cà phê", "quantity": 2, "price_unit": 50000,
                "tax_ids": [Command.set(self.tax10.ids)]})]})
        self.start_tour("/odoo", "l10n_vn_einvoice_core_only", login=self.env.user.login,
                        timeout=120)
        self.assertEqual(move.state, "posted")
        # one e-invoice, numbered, its XML built and stored, queued for the provider
        doc = move.l10n_vn_einvoice_document_ids
        self.assertEqual((len(doc), doc.state, doc.number, int(doc.amount_total)),
                         (1, "ready", 1, 110000))
        self.assertRegex(doc.form + doc.symbol, re.compile(r"^1C\d\dTAA$"))
        self.assertTrue(doc.xml_attachment_id)
        self.assertEqual(doc.outbox_ids.state, "pending")
