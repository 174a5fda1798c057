"""Posting a Vietnamese customer invoice → e-invoice document → outbox → sandbox provider
(a real HTTP server on 127.0.0.1) → accepted with a tax-authority code."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..providers.sandbox.faults import Fault
from ..standard import codes, validate
from .common import VnEinvoiceCommon
from .sandbox_server import running_sandbox


@tagged("post_install", "-at_install", "post_install_l10n")
class TestInvoiceFlow(VnEinvoiceCommon):

    def setUp(self):
        super().setUp()
        # A sandbox of its own per test: Odoo's numbering rolls back after each test,
        # the sandbox's memory of numbers would not.
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def held(self):
        return self.sandbox.sandbox.count()

    def _invoice(self, lines=None, post=True, **kw):
        lines = lines or [(self.product_a, 2, 150000.0, self.tax10),
                          (self.product_b, 3, 33333.0, self.tax8)]
        move = self.env["account.move"].create({
            "move_type": kw.pop("move_type", "out_invoice"),
            "partner_id": kw.pop("partner", self.partner_a).id,
            "invoice_date": kw.pop("invoice_date", "2026-11-20"),
            "invoice_line_ids": [(0, 0, {"product_id": p.id, "quantity": q, "price_unit": pr,
                                         "tax_ids": [(6, 0, t.ids)]}) for p, q, pr, t in lines],
            **kw,
        })
        if post:
            move.action_post()
        return move

    def _drain(self):
        return self.env["l10n_vn_einvoice.outbox"]._process_due()

    def test_post_creates_valid_document_and_queues_it(self):
        move = self._invoice()
        doc = move.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "ready")
        self.assertEqual((doc.form, doc.symbol, doc.number), ("1", "C26TAA", 1))
        self.assertTrue(doc.submission_key)
        xml = doc._l10n_vn_einvoice_xml()
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        self.assertTrue(doc.xml_attachment_id.name.endswith(".xml"))
        root = etree.fromstring(xml)
        self.assertEqual(root.findtext("DLHDon/TTChung/KHHDon"), "C26TAA")
        # totals reconcile with the journal entry to the last đồng
        self.assertEqual(float(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo")), move.amount_total)
        self.assertEqual(float(root.findtext("DLHDon/NDHDon/TToan/TgTThue")), move.amount_tax)
        self.assertEqual(doc.outbox_ids.state, "pending")
        self.assertEqual(self.held(), 0, "nothing is sent while posting")

    def test_worker_sends_and_stores_the_tax_authority_code(self):
        move = self._invoice()
        doc = move.l10n_vn_einvoice_document_id
        self._drain()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        codes.validate_tax_authority_code(doc.tax_authority_code)
        self.assertEqual(doc.outbox_ids.state, "done")
        self.assertEqual(doc.exchange_ids.mapped("result"), ["ok"])
        self.assertEqual(self.held(), 1)

    def test_a_claim_takes_at_most_its_batch(self):
        docs = [self._invoice().l10n_vn_einvoice_document_id for _ in range(5)]
        rows = self.env["l10n_vn_einvoice.outbox"]._claim(2, [d.id for d in docs])
        self.assertEqual(len(rows), 2)
        self.assertEqual(set(rows.mapped("state")), {"sending"})
        rest = self.env["l10n_vn_einvoice.outbox"]._claim(10, [d.id for d in docs])
        self.assertEqual(len(rest), 3, "the other worker gets the rest, none twice")
        self.assertFalse(rows & rest)

    def test_numbers_are_sequential_per_symbol(self):
        docs = [self._invoice().l10n_vn_einvoice_document_id for _ in range(3)]
        self.assertEqual([d.number for d in docs], [1, 2, 3])

    def test_transient_faults_then_success_without_duplicate(self):
        doc = self._invoice().l10n_vn_einvoice_document_id
        self.sandbox.faults.add("*", Fault("http503"))
        self._drain()
        self.assertEqual(doc.state, "ready")
        row = doc.outbox_ids
        self.assertEqual((row.state, row.attempts), ("pending", 1))
        self.assertIn("transient", doc.exchange_ids.mapped("result"))
        # second try: looked up first (unknown), then issued; the provider stores the
        # invoice but the answer is lost on the way back
        self.sandbox.faults.add("ImportAndPublishAssignedNo", Fault("lost_after_commit"))
        row.sudo().next_attempt_at = "2000-01-01"
        self._drain()
        self.assertEqual(self.held(), 1)
        self.assertEqual(doc.state, "ready")
        # third try: the lookup by submission key finds it; nothing is issued again
        row.sudo().next_attempt_at = "2000-01-01"
        self._drain()
        self.assertEqual(doc.state, "accepted")
        self.assertEqual(self.held(), 1, "sent exactly once")
        self.assertIn("lookup", doc.exchange_ids.mapped("operation"))

    def test_rejection_alerts_the_manager(self):
        doc = self._invoice().l10n_vn_einvoice_document_id
        self.sandbox.faults.add("*", Fault("err", code="3"))
        self._drain()
        self.assertEqual(doc.state, "rejected")
        self.assertTrue(doc.provider_message)
        self.assertTrue(doc.activity_ids, "an activity for the e-invoice manager")

    def test_reposting_after_rejection_issues_a_new_number(self):
        move = self._invoice()
        first = move.l10n_vn_einvoice_document_id
        self.sandbox.faults.add("*", Fault("err", code="3"))
        self._drain()
        self.assertEqual(first.state, "rejected")
        move.button_draft()
        move.action_post()
        second = move.l10n_vn_einvoice_document_id
        self.assertNotEqual(second, first)
        self.assertEqual((first.number, second.number), (1, 2))
        self.sandbox.faults.clear()
        self._drain()
        self.assertEqual(second.state, "accepted")
        self.assertEqual(first.state, "rejected", "the refused number stays documented")

    def test_issued_document_is_immutable_and_kept(self):
        move = self._invoice()
        doc = move.l10n_vn_einvoice_document_id
        with self.assertRaises(UserError):
            doc.buyer_name = "Someone else"
        with self.assertRaises(UserError):
            doc.unlink()
        with self.assertRaises(UserError):
            doc.xml_attachment_id.unlink()
        with self.assertRaises(UserError):
            move.button_draft()

    def test_credit_note_is_a_negative_adjustment(self):
        move = self._invoice()
        original = move.l10n_vn_einvoice_document_id
        self._drain()
        reversal = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=move.ids).create({
                "reason": "Trả lại hàng", "journal_id": move.journal_id.id,
                "date": "2026-11-21"})
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_date = "2026-11-21"
        refund.action_post()
        doc = refund.l10n_vn_einvoice_document_id
        self.assertEqual(doc.correction_type, "adjustment")
        self.assertEqual(doc.corrected_document_id, original)
        self.assertEqual(original.state, "adjusted")
        root = etree.fromstring(doc._l10n_vn_einvoice_xml())
        self.assertEqual(root.findtext("DLHDon/TTChung/TTHDLQuan/TCHDon"), "2")
        self.assertTrue(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo").startswith("-"))
        self.assertEqual(validate.validate_invoice_xml(doc._l10n_vn_einvoice_xml()), [])

    def test_line_without_vat_tax_gives_a_clear_error(self):
        move = self._invoice(post=False)
        move.invoice_line_ids[0].tax_ids = False
        with self.assertRaisesRegex(UserError, "exactly one VAT tax"):
            move.action_post()
        self.assertFalse(self.env["l10n_vn_einvoice.document"].search([("move_id", "=", move.id)]))

    def test_foreign_currency_invoice(self):
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 0.00004)])
        move = self._invoice(currency_id=usd.id, lines=[(self.product_a, 1, 100.0, self.tax10)])
        root = etree.fromstring(move.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml())
        self.assertEqual(root.findtext("DLHDon/TTChung/DVTTe"), "USD")
        self.assertEqual(root.findtext("DLHDon/TTChung/TGia"), "25000")
        self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo"), "110")
