"""Corrections of issued e-invoices against the sandbox provider: 04/SS notice,
adjustment, replacement, several invoices with list 01/BK-ĐCTT, void before transmission,
and the regime boundary of 2026-07-01 (cause codes, cash-register replacement only,
same method as the first correction).

Generated XML is compared with golden files in ``tests/data/golden_odoo/`` after the
values that vary between runs (the tax authority's codes, the Odoo move reference) are
replaced by a placeholder, as l10n_sa_edi does before ``assertXmlTreeEqual``."""

import os
import tempfile

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..providers.sandbox.faults import Fault
from ..standard import regimes, validate
from .common import VnEinvoiceCommon
from .sandbox_server import running_sandbox

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "data", "golden_odoo")
VARYING_TAGS = {"MCQTCap", "MCCQT"}
PLACEHOLDER = "___ignore___"


def neutral(xml):
    """Canonical text of ``xml`` with run-dependent values replaced."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    for node in root.iter():
        if node.tag in VARYING_TAGS:
            node.text = PLACEHOLDER
    for info in root.iter("TTin"):
        if info.findtext("TTruong") == "OdooRef":
            info.find("DLieu").text = PLACEHOLDER
    return etree.tostring(root, encoding="unicode", pretty_print=True)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestCorrections(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"l10n_vn_einvoice_tax_office_code": "79100",
                           "l10n_vn_einvoice_tax_office_name": "Thuế TP. Hồ Chí Minh"})

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url

    # ------------------------------------------------------------------ helpers
    def _invoice(self, date="2026-11-20", qty=2, drain=True):
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id, "invoice_date": date,
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": qty,
                                         "price_unit": 150000.0,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})],
        })
        move.action_post()
        doc = move.l10n_vn_einvoice_document_id
        if drain:
            self._drain()
            self.assertEqual(doc.state, "accepted", doc.provider_message)
        return doc

    def _drain(self):
        return self.env["l10n_vn_einvoice.outbox"]._process_due()

    def _wizard(self, docs, **vals):
        return self.env["l10n_vn_einvoice.correction.wizard"].with_context(
            active_ids=docs.ids).create(vals)

    def _prepare(self, docs, lines=(), **vals):
        """The draft the wizard prepares; ``lines``: what the user types on each line."""
        vals.setdefault("agreement_name", "Biên bản thỏa thuận 01/2026")
        vals.setdefault("agreement_date", vals.get("date", "2026-11-21"))
        wizard = self._wizard(docs, **vals)
        for line, typed in zip(wizard.line_ids, lines, strict=False):
            line.write(typed)
        action = wizard.action_prepare()
        return self.env["account.move"].browse(action["res_id"])

    def assert_golden(self, xml, name):
        path = os.path.join(GOLDEN_DIR, name)
        if not os.path.exists(path):
            candidate = os.path.join(tempfile.gettempdir(), name)
            with open(candidate, "wb") as out:
                out.write(xml)
            self.fail(f"golden file {name} missing; review {candidate} and copy it there")
        with open(path, encoding="utf-8") as golden:
            self.assertEqual(neutral(xml), neutral(golden.read().encode()), name)

    def root(self, doc):
        return etree.fromstring(doc._l10n_vn_einvoice_xml())

    # ------------------------------------------------------------------ 04/SS notice
    def test_notice_for_wrong_address_reaches_the_sandbox_once(self):
        doc = self._invoice()
        wizard = self.env["l10n_vn_einvoice.notice.wizard"].with_context(
            active_id=doc.id).create({"date": "2026-11-22",
                                      "reason": "Sai địa chỉ người mua; đúng: 14 Nguyễn Huệ"})
        self.assertEqual(wizard.tax_office_code, "79100")
        wizard.action_send()
        self.assertEqual(doc.state, "notified")
        notice_xml = doc._l10n_vn_einvoice_notice_xml()
        self.assertEqual(validate.validate_document(notice_xml), [])
        self.assert_golden(notice_xml, "notice_04ss.xml")
        self.assertEqual(self.sandbox.sandbox.notices("vnpt", doc.submission_key), [],
                         "nothing is sent in the user's transaction")
        self._drain()
        self._drain()
        self.assertEqual(len(self.sandbox.sandbox.notices("vnpt", doc.submission_key)), 1)
        self.assertEqual(doc.outbox_ids.filtered(lambda r: r.operation == "notice").state,
                         "done")
        self.assertEqual(doc.state, "notified")
        self.assertFalse(doc.corrected_by_ids, "a notice issues no new invoice")

    def test_notice_refused_before_transmission(self):
        doc = self._invoice(drain=False)
        wizard = self.env["l10n_vn_einvoice.notice.wizard"].with_context(
            active_id=doc.id).create({"date": "2026-11-22", "reason": "Sai tên người mua"})
        with self.assertRaises(UserError):
            wizard.action_send()

    # ------------------------------------------------------------------ adjustment
    def test_adjustment_decrease_with_cause_code(self):
        original = self._invoice()
        refund = self._prepare(original, method="adjustment", date="2026-11-21",
                               cause_code="04", lines=[{"new_quantity": 1}])
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.invoice_line_ids.mapped(lambda ln: (ln.quantity, ln.price_unit)),
                         [(1.0, 150000.0)], "the difference, not a copy of the original")
        refund.action_post()
        doc = refund.l10n_vn_einvoice_document_id
        self.assertEqual((doc.correction_type, doc.corrected_document_id),
                         ("adjustment", original))
        self.assertEqual(doc.corrected_document_ids, original)
        self.assertEqual((doc.cause_code, doc.agreement_name),
                         ("04", "Biên bản thỏa thuận 01/2026"))
        self.assertEqual(original.state, "adjusted")
        xml = doc._l10n_vn_einvoice_xml()
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        self.assert_golden(xml, "adjustment_decrease.xml")
        self._drain()
        self.assertEqual(doc.state, "accepted", doc.provider_message)

    def test_adjustment_increase_is_an_invoice(self):
        original = self._invoice()
        extra = self._prepare(original, method="adjustment", date="2026-11-21",
                              cause_code="13", lines=[{"amount_change": 10000.0}])
        self.assertEqual(extra.move_type, "out_invoice")
        self.assertEqual(extra.invoice_line_ids.mapped(
            lambda ln: (ln.product_id, ln.quantity, ln.price_unit, ln.tax_ids)),
            [(self.product_a, 1.0, 10000.0, self.tax10)])
        extra.action_post()
        root = self.root(extra.l10n_vn_einvoice_document_id)
        self.assertEqual(root.findtext("DLHDon/TTChung/TTHDLQuan/TCHDon"), "2")
        self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo"), "11000")
        self.assertEqual(original.state, "adjusted")

    def test_adjustment_of_a_price_and_nothing_stated(self):
        original = self._invoice()
        wizard = self._wizard(original, method="adjustment", date="2026-11-21",
                              cause_code="04", agreement_name="BB 2",
                              agreement_date="2026-11-21")
        line = wizard.line_ids
        self.assertEqual((line.new_quantity, line.new_price_unit), (2.0, 150000.0),
                         "the right values start as the invoiced ones")
        with self.assertRaisesRegex(UserError, "Nothing to adjust"):
            wizard.action_prepare()
        line.new_price_unit = 140000.0
        self.assertEqual((wizard.direction, wizard.amount_change), ("decrease", -20000.0))
        refund = self.env["account.move"].browse(wizard.action_prepare()["res_id"])
        self.assertEqual(refund.invoice_line_ids.mapped(lambda ln: (ln.quantity, ln.price_unit)),
                         [(2.0, 10000.0)], "the same quantity at the price difference")
        self.assertEqual(refund.amount_total, 22000.0)

    def test_agreement_required_for_a_business_buyer(self):
        original = self._invoice()
        wizard = self._wizard(original, method="adjustment", date="2026-11-21",
                              cause_code="13")
        self.assertTrue(wizard.agreement_required)
        with self.assertRaisesRegex(UserError, "agreement"):
            wizard.action_prepare()

    # ------------------------------------------------------------------ replacement
    def test_replacement_reissues_and_reverses_the_original(self):
        original = self._invoice()
        new_move = self._prepare(original, method="replacement", date="2026-11-21",
                                 cause_code="13")
        self.assertEqual(new_move.move_type, "out_invoice")
        self.assertEqual(original.state, "accepted", "nothing changes before posting")
        new_move.invoice_line_ids.price_unit = 140000.0
        new_move.action_post()
        doc = new_move.l10n_vn_einvoice_document_id
        self.assertEqual((doc.correction_type, doc.corrected_document_id),
                         ("replacement", original))
        self.assertEqual(original.state, "replaced")
        self.assertEqual(original.move_id.payment_state, "reversed")
        reversal = original.move_id.reversal_move_ids
        self.assertEqual(reversal.l10n_vn_einvoice_correction_method, "reversal")
        self.assertFalse(reversal.l10n_vn_einvoice_document_ids,
                         "the accounting reversal of a replaced invoice is no e-invoice")
        xml = doc._l10n_vn_einvoice_xml()
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        self.assert_golden(xml, "replacement.xml")
        self._drain()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        with self.assertRaises(UserError):
            original._l10n_vn_einvoice_check_correction(regimes.REPLACE,
                                                        original.issue_date)

    # ------------------------------------------------------------------ several invoices
    def test_several_invoices_one_list(self):
        first, second = self._invoice("2026-11-05"), self._invoice("2026-11-20", qty=3)
        refund = self._prepare(first | second, method="adjustment", date="2026-11-25",
                               cause_code="04", list_number="BK-2026-11-01",
                               list_date="2026-11-25",
                               lines=[{"new_quantity": 0}, {"new_quantity": 0}])
        self.assertEqual(len(refund.invoice_line_ids), 2)
        refund.action_post()
        doc = refund.l10n_vn_einvoice_document_id
        self.assertEqual(doc.corrected_document_ids, first | second)
        self.assertEqual((first.state, second.state), ("adjusted", "adjusted"))
        related = self.root(doc).find("DLHDon/TTChung/TTHDLQuan")
        self.assertEqual(related.findtext("SBKCLQuan"), "BK-2026-11-01")
        self.assertEqual(related.findtext("NBKCLQuan"), "2026-11-25")
        self.assertIsNone(related.find("SHDCLQuan"))
        self.assertEqual(validate.validate_invoice_xml(doc._l10n_vn_einvoice_xml()), [])
        self.assert_golden(doc.correction_list_attachment_id.raw, "correction_list_01bk.xml")

    def test_several_invoices_must_share_the_month(self):
        first, second = self._invoice("2026-10-30"), self._invoice("2026-11-02")
        with self.assertRaisesRegex(UserError, "one month"):
            self._prepare(first | second, method="adjustment", date="2026-11-25",
                          cause_code="04", list_number="BK-1", list_date="2026-11-25",
                          lines=[{"new_quantity": 0}, {"new_quantity": 0}])

    # ------------------------------------------------------------------ regime boundary
    def test_cause_code_from_2026_07_01(self):
        original = self._invoice("2026-06-29")
        before = self._wizard(original, method="adjustment", date="2026-06-30")
        after = self._wizard(original, method="adjustment", date="2026-07-01")
        self.assertEqual((before.cause_required, after.cause_required), (False, True))
        with self.assertRaisesRegex(UserError, "cause code"):
            after.write({"agreement_name": "BB 1", "agreement_date": "2026-07-01"})
            after.action_prepare()
        refund = self._prepare(original, method="adjustment", date="2026-06-30",
                               lines=[{"new_quantity": 0}])
        refund.action_post()
        root = self.root(refund.l10n_vn_einvoice_document_id)
        self.assertFalse([i for i in root.iter("TTruong") if i.text == "LDDCTThe"],
                         "no cause code under Decree 70")
        self.assert_golden(refund.l10n_vn_einvoice_document_id._l10n_vn_einvoice_xml(),
                          "adjustment_decree70.xml")

    def _cash_register_doc(self):
        template = self._invoice("2026-06-29")
        return self.env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create({
            "company_id": self.company.id, "kind": "cash_register", "state": "accepted",
            "form": "1", "symbol": "C26MAA", "number": 7, "issue_date": "2026-06-29",
            "currency_id": template.currency_id.id, "move_id": template.move_id.id,
        })

    def test_cash_register_is_replaced_only_from_2026_07_01(self):
        doc = self._cash_register_doc()
        doc._l10n_vn_einvoice_check_correction(regimes.ADJUST, regimes.DECREE_70.valid_to)
        with self.assertRaisesRegex(UserError, "only be replaced"):
            doc._l10n_vn_einvoice_check_correction(regimes.ADJUST,
                                                   regimes.DECREE_254.valid_from)
        doc._l10n_vn_einvoice_check_correction(regimes.REPLACE, regimes.DECREE_254.valid_from)
        after = self._wizard(doc, date="2026-07-01")
        self.assertEqual((after.allowed_method_keys, after.method),
                         ("replacement", "replacement"))
        self.assertEqual(after.allowed_methods, "Replacement")
        before = self._wizard(doc, date="2026-06-30")
        self.assertEqual(before.allowed_method_keys, "adjustment,replacement")

    def test_same_method_as_the_first_correction(self):
        original = self._invoice("2026-07-02")
        refund = self._prepare(original, method="adjustment", date="2026-07-03",
                               cause_code="04", lines=[{"new_quantity": 1}])
        refund.action_post()
        with self.assertRaisesRegex(UserError, "same method"):
            self._prepare(original, method="replacement", date="2026-07-04", cause_code="13")
        again = self._prepare(original, method="adjustment", date="2026-07-04",
                              cause_code="04", lines=[{"new_quantity": 0}])
        self.assertEqual(again.l10n_vn_einvoice_correction_origin_ids, original)

    def test_other_method_allowed_under_decree_70(self):
        original = self._invoice("2026-06-02")
        refund = self._prepare(original, method="adjustment", date="2026-06-03",
                               lines=[{"new_quantity": 1}])
        refund.action_post()
        new_move = self._prepare(original, method="replacement", date="2026-06-04")
        new_move.action_post()
        self.assertEqual(original.state, "replaced")

    # ------------------------------------------------------------------ void (BR-12)
    def _void(self, doc, reason="Lập nhầm khách hàng"):
        self.env["l10n_vn_einvoice.void.wizard"].with_context(
            active_ids=doc.ids).create({"reason": reason}).action_void()

    def test_void_within_24_hours_keeps_the_number(self):
        doc = self._invoice(drain=False)
        self._void(doc)
        self.assertEqual(doc.state, "voided")
        self.assertEqual(doc.outbox_ids.state, "cancelled")
        self.assertEqual(doc.move_id.state, "cancel")
        self.assertIn("stays used", doc.message_ids[0].body)
        self._drain()
        self.assertEqual(self.sandbox.sandbox.count(), 0, "a voided invoice is never sent")
        following = self._invoice(drain=False)
        self.assertEqual(following.number, doc.number + 1, "the voided number is not reused")

    def test_void_after_24_hours_is_refused(self):
        doc = self._invoice(drain=False)
        self.env.cr.execute("UPDATE l10n_vn_einvoice_document SET create_date = "
                            "now() at time zone 'UTC' - interval '25 hours' WHERE id = %s",
                            [doc.id])
        doc.invalidate_recordset(["create_date"])
        with self.assertRaisesRegex(UserError, "24 hours"):
            self._void(doc)
        self.assertEqual(doc.state, "ready")

    def test_void_of_a_transmitted_invoice_is_refused(self):
        doc = self._invoice()
        with self.assertRaisesRegex(UserError, "transmitted"):
            self._void(doc)
        self.assertEqual(doc.state, "accepted")

    def test_void_after_a_failed_try_is_refused(self):
        doc = self._invoice(drain=False)
        self.sandbox.faults.add("*", Fault("http503"))
        self._drain()
        self.assertEqual(doc.state, "ready")
        with self.assertRaisesRegex(UserError, "transmitted"):
            self._void(doc)
