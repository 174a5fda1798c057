"""Tamper evidence: deleting, reordering or editing e-invoices (rows or XML) directly in
the database is detected by the chain check, which names the first broken link — also
when the writer recomputes every unkeyed field after the row it forged, because the links
are keyed with a secret the database does not hold."""

import hashlib
import os
import secrets
import stat

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models import einvoice_chain_key as chain_key
from ..models.einvoice_chain import GENESIS, link_text
from .chain_common import ChainCase


@tagged("post_install", "-at_install", "post_install_l10n")
class TestChain(ChainCase):

    def test_intact_chain_links_every_document(self):
        self.assertEqual(self.docs.mapped("chain_index"), [1, 2, 3, 4])
        key_id = self.docs[0].chain_key_id
        self.assertEqual(set(self.docs.mapped("chain_key_id")), {key_id})
        key_file = self.directory() / f"{key_id}.key"
        self.assertTrue(str(key_file).startswith(self.key_root))
        self.assertEqual(stat.S_IMODE(key_file.stat().st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(self.directory().stat().st_mode), 0o700)
        secret = key_file.read_text().strip()
        self.assertEqual(len(bytes.fromhex(secret)), 32)
        self.env.flush_all()
        for table in ("ir_config_parameter", "l10n_vn_einvoice_document", "ir_attachment"):
            self.env.cr.execute(f"SELECT count(*) FROM {table} t WHERE t::text LIKE %s",
                                [f"%{secret}%"])
            self.assertEqual(self.env.cr.fetchone()[0], 0, f"the chain key is in {table}")
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
        # configured with this year's digits; the 2026 invoice is issued under C26TBB
        self.company.l10n_vn_einvoice_symbol = \
            f"C{fields.Date.context_today(self.company):%y}TBB"
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

    # ------------------------------------------------------------------ a database writer
    def forge_and_relink(self, make_hash, key_id=None):
        """What a writer with full access to PostgreSQL (not to the server's files) does:
        rewrite the second invoice (amount, XML, XML hash), then recompute the link of
        that row and of every later row, so that every unkeyed field is consistent."""
        doc = self.docs[1]
        xml = doc._l10n_vn_einvoice_xml().replace(b"<TgTTTBSo>", b"<TgTTTBSo>1")
        attachment = self.env["ir.attachment"].create({"name": "forged.xml", "raw": xml})
        self.sql("UPDATE l10n_vn_einvoice_document SET xml_hash = %s, xml_attachment_id = %s, "
                 "amount_total = amount_total + 1000000 WHERE id = %s",
                 (hashlib.sha256(xml).hexdigest(), attachment.id, doc.id))
        previous = self.docs[0].chain_hash
        for later in self.docs[1:]:
            key = key_id or later.chain_key_id
            text = link_text(previous, later.chain_index, key, later.company_id.id,
                             later.form, later.symbol, later.number, later.kind,
                             later.issue_date, later.amount_total, later.xml_hash)
            link = make_hash(text)
            self.sql("UPDATE l10n_vn_einvoice_document SET chain_previous_hash = %s, "
                     "chain_hash = %s, chain_key_id = %s WHERE id = %s",
                     (previous, link, key, later.id))
            previous = link
        self.assertEqual(self.docs[2].chain_previous_hash, self.docs[1].chain_hash,
                         "every later link was recomputed")

    def test_forged_row_relinked_with_plain_sha256_is_detected(self):
        self.forge_and_relink(lambda text: hashlib.sha256(text.encode()).hexdigest())
        checked = self.assert_broken_at(self.docs[1], "row edited")
        self.assertEqual(checked, 1, "the first link still verifies")

    def test_forged_row_relinked_with_a_guessed_key_is_detected(self):
        guess = secrets.token_bytes(32)
        self.forge_and_relink(lambda text: chain_key.link_mac(guess, text))
        self.assert_broken_at(self.docs[1], "row edited")

    def test_neutralised_copy_cannot_forge(self):
        """A neutralised copy (same uuid, even with a copy of the key directory) signs
        with a key of its own, which the production server does not hold."""
        self.env["ir.config_parameter"].sudo().set_param("database.is_neutralized", True)
        copy_directory = self.directory()
        self.assertTrue(str(copy_directory).endswith("-neutralized"))
        copy_key_id, copy_secret = chain_key.current_key(copy_directory)
        self.assertNotEqual(copy_key_id, self.docs[0].chain_key_id)
        in_copy = self.post(500000.0)
        self.assertEqual(in_copy.chain_key_id, copy_key_id)
        self.env["ir.config_parameter"].sudo().set_param("database.is_neutralized", False)
        # the copy's own link, moved back to production as it is, is named…
        self.assert_broken_at(in_copy, "does not hold")
        # …and so is a forgery relinked in the copy with the copy's key
        self.forge_and_relink(lambda text: chain_key.link_mac(copy_secret, text), copy_key_id)
        _checked, breaks = self.check()
        self.assertEqual(breaks[0]["document_id"], self.docs[1].id, breaks)
        self.assertIn("does not hold", breaks[0]["reason"])

    def test_rotated_key_keeps_older_links_verifiable(self):
        old = self.docs[0].chain_key_id
        new = self.Document._l10n_vn_einvoice_rotate_chain_key()
        self.assertNotEqual(new, old)
        later = self.post(500000.0)
        self.assertEqual((later.chain_key_id, later.chain_index), (new, 5))
        self.assertEqual(self.check(), (5, []))
        # a server that lost the old key file can no longer vouch for those links
        os.unlink(self.directory() / f"{old}.key")
        chain_key._CACHE.clear()
        self.assert_broken_at(self.docs[0], "does not hold")

    def test_key_file_readable_by_others_is_refused(self):
        key_file = self.directory() / f"{self.docs[0].chain_key_id}.key"
        os.chmod(key_file, 0o644)
        chain_key._CACHE.clear()
        with self.assertRaisesRegex(UserError, "chmod 600.*\n.*khóa"):
            self.post(500000.0)
        self.assert_broken_at(self.docs[0], "chmod 600")

    def test_key_ids_from_the_database_never_become_paths(self):
        self.sql("UPDATE l10n_vn_einvoice_document SET chain_key_id = %s WHERE id = %s",
                 ("../../../etc/passwd", self.docs[2].id))
        self.assert_broken_at(self.docs[2], "does not hold")
