"""Corrections of delivery notes under the rules of invoices, through the same document
model and outbox: a replacement (TCHDon 1) and an adjustment (TCHDon 2) of a note the
sandbox accepted, and a cancelled transfer (an Odoo return ticked "Transfer cancelled")
adjusting its note down; the sandbox accepts the corrections over HTTP."""

from datetime import date

from lxml import etree

from odoo.addons.l10n_vn_einvoice.providers.sandbox.core import (
    DEFAULT_ACCOUNT,
    DEFAULT_PASSWORD,
)
from odoo.addons.l10n_vn_einvoice.standard import regimes, validate
from odoo.exceptions import UserError

from .common import VnStockCommon


class TestStockNoteCorrections(VnStockCommon):

    def wizard(self, doc, **vals):
        return self.env["l10n_vn_einvoice_stock.note.correction.wizard"].with_context(
            active_id=doc.id).create({"agreement_name": "BB-01", "agreement_date": date.today(),
                                      **vals})

    def issue(self, wizard, changes=None):
        for line in wizard.line_ids:
            if line.seq in (changes or {}):
                line.new_quantity, line.new_price_unit = changes[line.seq]
        action = wizard.action_issue()
        return self.env["l10n_vn_einvoice.document"].browse(action["res_id"])

    @staticmethod
    def root(doc):
        return etree.fromstring(doc._l10n_vn_einvoice_xml())

    def assert_related(self, root, original, nature):
        related = root.find("DLHDon/TTChung/TTHDLQuan")
        self.assertEqual(
            [related.findtext(tag) for tag in ("TCHDon", "LHDCLQuan", "KHMSHDCLQuan",
                                               "KHHDCLQuan", "SHDCLQuan", "NLHDCLQuan")],
            [nature, "1", "6", original.symbol, str(original.number),
             original.issue_date.isoformat()])
        causes = root.xpath("DLHDon/TTChung/TTKhac/TTin[TTruong='LDDCTThe']/DLieu/text()")
        self.assertEqual(bool(causes), bool(regimes.cause_codes(date.today())))

    def test_replacement_of_an_accepted_note(self):
        picking = self.internal()
        original = self.accepted(picking)
        wizard = self.wizard(original, method="replacement")
        self.assertEqual(wizard.transport_means, "Xe tải 43C-123.45")
        self.assertEqual(wizard.dispatch_order, "LĐ-2026/118")
        self.assertEqual([(ln.seq, ln.quantity, ln.price_unit) for ln in wizard.line_ids],
                         [(1, 10, 85000)])
        wizard.transport_means = "Xe tải 43C-999.99"
        new = self.issue(wizard, {1: (9, 85000)})
        self.assertEqual((new.form, new.correction_type, new.corrected_document_id),
                         ("6", "replacement", original))
        self.assertEqual((new.symbol, new.number), (original.symbol, original.number + 1))
        self.assertEqual(original.state, "replaced")
        self.assertEqual(new.l10n_vn_einvoice_picking_id, picking)
        self.assertEqual(picking.l10n_vn_einvoice_document_id, new)
        self.assertEqual(picking.l10n_vn_einvoice_transport_means, "Xe tải 43C-999.99")
        xml = new._l10n_vn_einvoice_xml()
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        root = self.root(new)
        self.assert_related(root, original, "1")
        self.assertEqual(root.findtext("DLHDon/NDHDon/NBan/PTVChuyen"), "Xe tải 43C-999.99")
        self.assertEqual(root.findtext("DLHDon/NDHDon/NBan/LDDNBo"), "LĐ-2026/118")
        self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/SLuong"), "9")
        self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo"), "765000")
        self.assertEqual(new.amount_total, 765000)
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(new.state, "accepted", new.provider_message)
        self.assertEqual(len(new.tax_authority_code), 34)
        self.assertEqual(original.state, "replaced")

    def test_adjustment_lists_only_the_differences(self):
        picking = self.internal()
        original = self.accepted(picking)
        new = self.issue(self.wizard(original, method="adjustment"), {1: (12, 80000)})
        self.assertEqual((new.correction_type, original.state), ("adjustment", "adjusted"))
        self.assertEqual(picking.l10n_vn_einvoice_document_id, original,
                         "an adjustment adds to the note, the transfer keeps it")
        root = self.root(new)
        self.assertEqual(validate.validate_invoice_xml(new._l10n_vn_einvoice_xml()), [])
        self.assert_related(root, original, "2")
        lines = [(ln.findtext("SLuong"), ln.findtext("DGia"), ln.findtext("ThTien"))
                 for ln in root.iterfind("DLHDon/NDHDon/DSHHDVu/HHDVu")]
        # two more bags at the right price, the price difference on the ten issued
        self.assertEqual(lines, [("2", "80000", "160000"), ("10", "-5000", "-50000")])
        self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo"), "110000")
        self.assertFalse(root.xpath("//TSuat|//TgTThue"))
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(new.state, "accepted", new.provider_message)

    def test_nothing_changed_is_not_an_adjustment(self):
        original = self.accepted(self.internal())
        with self.assertRaisesRegex(UserError, "Nothing to adjust"):
            self.issue(self.wizard(original, method="adjustment"))
        self.assertEqual(original.state, "accepted")

    def test_a_note_the_tax_authority_has_not_received_is_not_corrected(self):
        original = self.validate(self.internal()).l10n_vn_einvoice_document_id
        self.assertEqual(original.state, "ready")
        with self.assertRaisesRegex(UserError, original.name):
            self.issue(self.wizard(original, method="replacement"), {1: (9, 85000)})
        self.assertFalse(original.corrected_by_ids)

    def test_agent_note_needs_the_agreement(self):
        original = self.accepted(self.agent_transfer())
        wizard = self.wizard(original, method="adjustment", agreement_name=False)
        self.assertTrue(wizard.agreement_required)
        with self.assertRaisesRegex(UserError, "agreement"):
            self.issue(wizard, {1: (8, 120000)})
        internal = self.accepted(self.internal())
        self.assertFalse(self.wizard(internal, method="adjustment").agreement_required,
                         "the company's note to itself needs no agreement")
        wizard = self.wizard(original, method="adjustment")
        new = self.issue(wizard, {1: (8, 120000)})
        self.assertEqual((new.agreement_name, new.symbol[3]), ("BB-01", "B"))

    def test_wrong_line_numbers_are_refused(self):
        original = self.accepted(self.internal())
        with self.assertRaisesRegex(UserError, "7"):
            original._l10n_vn_einvoice_note_correct("replacement", {7: (1, 1)},
                                                     cause_code="13")

    def return_of(self, picking, cancels):
        wizard = self.env["stock.return.picking"].with_context(
            active_id=picking.id, active_model="stock.picking").create(
            {"picking_id": picking.id})
        action = wizard.action_create_returns_all()
        back = self.env["stock.picking"].browse(action["res_id"])
        back.l10n_vn_einvoice_cancels_note = cancels
        back.move_ids.picked = True
        back.button_validate()
        return back

    def test_cancelled_transfer_adjusts_its_note_to_zero(self):
        picking = self.internal()
        original = self.accepted(picking)
        back = self.return_of(picking, cancels=True)
        self.assertEqual(back.state, "done")
        self.assertFalse(back.l10n_vn_einvoice_note_kind)
        self.assertFalse(back.l10n_vn_einvoice_document_id, "no note of its own")
        self.assertEqual(original.state, "adjusted")
        new = original.corrected_by_ids
        self.assertEqual((new.correction_type, new.l10n_vn_einvoice_picking_id),
                         ("adjustment", picking))
        root = self.root(new)
        self.assertEqual(validate.validate_invoice_xml(new._l10n_vn_einvoice_xml()), [])
        self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/SLuong"), "-10")
        self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo"), "-850000")
        self.assertEqual(new.agreement_name, back.name)
        if regimes.cause_codes(date.today()):
            self.assertEqual(new.cause_code, "05")
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(new.state, "accepted", new.provider_message)
        # the note and its transfer are kept
        for records in (original, new, picking):
            with self.assertRaises(UserError) as caught:
                records.unlink()
            self.assertIn(records.display_name if records == picking else records.name,
                          str(caught.exception))
            self.assertIn("không thể xóa", str(caught.exception))
        self.assertEqual(picking.state, "done")

    def test_goods_travelling_back_have_their_own_note(self):
        picking = self.internal()
        original = self.accepted(picking)
        back = self.return_of(picking, cancels=False)
        self.assertEqual(back.l10n_vn_einvoice_note_kind, "internal")
        self.assertTrue(back.l10n_vn_einvoice_document_id)
        self.assertEqual(original.state, "accepted")

    def test_a_cancelled_transfer_waits_for_its_note_to_be_received(self):
        picking = self.validate(self.internal())
        with self.assertRaisesRegex(UserError, "tax authority"):
            self.return_of(picking, cancels=True)
        self.assertEqual(picking.l10n_vn_einvoice_document_id.state, "ready")

    def test_vnpt_issues_and_replaces_notes_with_the_delivery_note_pattern(self):
        """Provider VNPT (not the sandbox's name): the same client and contract, pattern
        6/001, against the sandbox playing VNPT over HTTP."""
        self.company.write({
            "l10n_vn_einvoice_provider": "vnpt", "l10n_vn_einvoice_provider_url": self.sandbox.url,
            "l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
            "l10n_vn_einvoice_password": DEFAULT_PASSWORD,
            "l10n_vn_einvoice_account": DEFAULT_ACCOUNT,
            "l10n_vn_einvoice_account_password": DEFAULT_PASSWORD})
        picking = self.internal()
        original = self.accepted(picking)
        self.assertEqual(original.provider, "vnpt")
        issue = original.exchange_ids.filtered(lambda e: e.operation == "issue")
        self.assertEqual((issue.provider, issue.result), ("vnpt", "ok"))
        new = self.issue(self.wizard(original, method="replacement"), {1: (9, 85000)})
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(new.state, "accepted", new.provider_message)
        self.assertEqual(original.state, "replaced")

    def test_viettel_issues_and_adjusts_notes_through_create_invoice(self):
        """Provider Viettel: createInvoice with the note's template (6/001 at the
        sandbox), no tax and the metadata custom fields, over HTTP."""
        self.company.write({
            "l10n_vn_einvoice_provider": "viettel",
            "l10n_vn_einvoice_provider_url": self.sandbox.url,
            "l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
            "l10n_vn_einvoice_password": DEFAULT_PASSWORD})
        picking = self.internal()
        original = self.accepted(picking)
        issue = original.exchange_ids.filtered(lambda e: e.operation == "issue")
        self.assertEqual((issue.provider, issue.result), ("viettel", "ok"))
        new = self.issue(self.wizard(original, method="adjustment"), {1: (8, 85000)})
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(new.state, "accepted", new.provider_message)
        self.assertEqual(original.state, "adjusted")

    def test_bkav_refuses_notes_in_words(self):
        self.company.l10n_vn_einvoice_provider = "bkav"
        picking = self.internal()
        with self.assertRaisesRegex(UserError, "BKAV") as caught:
            self.validate(picking)
        self.assertIn(picking.name, str(caught.exception))
        self.assertNotEqual(picking.state, "done")
