"""Tamper evidence: deleting, reordering or editing e-invoices (rows or XML) directly in
the database is detected by the chain check, which names the first broken link."""

import hashlib

from odoo.tests import tagged

from ..models.einvoice_chain import GENESIS
from .common import VnEinvoiceCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestChain(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["l10n_vn_einvoice.document"]
        cls.docs = cls.Document.browse()
        for price in (100000.0, 200000.0, 300000.0, 400000.0):
            move = cls.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": cls.partner_a.id,
                "invoice_date": "2026-11-20",
                "invoice_line_ids": [(0, 0, {"product_id": cls.product_a.id, "quantity": 1,
                                             "price_unit": price,
                                             "tax_ids": [(6, 0, cls.tax10.ids)]})]})
            move.action_post()
            cls.docs |= move.l10n_vn_einvoice_document_id

    def check(self):
        return self.Document._l10n_vn_einvoice_check_chain(self.company)

    def sql(self, query, params=()):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def assert_broken_at(self, doc, reason_part):
        checked, breaks = self.check()
        self.assertEqual(len(breaks), 1, breaks)
        self.assertEqual(breaks[0]["document_id"], doc.id, breaks)
        self.assertIn(reason_part, breaks[0]["reason"])
        return checked

    def test_intact_chain_links_every_document(self):
        self.assertEqual(self.docs.mapped("chain_index"), [1, 2, 3, 4])
        self.assertEqual(self.docs[0].chain_previous_hash, GENESIS)
        for previous, doc in zip(self.docs, self.docs[1:], strict=False):
            self.assertEqual(doc.chain_previous_hash, previous.chain_hash)
        self.assertEqual(self.docs[0].xml_hash,
                         hashlib.sha256(self.docs[0]._l10n_vn_einvoice_xml()).hexdigest())
        self.assertEqual(self.check(), (4, []))
        action = self.Document.action_l10n_vn_einvoice_check_chain()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("4", action["params"]["message"])

    def test_each_symbol_has_its_own_chain(self):
        self.company.l10n_vn_einvoice_symbol = "C26TBB"
        move = self.docs[0].move_id.copy({"invoice_date": "2026-11-21"})
        move.action_post()
        other = move.l10n_vn_einvoice_document_id
        self.assertEqual((other.symbol, other.chain_index, other.chain_previous_hash),
                         ("C26TBB", 1, GENESIS))
        self.assertEqual(self.check(), (5, []))

    def test_deleted_row_is_detected(self):
        self.sql("DELETE FROM l10n_vn_einvoice_document WHERE id = %s", (self.docs[1].id,))
        checked = self.assert_broken_at(self.docs[2], "missing or out of order")
        self.assertEqual(checked, 1, "the links before the hole are still verified")

    def test_reordered_rows_are_detected(self):
        first, second = self.docs[1], self.docs[2]
        self.sql("UPDATE l10n_vn_einvoice_document SET chain_index = -chain_index "
                 "WHERE id IN %s", ((first.id, second.id),))
        self.sql("UPDATE l10n_vn_einvoice_document SET chain_index = %s WHERE id = %s",
                 (3, first.id))
        self.sql("UPDATE l10n_vn_einvoice_document SET chain_index = %s WHERE id = %s",
                 (2, second.id))
        self.assert_broken_at(second, "previous link")

    def test_swapped_numbers_are_detected(self):
        first, second = self.docs[1], self.docs[2]
        self.sql("UPDATE l10n_vn_einvoice_document SET number = -number WHERE id IN %s",
                 ((first.id, second.id),))
        self.sql("UPDATE l10n_vn_einvoice_document SET number = 3 WHERE id = %s", (first.id,))
        self.sql("UPDATE l10n_vn_einvoice_document SET number = 2 WHERE id = %s", (second.id,))
        self.assert_broken_at(first, "row edited")

    def test_edited_amount_is_detected(self):
        self.sql("UPDATE l10n_vn_einvoice_document SET amount_total = amount_total / 10 "
                 "WHERE id = %s", (self.docs[2].id,))
        self.assert_broken_at(self.docs[2], "row edited")
        action = self.Document.action_l10n_vn_einvoice_check_chain()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn(self.docs[2].name, action["params"]["message"])

    def test_replaced_xml_file_is_detected(self):
        # point the third document's attachment at the fourth document's file
        target, source = self.docs[2].xml_attachment_id, self.docs[3].xml_attachment_id
        self.sql("UPDATE ir_attachment SET store_fname = %s WHERE id = %s",
                 (source.store_fname, target.id))
        self.assert_broken_at(self.docs[2], "XML edited")

    def test_edited_xml_with_recomputed_hash_is_detected(self):
        doc = self.docs[1]
        forged = doc._l10n_vn_einvoice_xml().replace(b"<TgTTTBSo>", b"<TgTTTBSo>1")
        self.assertNotEqual(forged, doc._l10n_vn_einvoice_xml())
        attachment = self.env["ir.attachment"].create({"name": "forged.xml", "raw": forged})
        self.sql("UPDATE l10n_vn_einvoice_document SET xml_hash = %s, xml_attachment_id = %s "
                 "WHERE id = %s", (hashlib.sha256(forged).hexdigest(), attachment.id, doc.id))
        self.assert_broken_at(doc, "row edited")

    def test_removed_xml_is_detected(self):
        self.sql("UPDATE l10n_vn_einvoice_document SET xml_attachment_id = NULL WHERE id = %s",
                 (self.docs[3].id,))
        self.assert_broken_at(self.docs[3], "XML edited or removed")

    def test_other_company_chains_are_not_reported(self):
        self.sql("UPDATE l10n_vn_einvoice_document SET amount_total = 1 WHERE id = %s",
                 (self.docs[0].id,))
        other = self.env["res.company"].create({"name": "Other company"})
        self.assertEqual(self.Document._l10n_vn_einvoice_check_chain(other), (0, []))
