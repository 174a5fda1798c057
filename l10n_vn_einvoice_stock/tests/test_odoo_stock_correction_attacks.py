"""What a user can send over JSON-RPC about the corrections of delivery notes: the
wizard, the buttons and the return's "Transfer cancelled" are public; correcting a note
is an e-invoice or inventory manager's decision, in the note's company."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import VnStockCommon


class TestStockCorrectionAttacks(VnStockCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(cls.env, "kho_clerk_fix", groups="stock.group_stock_user",
                                  company_id=cls.company.id,
                                  company_ids=[(6, 0, cls.company.ids)])
        cls.other_company = cls.env["res.company"].create({"name": "Công ty khác"})
        cls.stranger = new_test_user(
            cls.env, "kho_manager_other", groups="stock.group_stock_manager",
            company_id=cls.other_company.id, company_ids=[(6, 0, cls.other_company.ids)])
        cls.manager = new_test_user(cls.env, "kho_manager_fix",
                                    groups="stock.group_stock_manager",
                                    company_id=cls.company.id,
                                    company_ids=[(6, 0, cls.company.ids)])

    def accepted(self):
        picking = self.validate(self.internal())
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(picking.l10n_vn_einvoice_document_id.state, "accepted")
        return picking

    def wizard_as(self, user, doc, company=None):
        return self.env["l10n_vn_einvoice_stock.note.correction.wizard"].with_user(
            user).with_company(company or self.company).with_context(active_id=doc.id).create(
            {"method": "replacement", "cause_code": "13"})

    def test_a_warehouse_clerk_cannot_correct_a_note(self):
        picking = self.accepted()
        doc = picking.l10n_vn_einvoice_document_id
        with self.assertRaises(AccessError):
            self.wizard_as(self.clerk, doc)
        for call in (picking.with_user(self.clerk).action_l10n_vn_einvoice_correct_note,
                     doc.with_user(self.clerk).action_l10n_vn_einvoice_correct):
            with self.assertRaises(AccessError):
                call()
        self.assertEqual(doc.state, "accepted")

    def test_an_inventory_manager_corrects_the_note_of_his_company(self):
        doc = self.accepted().l10n_vn_einvoice_document_id
        wizard = self.wizard_as(self.manager, doc)
        wizard.line_ids.new_quantity = 9
        wizard.action_issue()
        self.assertEqual(doc.state, "replaced")

    def test_a_note_of_another_company_is_refused(self):
        doc = self.accepted().l10n_vn_einvoice_document_id
        with self.assertRaises(AccessError):
            self.wizard_as(self.stranger, doc, company=self.other_company)
        # even with a wizard made for another note, the document is checked again
        wizard = self.wizard_as(self.manager, doc)
        wizard.line_ids.new_quantity = 9
        with self.assertRaises(AccessError):
            wizard.with_user(self.stranger).with_company(self.other_company).sudo(False) \
                .action_issue()
        self.assertEqual(doc.state, "accepted")

    def test_an_invoice_is_not_corrected_as_a_note(self):
        doc = self.accepted().l10n_vn_einvoice_document_id
        # a clerk cannot write the note's form or transfer (the server's)
        with self.assertRaises(AccessError):
            doc.with_user(self.clerk).write({"form": "1"})
        self.assertEqual(doc.form, "6")

    def test_a_clerk_cannot_cancel_a_note_through_a_return(self):
        picking = self.accepted()
        doc = picking.l10n_vn_einvoice_document_id
        wizard = self.env["stock.return.picking"].with_context(
            active_id=picking.id, active_model="stock.picking").create(
            {"picking_id": picking.id})
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns_all()["res_id"]).with_user(self.clerk)
        back.l10n_vn_einvoice_cancels_note = True
        back.move_ids.picked = True
        with self.assertRaises(AccessError):
            back.button_validate()
        self.assertNotEqual(back.state, "done")
        self.assertEqual(doc.state, "accepted")
        self.assertFalse(doc.corrected_by_ids)

    def test_the_issued_transfer_cannot_be_marked_cancelled(self):
        picking = self.accepted()
        with self.assertRaises(UserError):
            picking.with_user(self.manager).write({"l10n_vn_einvoice_cancels_note": True})
        with self.assertRaises(AccessError):
            picking.with_user(self.clerk).write({"l10n_vn_einvoice_return_of_note": False})
