"""Invoices the project did not write, imported as vendor bills.

Every invoice of ``tests/data/reference/real/`` (the tax authority's test-environment
message 202, the portal's JSON of a real VNPT and a real MISA invoice written back as
XML in the JSON's order) and every file of the inbound corpus built from them: each is
refused (unreadable) or becomes a bill whose VAT per rate is the file's ``LTSuat`` and
whose checks carry every error of the inbound rules.  The corpus' layouts of the same
real invoice are recognised as that invoice: the second one opens the first bill.
"""

import json
from decimal import Decimal
from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..standard import inbound
from .portal_json import portal_json_to_hdon
from .purchase_common import PurchaseImportCommon
from .reference_files import real_files, real_invoice_details
from .test_std_inbound import EXPECTED, SAME_INVOICE

CORPUS = Path(__file__).parent / "data" / "inbound"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseRealFiles(PurchaseImportCommon):

    def import_and_compare(self, name, data):
        """Import ``data``; the bill says what the file says (or the file is refused)."""
        result = inbound.read_inbound(data)
        if result.invoice is None:
            with self.assertRaises(UserError):
                self.upload({name: data})
            return None
        bill = self.bill_of(self.upload({name: data}))
        totals = result.invoice.totals
        self.assertEqual({rate: vat for rate, vat in self.vat_by_rate(bill).items() if vat},
                         {g.vat_rate: g.vat for g in totals.by_rate if g.vat})
        self.assertEqual(Decimal(str(bill.amount_untaxed)), sum(
            (g.amount for g in totals.by_rate), Decimal(0)) - (totals.other_deduction or 0)
            + sum((fee.amount for fee in totals.fees), Decimal(0)))
        if not result.errors:
            self.assertEqual(Decimal(str(bill.amount_total)), totals.total)
        rules = {(c["severity"], c["rule"]) for c in bill.l10n_vn_einvoice_in_checks}
        for finding in (*result.errors, *result.warnings):
            self.assertIn((finding.severity, finding.rule), rules)
        return bill

    def test_every_real_invoice_becomes_a_bill(self):
        names = []
        for path in real_files(".xml") + real_invoice_details():
            raw = path.read_bytes()
            data = portal_json_to_hdon(raw) if path.suffix == ".json" else raw
            with self.subTest(file=path.name):
                bill = self.import_and_compare(path.name, data)
                self.assertTrue(bill, "every real document here is a readable invoice")
                names.append(path.name)
                if path.suffix == ".json":
                    detail = json.loads(raw)
                    self.assertEqual(bill.partner_id.vat, detail["nbmst"])
                    self.assertEqual(bill.l10n_vn_einvoice_in_tax_authority_code,
                                     detail["mhdon"] or False)
                    self.assertEqual(Decimal(str(bill.amount_total)),
                                     Decimal(str(detail["tgtttbso"])))
        self.assertEqual(len(names), 3)

    def test_real_test_environment_message(self):
        """VAT 84 000 written for 10 % of 1 200 000: the bill keeps 84 000 (the input VAT the
        invoice states), flags the error, and shows both signatures failing (values elided)
        with the signers' tax codes read from their subjects."""
        path = next(p for p in real_files(".xml") if p.name.startswith("tdiep202"))
        bill = self.import_and_compare(path.name, path.read_bytes())
        self.assertEqual((bill.amount_untaxed, bill.amount_tax, bill.amount_total),
                         (1200000, 84000, 1284000))
        self.assertEqual((bill.ref, bill.partner_id.vat, bill.partner_id.name),
                         ("1C21TCT-14", "0106324653", "Mã số Thuế Test 109"))
        self.assertEqual(bill.l10n_vn_einvoice_in_tax_authority_code,
                         "00474597512BE94B7BAB367996EF464828")
        checks = {c["rule"]: c for c in bill.l10n_vn_einvoice_in_checks}
        self.assertEqual(checks["arithmetic.rate_vat"]["severity"], "error")
        self.assertEqual(checks["signature.seller"]["severity"], "error")
        self.assertIn("certificate is missing or unreadable",
                      checks["signature.seller"]["detail"])
        self.assertEqual(checks["signature.seller"]["signer_tax_code"], "0106324653")
        self.assertEqual(checks["buyer.other"]["severity"], "error")
        self.assertIn("VAT at 10%: the invoice states 84.000 ₫ on 1.200.000 ₫",
                      bill.message_ids[0].body)

    def test_inbound_corpus(self):
        self.assertEqual(sorted(p.name for p in CORPUS.glob("*.xml")), sorted(EXPECTED))
        for name in sorted(EXPECTED):
            with self.subTest(file=name):
                bill = self.import_and_compare(name, (CORPUS / name).read_bytes())
                if bill:
                    bill.unlink()

    def test_layouts_of_one_real_invoice_are_one_invoice(self):
        first = self.bill_of(self.upload({"canonical.xml": (
            CORPUS / "vnpt_k25tek_canonical.xml").read_bytes()}))
        for name in SAME_INVOICE:
            with self.subTest(file=name):
                action = self.upload({name: (CORPUS / name).read_bytes()})
                self.assertEqual(self.bill_of(action), first)
