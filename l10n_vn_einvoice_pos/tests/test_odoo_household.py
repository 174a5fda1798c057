"""A household business end to end: its tax code is the owner's 12-digit personal ID, it
is on the direct method (sales invoices, form 2), and until 2026-12-31 it deducts the
20 % reduction of its VAT percentage on every invoice and receipt.

Checked against the rules, not our own output: the reduction is recomputed here from the
percentages of VAT Law 48/2024 (services 5 %, distribution 1 %), the XML goes through the
validator, and the sandbox (a real HTTP server) accepts what each provider payload says.
"""

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.addons.l10n_vn_einvoice.providers import bkav, viettel_payload, vnpt_payload
from odoo.addons.l10n_vn_einvoice.providers.base import RejectedError
from odoo.addons.l10n_vn_einvoice.standard import validate, xml_parse
from odoo.addons.l10n_vn_einvoice.standard.errors import StandardError
from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .pos_common import VnPosCommon

HOUSEHOLD_ID = "001085012345"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestHouseholdBusiness(VnPosCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"vat": HOUSEHOLD_ID, "name": "Hộ kinh doanh Phở Bà Lan",
                           "l10n_vn_einvoice_tax_method": "direct"})
        cls.food = cls.env["product.category"].create({
            "name": "Ăn uống", "l10n_vn_einvoice_household_sector": "services"})
        cls.goods = cls.env["product.category"].create({
            "name": "Hàng tạp hóa", "l10n_vn_einvoice_household_sector": "distribution"})
        cls.telecom = cls.env["product.category"].create({
            "name": "Thẻ cào", "l10n_vn_einvoice_household_sector": "distribution",
            "l10n_vn_einvoice_reduction_excluded": True})
        cls.pho, cls.water, cls.card = (cls.env["product.product"].create({
            "name": name, "list_price": price, "categ_id": categ.id, "type": "consu",
            "available_in_pos": True, "taxes_id": [Command.clear()]})
            for name, price, categ in (("Phở bò", 65000, cls.food),
                                       ("Nước suối", 12345, cls.goods),
                                       ("Thẻ cào 100k", 100000, cls.telecom)))

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def with_reduction(self, data, amount):
        """The order as a direct-method register sends it: a reduction line of ``amount``."""
        reduction = self.env.ref("l10n_vn_einvoice.product_vat_reduction")
        data["lines"].append(Command.create({
            "product_id": reduction.id, "qty": 1, "price_unit": -amount,
            "price_subtotal": -amount, "price_subtotal_incl": -amount,
            "tax_ids": [Command.clear()]}))
        for key in ("amount_total", "amount_paid"):
            data[key] -= amount
        data["payment_ids"][0][2]["amount"] -= amount
        return data

    def invoice(self, date, lines):
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id, "invoice_date": date,
            "invoice_line_ids": [Command.create({
                "product_id": product.id, "quantity": qty, "price_unit": product.list_price,
                "tax_ids": [Command.clear()]}) for product, qty in lines]})
        move.action_post()
        return move

    # --- the 12-digit tax code ----------------------------------------------------------

    def test_bad_tax_codes_are_refused_in_both_languages_and_nothing_is_written(self):
        for bad, english, vietnamese in (
                ("000085012345", "not a province code", "mã tỉnh 000 không tồn tại"),
                ("00108501234", "has 11 digits", "có 11 chữ số"),
                ("0100109107", "check digit", "chữ số kiểm tra")):
            with self.subTest(bad=bad), self.assertRaises(ValidationError) as info, \
                    self.env.cr.savepoint():
                self.company.vat = bad
            self.assertIn(english, str(info.exception))
            self.assertIn(vietnamese, str(info.exception))
            self.env.invalidate_all()
            self.assertEqual(self.company.vat, HOUSEHOLD_ID)

    @freeze_time("2026-12-15 03:00:00")  # a day of the reduction the till deducts
    def test_the_register_opens_and_issues_with_a_12_digit_seller(self):
        self.assertFalse(self.config_a.l10n_vn_einvoice_config_error)
        session = self.open_session(self.config_a)
        block = self.config_a.l10n_vn_einvoice_reserve_block(2026)
        # 65 000 × 5 % × 20 % + 12 345 × 1 % × 20 % = 650 + 24.69 → 675, deducted at the till
        data = self.with_reduction(self.order_data(session, self.pho + self.water,
                                                   code=self.codes_of(block)[0]), 675)
        order = self.sync(data)
        root = etree.fromstring(order.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml())
        self.assertEqual(root.findtext("DLHDon/NDHDon/NBan/MST"), HOUSEHOLD_ID)
        self.assertEqual(root.findtext("DLHDon/TTChung/KHMSHDon"), "2")
        self.assertEqual(self.config_a.l10n_vn_einvoice_seller_vat, HOUSEHOLD_ID)

    def test_buyer_tax_codes_are_written_in_their_legal_form(self):
        self.partner_a.vat = "0100109106 001"
        move = self.invoice("2026-11-20", [(self.pho, 1)])
        root = etree.fromstring(move.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml())
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/MST"), "0100109106-001")

    # --- the direct-method reduction ------------------------------------------------------

    def test_invoice_deducts_the_reduction_until_2026_and_not_after(self):
        with freeze_time("2026-12-31 03:00:00"):
            move = self.invoice("2026-12-31", [(self.pho, 3), (self.water, 10), (self.card, 1)])
        # services 195 000 × 5 % × 20 % = 1 950; distribution 123 450 × 1 % × 20 % = 246.9
        # → 247; the telecom card is excluded
        expected = 1950 + 247
        reduction_line = move._l10n_vn_einvoice_reduction_lines()
        self.assertEqual(reduction_line.price_subtotal, -expected)
        self.assertEqual(move.amount_total, 195000 + 123450 + 100000 - expected,
                         "the buyer pays the reduced total")
        doc = move.l10n_vn_einvoice_document_id
        root = etree.fromstring(doc._l10n_vn_einvoice_xml())
        self.assertEqual(validate.validate_invoice_xml(root), [])
        totals = root.find("DLHDon/NDHDon/TToan")
        self.assertEqual((totals.findtext("TgTCThue"), totals.findtext("TGTKhac"),
                          totals.findtext("TgTTTBSo")),
                         ("418450", str(expected), str(418450 - expected)))
        note = root.findall("DLHDon/NDHDon/DSHHDVu/HHDVu")[-1]
        self.assertEqual(note.findtext("TChat"), "4")
        self.assertEqual(note.findtext("THHDVu"),
                         "Đã giảm 2.197 đồng tương ứng 20% mức tỷ lệ % để tính thuế giá trị "
                         "gia tăng theo Nghị quyết số 204/2025/QH15")
        self.assertEqual(doc.vat_reduction, expected)
        with freeze_time("2027-01-01 03:00:00"):
            later = self.invoice("2027-01-01", [(self.pho, 3)])
        self.assertFalse(later._l10n_vn_einvoice_reduction_lines())
        root = etree.fromstring(later.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml())
        self.assertIsNone(root.find("DLHDon/NDHDon/TToan/TGTKhac"))
        self.assertEqual(validate.validate_invoice_xml(root), [])

    def test_a_2027_credit_note_of_a_2026_invoice_keeps_the_reduction(self):
        with freeze_time("2026-12-20 03:00:00"):
            move = self.invoice("2026-12-20", [(self.pho, 2)])
        move.l10n_vn_einvoice_document_id._l10n_vn_einvoice_set_outcome({"state": "accepted"})
        with freeze_time("2027-01-03 03:00:00"):
            reversal = self.env["account.move.reversal"].with_context(
                active_model="account.move", active_ids=move.ids).create({
                    "reason": "Trả lại một bát", "journal_id": move.journal_id.id,
                    "date": "2027-01-03"})
            refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
            goods = refund.invoice_line_ids - refund._l10n_vn_einvoice_reduction_lines()
            refund.write({"invoice_date": "2027-01-03", "invoice_line_ids": [
                Command.update(goods.id, {"quantity": 1})]})
            refund.action_post()
        self.assertEqual(refund._l10n_vn_einvoice_reduction_lines().price_subtotal, -650,
                         "65 000 × 5 % × 20 %, by the rule of the 2026 invoice")
        root = etree.fromstring(refund.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml())
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TGTKhac"), "-650")

    def test_register_reduction_line_is_checked_against_the_rule(self):
        def paid(code, amount):
            return self.with_reduction(
                self.order_data(session, self.pho + self.pho, code=code), amount)

        with freeze_time("2026-12-31 03:00:00"):
            session = self.open_session(self.config_a)
            codes = self.codes_of(self.config_a.l10n_vn_einvoice_reserve_block(2026))
            right = self.sync(paid(codes[0], 1300))  # 130 000 × 5 % × 20 %
            wrong = self.sync(paid(codes[1], 1000))
        doc = right.l10n_vn_einvoice_document_id
        invoice = xml_parse.parse_invoice(doc._l10n_vn_einvoice_xml())
        self.assertEqual((invoice.totals.other_deduction, invoice.totals.total),
                         (1300, 128700))
        self.assertEqual(doc.amount_total, right.amount_total)
        self.assertFalse(wrong.l10n_vn_einvoice_document_id, "the sale is kept, no e-invoice")
        self.assertIn("the rule of 31/12/2026 gives 1300", wrong.message_ids[:1].body)

    def test_through_the_sandbox_and_every_provider_payload(self):
        with freeze_time("2026-11-25 03:00:00"):
            reduced = self.invoice("2026-11-25", [(self.pho, 1), (self.water, 1)])
        with freeze_time("2027-01-04 03:00:00"):
            plain = self.invoice("2027-01-04", [(self.pho, 1)])
        for move in (reduced, plain):
            doc = move.l10n_vn_einvoice_document_id
            invoice = xml_parse.parse_invoice(doc._l10n_vn_einvoice_xml())
            payload = vnpt_payload.dshdon_payload([(doc.submission_key, invoice)])
            self.assertIn(f"<MST>{HOUSEHOLD_ID}</MST>", payload)
            if invoice.totals.other_deduction:
                self.assertIn("<TGTKhac>", payload)
                # Viettel's and BKAV's documented contracts have no place for it: said, not
                # silently dropped
                with self.assertRaisesRegex(StandardError, "TGTKhac"):
                    viettel_payload.invoice_to_payload(invoice, doc.submission_key, "2/001")
                with self.assertRaisesRegex(RejectedError, "TGTKhac"):
                    bkav.invoice_command(doc.submission_key, invoice)
                continue
            body = viettel_payload.invoice_to_payload(invoice, doc.submission_key, "2/001")
            self.assertEqual(body["sellerInfo"]["sellerTaxCode"], HOUSEHOLD_ID)
            self.assertEqual(bkav.invoice_command(doc.submission_key, invoice)[0],
                             bkav.CMD_CREATE)
        with freeze_time("2027-01-04 03:05:00"):
            self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.env.invalidate_all()
        for move in (reduced, plain):
            doc = move.l10n_vn_einvoice_document_id
            self.assertEqual(doc.state, "accepted", doc.provider_message)
            self.assertTrue(doc.tax_authority_code)

    def test_household_declaration_sums_the_invoiced_reductions(self):
        with freeze_time("2026-12-31 03:00:00"):  # above the 1 bn threshold: VAT is due
            first = self.invoice("2026-12-15", [(self.pho, 20000), (self.water, 7)])
            second = self.invoice("2026-12-30", [(self.pho, 1), (self.card, 3)])
            wizard = self.env["l10n_vn_einvoice.report.household"].create({
                "company_id": self.company.id, "year": 2026, "date_to": "2026-12-31"})
            wizard.action_compute()
        granted = sum((first + second).l10n_vn_einvoice_document_id.mapped("vat_reduction"))
        # per invoice: 1 300 000 000 × 5 % × 20 % = 13 000 000 and 86 415 × 1 % × 20 % =
        # 172.83 → 173; then 65 000 × 5 % × 20 % = 650 (the cards are excluded)
        self.assertEqual(granted, 13000000 + 173 + 650)
        self.assertEqual(sum(wizard.line_ids.mapped("vat_reduction")), granted)
        rows = {line.sector: line for line in wizard.line_ids}
        self.assertEqual(rows["services"].vat_reduction, 13000650)
        self.assertEqual(rows["services"].revenue, 65000 * 20001)
        self.assertEqual(rows["distribution"].revenue, 12345 * 7 + 300000,
                         "the excluded cards are revenue, without a reduction")
        self.assertEqual(rows["distribution"].vat_reduction, 173)
