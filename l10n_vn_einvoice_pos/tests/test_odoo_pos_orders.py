"""POS orders → cash-register e-invoices: configuration check, code blocks shared by two
registers, idempotent sync, refunds as replacements, void, end-of-day transmission."""

import datetime

from lxml import etree

from odoo import fields
from odoo.addons.l10n_vn_einvoice.standard import codes, validate
from odoo.addons.l10n_vn_einvoice.standard.xmldsig import VN_TZ
from odoo.addons.l10n_vn_einvoice.tests.sandbox_server import running_sandbox
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.einvoice_code_block import SERVER_CODE_FIRST
from .pos_common import AUTHORITY, VnPosCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosOrders(VnPosCommon):

    def setUp(self):
        super().setUp()
        self.session_a = self.open_session(self.config_a)
        self.session_b = self.open_session(self.config_b)
        # the year a register asks codes for is this one in Vietnam (the server refuses others)
        year = datetime.datetime.now(VN_TZ).year
        self.yy, self.last_yy = f"{year % 100:02d}", f"{(year - 1) % 100:02d}"
        self.block_a = self.config_a.l10n_vn_einvoice_reserve_block(year)
        self.block_b = self.config_b.l10n_vn_einvoice_reserve_block(year)

    def test_session_refused_without_authority_string(self):
        config = self._vn_pos_config("Quầy C")
        config.l10n_vn_einvoice_authority_string = False
        with self.assertRaisesRegex(UserError, "cannot open.*\n.*không thể mở ca"):
            config._check_before_creating_new_session()
        config.l10n_vn_einvoice_symbol = f"C{self.yy}TAA"
        config.l10n_vn_einvoice_authority_string = AUTHORITY
        with self.assertRaisesRegex(UserError, "letter M"):
            config._check_before_creating_new_session()

    def test_paid_order_becomes_a_valid_queued_cash_register_invoice(self):
        code = self.codes_of(self.block_a)[0]
        order = self.sync(self.order_data(self.session_a, self.pos_products[:4], code=code))
        doc = order.l10n_vn_einvoice_document_id
        self.assertEqual((doc.kind, doc.state, doc.tax_authority_code, doc.pos_order_id),
                         ("cash_register", "ready", code, order))
        self.assertEqual(doc.number, 1, "SHDon is gap-free per symbol, given at sync")
        self.assertFalse(order.account_move, "no journal entry per order")
        xml = doc._l10n_vn_einvoice_xml()
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        root = etree.fromstring(xml)
        self.assertEqual(root.findtext("MCCQT"), code)
        self.assertEqual(root.findtext("DLHDon/TTChung/KHHDon"), f"C{self.yy}MAA")
        self.assertEqual(float(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo")),
                         order.amount_total, "the invoice total is the till total")
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/Ten"), "Bán cho người tiêu dùng")
        self.assertEqual(doc.outbox_ids.state, "pending")

    def test_two_registers_interleaved_never_share_a_code(self):
        self.assertFalse(set(range(self.block_a["first"], self.block_a["last"] + 1))
                         & set(range(self.block_b["first"], self.block_b["last"] + 1)))
        codes_a, codes_b = self.codes_of(self.block_a), self.codes_of(self.block_b)
        batch = []
        for index in range(4):
            batch.append(self.order_data(self.session_a, code=codes_a[index]))
            batch.append(self.order_data(self.session_b, code=codes_b[index]))
        orders = self.env["pos.order"]
        for data in batch:  # one sync per order, interleaved, as two registers do
            orders |= self.sync(data)
        docs = orders.l10n_vn_einvoice_document_id
        self.assertEqual(len(docs), 8)
        self.assertEqual(len(set(docs.mapped("tax_authority_code"))), 8)
        self.assertEqual(sorted(orders.filtered(lambda o: o.config_id == self.config_a)
                                .mapped("l10n_vn_einvoice_code")), codes_a[:4])
        # a register replaying another register's code gets a fresh one, never a duplicate
        stolen = self.sync(self.order_data(self.session_b, code=codes_a[0]))
        self.assertNotEqual(stolen.l10n_vn_einvoice_code, codes_a[0])
        codes.validate_cash_register_code(stolen.l10n_vn_einvoice_code)
        self.assertIn("refused", stolen.message_ids[:1].body)

    def test_each_register_numbers_and_chains_under_its_own_symbol(self):
        """So that registers never wait for each other (see test_odoo_pos_registers)."""
        self.assertEqual((self.config_a.l10n_vn_einvoice_symbol,
                          self.config_b.l10n_vn_einvoice_symbol),
                         (f"C{self.yy}MAA", f"C{self.yy}MAB"))
        codes_a, codes_b = self.codes_of(self.block_a), self.codes_of(self.block_b)
        orders = self.env["pos.order"]
        for session, code in ((self.session_a, codes_a[0]), (self.session_b, codes_b[0]),
                              (self.session_a, codes_a[1]), (self.session_b, codes_b[1]),
                              (self.session_a, codes_a[2])):
            orders |= self.sync(self.order_data(session, code=code))
        for config, symbol, count in ((self.config_a, f"C{self.yy}MAA", 3),
                                      (self.config_b, f"C{self.yy}MAB", 2)):
            docs = orders.filtered(lambda o, c=config: o.config_id == c) \
                .l10n_vn_einvoice_document_id.sorted("id")
            self.assertEqual(set(docs.mapped("symbol")), {symbol})
            self.assertEqual(docs.mapped("number"), list(range(1, count + 1)))
            self.assertEqual(docs.mapped("chain_index"), list(range(1, count + 1)))
        self.assertEqual(self.env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_check_chain(
            self.company), (5, []))
        # a third register gets the next free letters; sharing a series is refused,
        # whatever its year digits
        config_c = self._vn_pos_config("Quầy C")
        self.assertEqual(config_c.l10n_vn_einvoice_symbol, f"C{self.yy}MAC")
        with self.assertRaisesRegex(
                ValidationError, f"C{self.last_yy}MAA.*Quầy A.*C{self.yy}MAB.*\n.*Quầy A"), \
                self.env.cr.savepoint():
            self.config_b.l10n_vn_einvoice_symbol = f"C{self.last_yy}MAA"
        config_c.l10n_vn_einvoice_enabled = False
        config_c.l10n_vn_einvoice_symbol = f"C{self.yy}MAA"  # not issuing: no clash
        with self.assertRaisesRegex(ValidationError, "already used by Quầy A"), \
                self.env.cr.savepoint():
            config_c.l10n_vn_einvoice_enabled = True

    def test_duplicate_sync_is_idempotent(self):
        data = self.order_data(self.session_a, code=self.codes_of(self.block_a)[0])
        first = self.sync(dict(data))
        again = self.sync(dict(data))
        self.assertEqual(first, again)
        self.assertEqual(self.env["l10n_vn_einvoice.document"].search_count(
            [("pos_order_id", "=", first.id)]), 1)
        self.assertEqual(len(first.l10n_vn_einvoice_document_id.outbox_ids), 1)

    def test_order_without_code_gets_one_from_the_server(self):
        order = self.sync(self.order_data(self.session_a, code=False))
        codes.validate_cash_register_code(order.l10n_vn_einvoice_code)
        self.assertTrue(order.l10n_vn_einvoice_code.startswith(f"M1-{self.yy}-{AUTHORITY}-"))
        # from the server's own range (a lock-free sequence), which blocks never reach
        sequence = codes.parse_cash_register_code(order.l10n_vn_einvoice_code).sequence
        self.assertGreaterEqual(sequence, SERVER_CODE_FIRST)
        again = self.sync(self.order_data(self.session_b, code=False))
        self.assertGreater(codes.parse_cash_register_code(again.l10n_vn_einvoice_code)
                           .sequence, sequence)

    def test_buyer_given_at_the_till(self):
        sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = sandbox.url
        order = self.sync(self.order_data(
            self.session_a, code=self.codes_of(self.block_a)[0],
            l10n_vn_einvoice_buyer_name="Nguyễn Văn A",
            l10n_vn_einvoice_buyer_tax_code="0301234562",
            l10n_vn_einvoice_buyer_email="a@example.com"))
        root = etree.fromstring(order.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml())
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/MST"), "0301234562")
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/Ten"), "Nguyễn Văn A")
        doc = order.l10n_vn_einvoice_document_id
        self.assertFalse(doc.email_queued_at)
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertTrue(doc.email_pending or doc.email_queued_at,
                        "the buyer's e-mail is queued by the delivery flow")

    def test_refund_replaces_the_original(self):
        codes_a = self.codes_of(self.block_a)
        order = self.sync(self.order_data(self.session_a, self.pos_products[:3], code=codes_a[0]))
        original = order.l10n_vn_einvoice_document_id
        partial = self.order_data(self.session_a, code=codes_a[1], refund_of=order,
                                  l10n_vn_einvoice_reason="Khách trả lại hàng")
        partial["lines"] = partial["lines"][:1]
        partial["amount_total"] = partial["amount_paid"] = partial["lines"][0][2][
            "price_subtotal_incl"]
        partial["payment_ids"][0][2]["amount"] = partial["amount_total"]
        refund = self.sync(partial)
        replacement = refund.l10n_vn_einvoice_document_id
        self.assertEqual(original.state, "replaced")
        self.assertEqual((replacement.correction_type, replacement.corrected_document_id),
                         ("replacement", original))
        xml = replacement._l10n_vn_einvoice_xml()
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        root = etree.fromstring(xml)
        self.assertEqual(root.findtext("DLHDon/TTChung/TTHDLQuan/TCHDon"), "1")
        self.assertIn("Khách trả lại hàng", root.findtext("DLHDon/TTChung/TTHDLQuan/GChu"))
        self.assertIn(codes_a[0], root.findtext("DLHDon/TTChung/TTHDLQuan/GChu"))
        kept = order.lines[1:]
        self.assertEqual(len(root.findall("DLHDon/NDHDon/DSHHDVu/HHDVu")), 2)
        self.assertAlmostEqual(float(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo")),
                               sum(kept.mapped("price_subtotal_incl")))

    def test_void_only_before_transmission(self):
        codes_a = self.codes_of(self.block_a)
        order = self.sync(self.order_data(self.session_a, code=codes_a[0]))
        order.action_l10n_vn_einvoice_void()
        doc = order.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "voided")
        self.assertEqual(doc.outbox_ids.state, "cancelled")
        sent = self.sync(self.order_data(self.session_a, code=codes_a[1]))
        sent.l10n_vn_einvoice_document_id._l10n_vn_einvoice_set_outcome(
            {"state": "sent", "sent_at": fields.Datetime.now()})
        with self.assertRaisesRegex(UserError, "transmitted to the provider"):
            sent.action_l10n_vn_einvoice_void()

    def test_end_of_day_everything_transmitted(self):
        sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = sandbox.url
        for code in self.codes_of(self.block_a)[:3]:
            self.sync(self.order_data(self.session_a, code=code))
        closing = self.session_a.get_closing_control_data()
        self.assertEqual(len(closing["l10n_vn_einvoice_untransmitted"]), 3)
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        docs = self.session_a.order_ids.l10n_vn_einvoice_document_id
        self.assertEqual(set(docs.mapped("state")), {"accepted"},
                         docs.mapped("provider_message"))
        self.assertEqual(self.session_a.get_closing_control_data()[
            "l10n_vn_einvoice_untransmitted"], [])
        self.assertEqual(sandbox.sandbox.count(), 3, "each invoice transmitted once")

    def test_sale_kept_when_the_invoice_cannot_be_built(self):
        product = self.env["product.product"].create({
            "name": "Không thuế", "available_in_pos": True, "list_price": 10000,
            "taxes_id": [(5, 0, 0)]})
        order = self.sync(self.order_data(self.session_a, product, code=self.codes_of(
            self.block_a)[0]))
        self.assertEqual(order.state, "paid", "the sale is never lost")
        self.assertFalse(order.l10n_vn_einvoice_document_id)
        self.assertIn("exactly one VAT tax", order.message_ids[:1].body)

    def test_invoicing_an_e_invoiced_order_later_issues_no_second_e_invoice(self):
        code = self.codes_of(self.block_a)[0]
        order = self.sync(self.order_data(self.session_a, self.pos_products[:2], code=code,
                                          partner=self.partner_a))
        doc = order.l10n_vn_einvoice_document_id
        self.assertTrue(doc)
        order.action_pos_order_invoice()
        move = order.account_move
        self.assertEqual(move.state, "posted")
        self.assertFalse(move.l10n_vn_einvoice_document_ids, "the sale is e-invoiced once")
        self.assertIn(doc.name, move.message_ids[:1].body)
