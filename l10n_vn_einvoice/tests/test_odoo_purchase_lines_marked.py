"""The import creates its lines marked ``is_imported``; Odoo's marking is then a no-op.

Odoo sets ``is_imported`` on the lines a decoder made with a write of its own, and every
line write resyncs the whole bill (tax lines, payment term, balance): 14 % of an import's
time (benchmarks/purchase_import.py).  The import's lines are born marked and that write,
which would change nothing, is skipped; a write that changes the flag, or anything else,
still runs in full.
"""

from unittest.mock import patch

from odoo.tests import tagged

from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseLinesMarked(PurchaseImportCommon):

    def test_import_creates_its_lines_marked(self):
        invoice = pf.for_company(fx.ten_line_invoice())
        Line = type(self.env["account.move.line"])
        create = Line.create
        created = []

        def recording(lines, vals_list):
            created.extend(vals for vals in (vals_list if isinstance(vals_list, list)
                                             else [vals_list])
                           if vals.get("display_type", "product") == "product")
            return create(lines, vals_list)

        with patch.object(Line, "create", recording):
            bill = self.bill_of(self.upload({"C26TAA_200.xml": pf.signed(invoice)}))
        decoded = [vals for vals in created if vals.get("name", "").startswith("Hàng hóa")]
        self.assertEqual(len(decoded), 10)
        self.assertTrue(all(vals.get("is_imported") for vals in decoded), decoded[:1])
        self.assertTrue(all(bill.invoice_line_ids.mapped("is_imported")))
        self.assertEqual(bill.amount_total, float(invoice.totals.total))

    def test_noop_marking_is_skipped_a_real_change_is_written(self):
        bill = self.bill_of(self.upload({"C26TAA_201.xml": pf.signed(
            pf.for_company(fx.vat_invoice(), number=201))}))
        lines = bill.invoice_line_ids
        with patch.object(type(self.env["account.move"]), "_sync_dynamic_lines",
                          side_effect=AssertionError("the bill was resynced")):
            self.assertTrue(lines.write({"is_imported": True}))
        lines.write({"is_imported": False})
        self.assertFalse(any(lines.mapped("is_imported")))
        lines.write({"is_imported": True})
        self.assertTrue(all(lines.mapped("is_imported")))
