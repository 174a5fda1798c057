"""Midnight on New Year's Eve 2026 at the registers, Vietnam time (UTC+7), with the clock
moved: a register open across midnight, an order paid before midnight but synced after
it, a 2027 refund of a 2026 sale (the invoices: the core's ``test_odoo_year_end.py``).
"""

from freezegun import freeze_time

from odoo import Command
from odoo.addons.l10n_vn_einvoice.standard import validate
from odoo.addons.l10n_vn_einvoice.tests.test_odoo_year_end import (
    AT_MIDNIGHT,
    BEFORE_MIDNIGHT,
    HALF_PAST_ELEVEN,
    server_time_zone,
    xml_of,
)
from odoo.tests import tagged

from .pos_common import AUTHORITY, VnPosCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestYearEndPos(VnPosCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item8 = cls.env["product.product"].create({
            "name": "Bánh chưng", "available_in_pos": True, "type": "consu",
            "list_price": 108000, "taxes_id": [Command.set(cls.tax8.ids)]})
        cls.env.user.tz = "Europe/Paris"  # neither the user's zone nor the server's counts

    def setUp(self):
        super().setUp()
        self.enterContext(freeze_time("2026-12-31 15:00:00"))  # 22:00 in Vietnam
        self.session = self.open_session(self.config_a)
        # In December the register keeps blocks of both years (static/src/pos/code_blocks.js)
        self.codes_26 = self.codes_of(self.config_a.l10n_vn_einvoice_reserve_block(2026))
        self.codes_27 = self.codes_of(self.config_a.l10n_vn_einvoice_reserve_block(2027))

    def order(self, date_order, code, tax, **extra):
        data = self.order_data(self.session, self.item8, code=code, date_order=date_order,
                               **extra)
        line = data["lines"][0][2]
        result = tax.compute_all(self.item8.list_price, self.company.currency_id, 1)
        line.update({"tax_ids": [Command.set(tax.ids)],
                     "price_subtotal": result["total_excluded"],
                     "price_subtotal_incl": result["total_included"]})
        return data

    def test_a_register_open_across_midnight(self):
        last_2026 = self.sync(self.order(BEFORE_MIDNIGHT, self.codes_26[0], self.tax8))
        # The register mapped 8 % to its successor at midnight (static/src/pos/direct_reduction.js)
        first_2027 = self.sync(self.order(AT_MIDNIGHT, self.codes_27[0], self.tax10))
        half_past = self.sync(self.order(HALF_PAST_ELEVEN, self.codes_26[1], self.tax8))
        for order, symbol, code, rate, number in (
                (last_2026, "C26MAA", self.codes_26[0], "8%", 1),
                (half_past, "C26MAA", self.codes_26[1], "8%", 2),
                (first_2027, "C27MAA", self.codes_27[0], "10%", 1)):
            doc = order.l10n_vn_einvoice_document_id
            root = xml_of(order)
            self.assertEqual(validate.validate_invoice_xml(root), [])
            self.assertEqual((doc.symbol, doc.tax_authority_code, doc.number),
                             (symbol, code, number), order.name)
            self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/TSuat"), rate)
            self.assertEqual(root.findtext("MCCQT")[:6], f"M1-{symbol[1:3]}-")
        self.assertEqual(str(last_2026.l10n_vn_einvoice_document_id.issue_date), "2026-12-31")
        self.assertEqual(str(first_2027.l10n_vn_einvoice_document_id.issue_date), "2027-01-01")
        self.assertEqual(
            str(half_past.l10n_vn_einvoice_document_id.issue_date), "2026-12-31",
            "23:30 on 31/12 in Vietnam (16:30 UTC) is a 2026 invoice")

    def test_paid_before_midnight_synced_after_keeps_2026(self):
        data = self.order(BEFORE_MIDNIGHT, self.codes_26[0], self.tax8)
        with freeze_time("2026-12-31 17:20:00"), server_time_zone("America/Los_Angeles"):
            order = self.sync(data)
        doc = order.l10n_vn_einvoice_document_id
        self.assertEqual((doc.symbol, str(doc.issue_date), doc.tax_authority_code),
                         ("C26MAA", "2026-12-31", self.codes_26[0]))
        self.assertEqual(validate.validate_invoice_xml(xml_of(order)), [])

    def test_no_2026_code_on_a_2027_invoice(self):
        """A register that kept a 2026 code past midnight gets a fresh 2027 one."""
        order = self.sync(self.order(AT_MIDNIGHT, self.codes_26[0], self.tax10))
        code = order.l10n_vn_einvoice_code
        self.assertTrue(code.startswith(f"M1-27-{AUTHORITY}-"), code)
        self.assertNotIn(code, self.codes_26)
        self.assertIn("refused", order.message_ids[:1].body)

    def test_a_2027_order_still_at_8_percent_is_kept_without_e_invoice(self):
        order = self.sync(self.order(AT_MIDNIGHT, self.codes_27[0], self.tax8))
        self.assertEqual(order.state, "paid", "the sale is never refused")
        self.assertFalse(order.l10n_vn_einvoice_document_id)
        self.assertIn("204/2025/QH15", order.message_ids[:1].body)

    def test_refund_in_2027_of_a_2026_sale_keeps_8_percent(self):
        sale = self.sync(self.order(BEFORE_MIDNIGHT, self.codes_26[0], self.tax8))
        refund = self.order_data(self.session, code=self.codes_27[0], refund_of=sale,
                                 date_order="2027-01-02 02:00:00",
                                 l10n_vn_einvoice_reason="Khách đổi ý")
        with freeze_time("2027-01-02 02:00:00"):
            refund = self.sync(refund)
        replacement = refund.l10n_vn_einvoice_document_id
        self.assertEqual((replacement.symbol, replacement.number, str(replacement.issue_date)),
                         ("C27MAA", 1, "2027-01-02"))
        root = xml_of(refund)
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual(root.findtext("DLHDon/TTChung/TTHDLQuan/NLHDCLQuan"), "2026-12-31")
