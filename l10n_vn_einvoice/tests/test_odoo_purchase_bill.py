"""A supplier's e-invoice dropped on Vendor Bills becomes a draft bill saying what it says.

Totals, VAT per rate (to the đồng, Odoo's rounding corrected silently),
the supplier found by tax code (a branch, its head office, a household's 12-digit ID) or
created from ``NBan``, line kinds, currency and rate, the codes and the files kept.
"""

import dataclasses
import datetime
from decimal import Decimal

from odoo.tests import tagged

from ..standard import model, money, purchase_bill
from ..standard.model import Line
from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseBill(PurchaseImportCommon):

    def assert_bill_says(self, bill, invoice):
        sign = -1 if invoice.totals.total < 0 else 1
        self.assertEqual(Decimal(str(bill.amount_total)), sign * invoice.totals.total)
        self.assertEqual(Decimal(str(bill.amount_tax)), sign * invoice.totals.vat)
        expected = {g.vat_rate: sign * g.vat for g in invoice.totals.by_rate if g.vat}
        self.assertEqual({k: v for k, v in self.vat_by_rate(bill).items() if v}, expected)

    def test_vat_invoice_becomes_a_draft_bill(self):
        invoice = pf.for_company(fx.vat_invoice())
        xml = pf.signed(invoice)
        bill = self.bill_of(self.upload({"C26TAA_123.xml": xml}))
        self.assertEqual((bill.state, bill.move_type, bill.ref, bill.invoice_date),
                         ("draft", "in_invoice", "1C26TAA-123", datetime.date(2026, 11, 20)))
        self.assert_bill_says(bill, invoice)
        self.assertEqual(bill.partner_id.vat, "0100109106")
        self.assertEqual(bill.partner_id.name, fx.SELLER.name)
        self.assertEqual(bill.partner_id.bank_ids.acc_number, fx.SELLER.bank_account)
        self.assertEqual(bill.partner_bank_id, bill.partner_id.bank_ids)
        lines = bill.invoice_line_ids
        self.assertEqual(lines.mapped("display_type"), ["product"] * 6 + ["line_note"])
        self.assertEqual([ln.tax_ids._l10n_vn_einvoice_tsuat() for ln in lines[:6]],
                         ["10%", "8%", "5%", "0%", "KCT", "10%"])
        self.assertEqual(lines[:6].tax_ids.mapped("type_tax_use"), ["purchase"] * 5)
        self.assertEqual([ln.price_subtotal for ln in lines[:6]],
                         [float(ln.amount) * (-1 if ln.nature == model.TRADE_DISCOUNT else 1)
                          for ln in invoice.lines[:6]])
        self.assertEqual((lines[1].quantity, lines[1].price_unit), (3, 2450000))
        self.assertEqual((bill.l10n_vn_einvoice_in_form, bill.l10n_vn_einvoice_in_symbol,
                          bill.l10n_vn_einvoice_in_number), ("1", "C26TAA", "123"))
        self.assertRegex(bill.l10n_vn_einvoice_in_tax_authority_code, r"^[0-9A-F]{34}$")
        # the fixtures' certificates are home-made: the one in the tax authority's place is
        # not the tax authority's (a warning), the seller's is valid but not authenticated
        self.assertEqual(bill.l10n_vn_einvoice_in_status, "warning")
        checks = {c["rule"]: c for c in bill.l10n_vn_einvoice_in_checks}
        self.assertEqual(checks["signature.seller"]["severity"], "info")
        self.assertIn("mathematically valid", checks["signature.seller"]["message"])
        self.assertEqual(checks["signature.seller"]["signer_tax_code"], "0100109106")
        self.assertEqual(checks["signature.tax_authority"]["severity"], "warning")
        self.assertEqual(checks["buyer.company"]["severity"], "ok")
        attachments = self.env["ir.attachment"].search([("res_model", "=", "account.move"),
                                                        ("res_id", "=", bill.id)])
        self.assertIn("C26TAA_123.xml", attachments.mapped("name"))
        self.assertIn("form 1, symbol C26TAA, number 123", bill.message_ids[0].body)

    def test_invoice_vat_kept_when_odoo_rounds_otherwise(self):
        """Prices including VAT: the group's VAT is round(G × r ÷ (100 + r)) (retail), one
        đồng from Odoo's round(base × r); the bill keeps the invoice's and, the supplier's
        figures agreeing with each other, the chatter names no difference."""
        priced = [(Line(name="Nước suối chai 500ml", seq=1, unit="Chai", quantity=Decimal(3),
                        vat_rate="10%"), Decimal(6000))]
        lines, totals = money.compute_totals_from_gross(priced)
        self.assertNotEqual(totals.by_rate[0].vat,
                            money.round_money(totals.by_rate[0].amount / 10, "VND"))
        invoice = pf.for_company(fx.vat_invoice(), lines=tuple(lines), totals=totals,
                                 number=124)
        bill = self.bill_of(self.upload({"gross.xml": pf.signed(invoice)}))
        self.assert_bill_says(bill, invoice)
        self.assertEqual((bill.amount_total, bill.amount_tax), (6000, 545))
        self.assertNotIn("VAT at", bill.message_ids[0].body)
        bill.action_post()
        self.assertEqual((bill.amount_total, bill.amount_tax), (6000, 545))
        self.assertEqual(sum(bill.line_ids.mapped("balance")), 0)

    def test_branch_head_office_and_household_suppliers(self):
        Partner = self.env["res.partner"]
        head = Partner.create({"name": "Viettel (trụ sở)", "vat": "0100109106",
                               "country_id": self.env.ref("base.vn").id})
        branch = Partner.create({"name": "Viettel Hà Nội", "vat": "0100109106-001",
                                 "country_id": self.env.ref("base.vn").id})
        for number, tax_code, expected in ((201, "0100109106-001", branch),
                                           (202, "0100109106", head),
                                           (203, "0100109106-002", head)):
            with self.subTest(tax_code=tax_code):
                seller = dataclasses.replace(fx.SELLER, tax_code=tax_code)
                invoice = pf.for_company(fx.vat_invoice(), seller=seller, number=number)
                bill = self.bill_of(self.upload({f"{number}.xml": pf.signed(invoice)}))
                self.assertEqual(bill.partner_id, expected)
        self.assertIn("head office is proposed", bill.message_ids[0].body)
        household = pf.for_company(fx.sales_invoice_direct())
        bill = self.bill_of(self.upload({"hkd.xml": pf.signed(household)}))
        self.assertEqual(bill.partner_id.vat, "0109744141")
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        self.assertEqual(bill.amount_total, float(household.totals.total))
        self.assertEqual(bill.invoice_line_ids.filtered(lambda ln: ln.price_subtotal < 0).name,
                         "Other deduction on the e-invoice")
        # a household business whose tax code is the owner's 12-digit personal ID
        register = pf.for_company(fx.household_cash_register_invoice(), buyer_tax_code="")
        bill = self.bill_of(self.upload({"hkd_mtt.xml": pf.signed(register)}))
        self.assertEqual((bill.partner_id.vat, bill.partner_id.name),
                         ("001085012345", "Hộ kinh doanh Phở Bà Lan"))
        self.assertEqual(bill.l10n_vn_einvoice_in_tax_authority_code, "M2-26-HK0B1-00000000042")
        self.assertEqual(bill.amount_total, float(register.totals.total))
        again = self.upload({"hkd_mtt (2).xml": pf.signed(register)})
        self.assertEqual(self.bill_of(again), bill)

    def test_foreign_currency_and_rate(self):
        invoice = pf.for_company(fx.foreign_currency_invoice())
        self.env.ref("base.USD").active = True
        bill = self.bill_of(self.upload({"usd.xml": pf.signed(invoice)}))
        self.assertEqual(bill.currency_id.name, "USD")
        self.assertAlmostEqual(bill.invoice_currency_rate, 1 / 25350.50)
        self.assertEqual(Decimal(str(bill.amount_total)), invoice.totals.total)
        self.assertEqual(-bill.amount_total_signed, round(float(invoice.totals.total)
                                                          * 25350.50))

    def test_cash_register_invoice_keeps_its_code(self):
        invoice = pf.for_company(fx.cash_register_invoice(), buyer_tax_code="")
        bill = self.bill_of(self.upload({"mtt.xml": pf.signed(invoice)}))
        self.assertEqual(bill.l10n_vn_einvoice_in_tax_authority_code, "M1-26-AB12C-00000000123")
        self.assertEqual(bill.ref, "1C26MAA-M1-26-AB12C-00000000123")
        self.assertEqual(bill.l10n_vn_einvoice_in_status, "warning")  # no buyer tax code
        self.assertEqual(bill.amount_total, float(invoice.totals.total))

    def test_pure_bill_lines_of_a_decreasing_adjustment(self):
        data = purchase_bill.bill_from_invoice(fx.adjustment_invoice())
        self.assertTrue(data.refund)
        self.assertEqual([(ln.quantity, ln.price_unit, ln.amount) for ln in data.lines],
                         [(2, 500000, 1000000)])
        self.assertEqual(data.related_key, "0100109106|1|C26TAA|123")
