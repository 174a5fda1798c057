"""The buyer asks for an invoice in their name after paying at a cash register.

Odoo's own invoicing of the POS order (the back office's *Invoice* button here; the
ticket page in test_odoo_pos_ticket_page and the tours) must end with the legal document
of TT 91/2026 Đ10 k1 b–c: a replacement cash-register invoice in the buyer's name, linked
to the one it replaces, declared instead of it, transmitted to the (sandbox) tax
authority and e-mailed — never a second invoice for the same sale.  Dates are moved
with freezegun across the two legal boundaries that matter (the rules of 2026-07-01, the
8 % rate ending on 2026-12-31).
"""

import datetime

from freezegun import freeze_time
from lxml import etree
from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.addons.l10n_vn_einvoice.models.einvoice_document_lines import REPORTED_STATES
from odoo.addons.l10n_vn_einvoice.report.household import _document_lines
from odoo.addons.l10n_vn_einvoice.standard import validate
from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .pos_common import VnPosCommon


def xml_of(doc):
    return etree.fromstring(doc._l10n_vn_einvoice_xml())


def extra(root, name):
    """A TTChung/TTKhac field of the XML (e.g. the cause code)."""
    for item in root.iterfind("DLHDon/TTChung/TTKhac/TTin"):
        if item.findtext("TTruong") == name:
            return item.findtext("DLieu")
    return None


class BuyerRequestCommon(VnPosCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.individual = cls.env["res.partner"].create({
            "name": "Nguyễn Văn An", "street": "45 Lê Lợi", "email": "an@example.com",
            "country_id": cls.env.ref("base.vn").id})

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def sale(self, session, products=None, **extra_values):
        """A paid order synced from the register, its cash-register invoice accepted."""
        order = self.sync(self.order_data(session, products, **extra_values))
        self.transmit()
        self.assertEqual(order.l10n_vn_einvoice_document_id.state, "accepted")
        return order

    def transmit(self):
        Outbox = self.env["l10n_vn_einvoice.outbox"]
        for _round in range(3):  # issue, then the lookups of a pending answer
            Outbox._process_due()
        self.env.invalidate_all()

    def invoice(self, order, partner):
        order.partner_id = partner
        order.action_pos_order_invoice()
        return order.account_move


@tagged("post_install", "-at_install", "post_install_l10n")
class TestBuyerRequestBackOffice(BuyerRequestCommon):

    def setUp(self):
        super().setUp()
        self.enterContext(freeze_time("2026-11-20 03:00:00"))  # 10:00 in Vietnam
        self.session = self.open_session(self.config_a)

    def test_invoice_button_replaces_the_cash_register_invoice_for_the_buyer(self):
        order = self.sale(self.session)
        original = order.l10n_vn_einvoice_document_id
        self.assertEqual(original.buyer_name, "Bán cho người tiêu dùng")
        move = self.invoice(order, self.partner_a)
        self.assertEqual(move.state, "posted")
        self.assertFalse(move.l10n_vn_einvoice_document_ids,
                         "Odoo's invoice is not a second e-invoice of the sale")
        doc = order.l10n_vn_einvoice_live_document_id
        self.assertEqual(
            (doc.kind, doc.correction_type, doc.corrected_document_id, doc.pos_order_id,
             doc.buyer_tax_code, doc.buyer_name, doc.cause_code, original.state),
            ("cash_register", "replacement", original, order, "0301234562",
             "Công ty TNHH Khách Hàng", "14", "replaced"))
        self.assertNotEqual(doc.tax_authority_code, original.tax_authority_code)
        self.assertEqual((doc.amount_untaxed, doc.amount_tax, doc.amount_total),
                         (original.amount_untaxed, original.amount_tax, original.amount_total))
        root = xml_of(doc)
        self.assertEqual(validate.validate_invoice_xml(root), [])
        related = root.find("DLHDon/TTChung/TTHDLQuan")
        self.assertEqual(
            (related.findtext("TCHDon"), related.findtext("KHHDCLQuan"),
             related.findtext("SHDCLQuan"), related.findtext("NLHDCLQuan")),
            ("1", original.symbol, str(original.number), "2026-11-20"))
        self.assertIn(original.tax_authority_code, related.findtext("GChu"))
        self.assertEqual(extra(root, "LDDCTThe"), "14")
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/MST"), "0301234562")
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/DCTDTu"), "ketoan@khachhang.example")
        # what the seller keeps: the request with the agreed statement
        request = self.env["l10n_vn_einvoice.buyer_request"].search(
            [("pos_order_id", "=", order.id)])
        self.assertEqual((request.channel, request.document_id, request.move_id,
                          request.original_document_id), ("back_office", doc, move, original))
        self.assertIn(original.tax_authority_code, request.statement)
        self.assertIn("Điều 10 khoản 1 điểm b", request.statement)
        self.assertEqual((doc.agreement_name, str(doc.agreement_date)),
                         (f"Đề nghị của người mua {request.display_name} ngày 20/11/2026",
                          "2026-11-20"))
        self.assertIn(doc.name, move.message_ids[:1].body)
        # transmitted once, accepted, e-mailed with its PDF and XML
        self.transmit()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertTrue(doc.email_pending or doc.email_queued_at)
        self.assertEqual(self.sandbox.sandbox.count(), 2, "the original and its replacement")
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            move.button_draft()

    def test_two_requests_give_one_document(self):
        order = self.sale(self.session)
        move = self.invoice(order, self.partner_a)
        again = order.action_pos_order_invoice()
        self.assertEqual(again["res_id"], move.id)
        self.assertIsNone(order._l10n_vn_einvoice_replace_for_buyer(move))
        docs = self.env["l10n_vn_einvoice.document"].search([("pos_order_id", "=", order.id)])
        self.assertEqual(len(docs), 2, "the cash-register invoice and one replacement")
        # the database keeps it so even if two requests raced past every check
        request = self.env["l10n_vn_einvoice.buyer_request"].search(
            [("pos_order_id", "=", order.id)])
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
            request.sudo().copy()

    def test_buyer_already_on_the_invoice_or_without_tax_code(self):
        typed = self.sale(self.session, l10n_vn_einvoice_buyer_tax_code="0301234562")
        move = self.invoice(typed, self.partner_a)
        self.assertEqual(typed.l10n_vn_einvoice_live_document_id,
                         typed.l10n_vn_einvoice_document_id, "nothing to correct")
        self.assertIn("already carries the buyer's tax code 0301234562",
                      move.message_ids[:1].body)
        person = self.sale(self.session)
        move = self.invoice(person, self.individual)
        self.assertEqual(person.l10n_vn_einvoice_live_document_id.state, "accepted")
        self.assertIn("has no tax code or personal ID", move.message_ids[:1].body)
        self.assertFalse(self.env["l10n_vn_einvoice.buyer_request"].search_count([]))

    def test_refused_in_words_until_the_tax_authority_has_it(self):
        order = self.sync(self.order_data(self.session))
        original = order.l10n_vn_einvoice_document_id
        self.assertEqual(original.state, "ready")
        with self.assertRaises(UserError) as caught:  # rolled back to before the call
            self.invoice(order, self.partner_a)
        self.assertRegex(str(caught.exception), "has not reached the tax authority yet.*\n"
                                                ".*chưa được gửi đến cơ quan thuế")
        self.env.invalidate_all()
        self.assertFalse(order.account_move)
        self.assertFalse(self.env["l10n_vn_einvoice.buyer_request"].search_count([]))
        self.transmit()
        self.invoice(order, self.partner_a)
        self.assertEqual(original.state, "replaced")

    def test_return_after_the_buyer_invoice_replaces_it_again(self):
        order = self.sale(self.session, self.pos_products[:3])
        self.invoice(order, self.partner_a)
        self.transmit()
        buyer_doc = order.l10n_vn_einvoice_live_document_id
        self.assertEqual(buyer_doc.state, "accepted")
        # the register makes the refund of an invoiced order an invoiced refund
        data = self.order_data(self.session, refund_of=order, partner=self.partner_a,
                               to_invoice=True, is_refund=True,
                               l10n_vn_einvoice_reason="Khách trả hàng")
        data["lines"] = data["lines"][:1]
        data["amount_total"] = data["amount_paid"] = data["lines"][0][2][
            "price_subtotal_incl"]
        data["payment_ids"][0][2]["amount"] = data["amount_total"]
        refund = self.sync(data)
        self.assertEqual(refund.account_move.move_type, "out_refund")
        self.assertFalse(refund.account_move.l10n_vn_einvoice_document_ids,
                         "no adjustment: cash-register invoices are only replaced")
        replacement = refund.l10n_vn_einvoice_document_id
        self.assertEqual((replacement.corrected_document_id, buyer_doc.state,
                          replacement.buyer_tax_code), (buyer_doc, "replaced", "0301234562"))
        root = xml_of(replacement)
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual(len(root.findall("DLHDon/NDHDon/DSHHDVu/HHDVu")), 2)
        # and the page has nothing more to offer on this ticket
        self.assertEqual(order._l10n_vn_einvoice_request_situation()[0], "requested")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestBuyerRequestDates(BuyerRequestCommon):
    """The replacement follows the rules of its own date and the rate of the sale."""

    def test_sale_under_decree_70_replaced_under_decree_254(self):
        with freeze_time("2026-06-30 16:30:00"):  # 23:30 on 30 June in Vietnam
            session = self.open_session(self.config_a)
            order = self.sale(session)
        original = order.l10n_vn_einvoice_document_id
        self.assertEqual(str(original.issue_date), "2026-06-30")
        self.assertIsNone(extra(xml_of(original), "LDDCTThe"))
        with freeze_time("2026-07-01 01:00:00"):
            self.invoice(order, self.partner_a)
        doc = order.l10n_vn_einvoice_live_document_id
        root = xml_of(doc)
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual((str(doc.issue_date), extra(root, "LDDCTThe"),
                          root.findtext("DLHDon/TTChung/TTHDLQuan/NLHDCLQuan")),
                         ("2026-07-01", "14", "2026-06-30"))

    def test_2026_sale_at_8_percent_replaced_in_2027(self):
        item = self.env["product.product"].create({
            "name": "Cơm gà", "available_in_pos": True, "type": "consu",
            "list_price": 54000, "taxes_id": [Command.set(self.tax8.ids)]})
        with freeze_time("2026-12-31 15:00:00"):  # 22:00 on New Year's Eve in Vietnam
            session = self.open_session(self.config_a)
            order = self.sale(session, item)
        with freeze_time("2027-01-02 02:00:00"):
            self.invoice(order, self.partner_a)
            self.transmit()
        doc = order.l10n_vn_einvoice_live_document_id
        root = xml_of(doc)
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual((doc.symbol, doc.number, doc.tax_authority_code[:6],
                          root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/TSuat")),
                         ("C27MAA", 1, "M1-27-", "8%"), "a 2027 invoice keeping the 8 % sale")
        self.assertEqual(root.findtext("DLHDon/TTChung/TTHDLQuan/NLHDCLQuan"), "2026-12-31")
        self.assertEqual(doc.state, "accepted", doc.provider_message)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestBuyerRequestDeclaredOnce(BuyerRequestCommon):
    """The sale counts once in every report: the replaced invoice leaves them, its
    replacement takes its place, and Odoo's invoice takes the sale out of the closing."""

    def test_tax_summary_vat_return_register_and_reconciliation(self):
        with freeze_time("2026-11-20 03:00:00"):
            session = self.open_session(self.config_a)
            asked = self.sale(session, self.pos_products[:3])
            other = self.sale(session, self.pos_products[3:5])
            self.invoice(asked, self.partner_a)
            self.transmit()
            session.close_session_from_ui()
            self.assertEqual(session.state, "closed")
        sales = asked + other
        untaxed = sum(o.amount_total - o.amount_tax for o in sales)
        vat = sum(sales.mapped("amount_tax"))
        period = {"company_id": self.company.id, "date_from": "2026-11-01",
                  "date_to": "2026-11-30"}
        summary = self.env["l10n_vn_einvoice.report.tax_summary"].create(period)
        summary.action_compute()
        self.assertEqual((summary.amount_untaxed, summary.vat, summary.difference_count),
                         (untaxed, vat, 0), "each sale once, as booked")
        counted = self.env["l10n_vn_einvoice.document.line"].search([
            ("company_id", "=", self.company.id), ("state", "in", REPORTED_STATES)]).document_id
        self.assertEqual(counted, asked.l10n_vn_einvoice_live_document_id
                         + other.l10n_vn_einvoice_document_id)
        vat_return = self.env["l10n_vn_einvoice.report.vat_return"].create({
            "company_id": self.company.id, "year": 2026, "period_type": "monthly",
            "month": 11})
        vat_return.action_compute()
        figures = {line.indicator: line.amount for line in vat_return.line_ids}
        self.assertEqual((figures["34"], figures["35"]), (untaxed, vat))
        register = self.env["l10n_vn_einvoice.report.sales_register"].create(period)
        states = sorted(row[11] for row in register._rows())
        self.assertEqual(states, ["accepted", "accepted", "replaced"])
        reconciliation = self.env["l10n_vn_einvoice.report.reconciliation"].create(period)
        reconciliation.action_compute()
        self.assertFalse(reconciliation.line_ids.mapped("category"),
                         "Odoo's invoice is not 'posted without e-invoice'")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestBuyerRequestHousehold(BuyerRequestCommon):
    """A household business on the direct method: the replacement keeps the sale's 20 %
    VAT reduction, and the household declaration counts the sale once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"vat": "001085012345", "name": "Hộ kinh doanh Phở Bà Lan",
                           "l10n_vn_einvoice_tax_method": "direct"})
        food = cls.env["product.category"].create({
            "name": "Ăn uống", "l10n_vn_einvoice_household_sector": "services"})
        cls.pho = cls.env["product.product"].create({
            "name": "Phở bò", "list_price": 65000, "categ_id": food.id, "type": "consu",
            "available_in_pos": True, "taxes_id": [Command.clear()]})

    def test_reduction_kept_and_revenue_declared_once(self):
        with freeze_time("2026-11-20 03:00:00"):
            session = self.open_session(self.config_a)
            data = self.order_data(session, self.pho + self.pho)
            reduction = self.env.ref("l10n_vn_einvoice.product_vat_reduction")
            data["lines"].append(Command.create({  # 130 000 × 5 % × 20 %, deducted at the till
                "product_id": reduction.id, "qty": 1, "price_unit": -1300,
                "price_subtotal": -1300, "price_subtotal_incl": -1300,
                "tax_ids": [Command.clear()]}))
            for key in ("amount_total", "amount_paid"):
                data[key] -= 1300
            data["payment_ids"][0][2]["amount"] -= 1300
            order = self.sync(data)
            self.transmit()
            self.invoice(order, self.partner_a)
            self.transmit()
            household = self.env["l10n_vn_einvoice.report.household"].create({
                "company_id": self.company.id, "year": 2026, "date_to": "2026-11-30"})
            household.action_compute()
        doc = order.l10n_vn_einvoice_live_document_id
        self.assertEqual((doc.state, doc.corrected_document_id.state), ("accepted", "replaced"))
        root = xml_of(doc)
        self.assertEqual(validate.validate_invoice_xml(root), [])
        self.assertEqual((root.findtext("DLHDon/TTChung/KHMSHDon"),
                          root.findtext("DLHDon/NDHDon/TToan/TGTKhac"),
                          root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo")), ("2", "1300", "128700"))
        self.assertEqual(household.revenue, 130000, "one sale of 130 000, once")
        rows = _document_lines(self.env, self.company.id, datetime.date(2026, 1, 1),
                               datetime.date(2026, 11, 30))
        self.assertEqual({(row[0], row[1]) for row in rows}, {(doc.id, 1300)},
                         "the reduction the declaration sums is the replacement's, once")
