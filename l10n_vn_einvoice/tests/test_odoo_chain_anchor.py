"""The chain anchored outside PostgreSQL (issue 22 §3): what a database writer does in
SQL that the links alone cannot show — cutting the tail of a chain, removing a whole
symbol, taking a document out of the chain, changing a status or a VAT-rate line, and
using a copy of the database to sign with the production key — is named by the check."""

import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models import einvoice_chain_key as chain_key
from .chain_common import ChainCase


@tagged("post_install", "-at_install", "post_install_l10n")
class TestChainAnchor(ChainCase):

    def assert_break(self, reason_part, doc=None, index=None):
        checked, breaks = self.check()
        self.assertEqual(len(breaks), 1, breaks)
        self.assertIn(reason_part, breaks[0]["reason"])
        self.assertEqual(breaks[0]["symbol"], self.symbol, breaks)
        if doc is not None:
            self.assertEqual(breaks[0]["document_id"], doc.id, breaks)
            self.assertEqual(breaks[0]["name"], doc.name, breaks)
        if index is not None:
            self.assertEqual(breaks[0]["chain_index"], index, breaks)
        action = self.Document.action_l10n_vn_einvoice_check_chain()
        self.assertEqual(action["params"]["type"], "danger")
        return checked, breaks[0]

    def test_heads_are_recorded_beside_the_key_after_commit(self):
        head = chain_key.read_head(chain_key.head_path(self.directory(), self.company.id,
                                                       self.symbol))
        self.assertEqual((head["index"], head["hash"]), (4, self.docs[3].chain_hash))
        # a link not committed yet leaves the head behind, and the check accepts links
        # after the head as long as they verify
        later = self.post(500000.0)
        self.assertEqual(self.check(), (5, []))
        self.commit_heads()
        head = chain_key.read_head(chain_key.head_path(self.directory(), self.company.id,
                                                       later.symbol))
        self.assertEqual((head["index"], head["hash"]), (5, later.chain_hash))
        self.assertEqual(self.check(), (5, []))

    def test_rolled_back_link_never_becomes_a_head(self):
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.post(500000.0)
            raise RuntimeError("posting failed after chaining")
        self.commit_heads()
        head = chain_key.read_head(chain_key.head_path(self.directory(), self.company.id,
                                                       self.symbol))
        self.assertEqual(head["index"], 4)
        self.assertEqual(self.check(), (4, []))

    def test_cut_tail_is_detected(self):
        self.sql("DELETE FROM l10n_vn_einvoice_document WHERE id IN %s",
                 (tuple(self.docs[2:].ids),))
        checked, broken = self.assert_break("links 3 to 4 are missing", index=3)
        self.assertEqual(checked, 2)
        self.assertEqual(broken["name"], f"{self.symbol} #3")

    def test_whole_symbol_removed_is_detected(self):
        self.sql("DELETE FROM l10n_vn_einvoice_document WHERE company_id = %s AND symbol = %s",
                 (self.company.id, self.symbol))
        self.assert_break("every link of symbol", index=1)

    def test_nulled_chain_index_is_detected(self):
        self.sql("UPDATE l10n_vn_einvoice_document SET chain_index = NULL WHERE id = %s",
                 (self.docs[3].id,))
        self.assert_break("taken out of the chain", doc=self.docs[3])

    def test_nulled_chain_columns_of_the_tail_are_detected(self):
        """The writer also blanks the link and the XML hash: the head still shows it."""
        self.sql("UPDATE l10n_vn_einvoice_document SET chain_index = NULL, chain_hash = NULL, "
                 "xml_hash = NULL WHERE id = %s", (self.docs[3].id,))
        self.assert_break("links 4 to 4 are missing", index=4)

    def test_chain_cut_and_grown_again_is_detected(self):
        """After a cut, the server chains new postings on what is left: the link at the
        recorded head is not the one the server recorded."""
        self.sql("DELETE FROM l10n_vn_einvoice_document WHERE id IN %s",
                 (tuple(self.docs[2:].ids),))
        self.post(500000.0)
        fourth = self.post(600000.0)
        self.commit_heads()
        self.assertEqual(fourth.chain_index, 4)
        self.assert_break("not the one the server recorded", doc=fourth, index=4)

    def test_state_changed_in_sql_is_detected(self):
        self.sql("UPDATE l10n_vn_einvoice_document SET state = 'voided' WHERE id = %s",
                 (self.docs[1].id,))
        self.assert_break("changed outside the server", doc=self.docs[1])

    def test_tax_authority_code_changed_in_sql_is_detected(self):
        self.sql("UPDATE l10n_vn_einvoice_document SET tax_authority_code = 'M1-26-FORGED' "
                 "WHERE id = %s", (self.docs[2].id,))
        self.assert_break("changed outside the server", doc=self.docs[2])

    def test_rate_line_edited_in_sql_is_detected(self):
        line = self.docs[1].line_ids[:1]
        self.assertTrue(line)
        for query in ("UPDATE l10n_vn_einvoice_document_line SET vat = vat / 2, "
                      "vat_vnd = vat_vnd / 2 WHERE id = %s",
                      "DELETE FROM l10n_vn_einvoice_document_line WHERE id = %s"):
            with self.subTest(query=query.split()[0]), self.env.cr.savepoint(flush=False) as sp:
                self.sql(query, (line.id,))
                self.assert_break("VAT-rate lines", doc=self.docs[1])
                sp.rollback()

    def test_status_written_by_the_server_keeps_the_chain_green(self):
        doc = self.docs[1]
        doc._l10n_vn_einvoice_set_outcome({"state": "accepted",
                                           "tax_authority_code": "M1-26-ABCDE-00000000001"})
        doc._l10n_vn_einvoice_set_outcome({"state": "voided"})
        self.assertEqual(self.check(), (4, []))
        # the chatter is no part of the seal
        doc.message_post(body="note")
        self.assertEqual(self.check(), (4, []))

    def test_users_cannot_write_the_seal(self):
        with self.assertRaises(AccessError):
            self.docs[0].with_user(self.env.ref("base.user_admin")).write(
                {"chain_seal": "0" * 64})

    def test_copy_with_the_same_uuid_is_refused_the_key(self):
        """Same check as the committed createdb -T test, inside the transaction: another
        PostgreSQL database (other oid) with this uuid is refused the production key."""
        directory = self.directory()
        chain_key.adopt_database(directory, "1:production")
        with self.assertRaisesRegex(UserError, "is a copy of the database.*1:production"), \
                self.env.cr.savepoint():
            self.post(500000.0)
        _checked, breaks = self.check()
        self.assertEqual(len(breaks), 1, breaks)
        self.assertEqual(breaks[0]["name"], self.env.cr.dbname)
        self.assertIn("is a copy", breaks[0]["reason"])
        # the server administrator adopts it (a restored backup now in production)
        self.Document._l10n_vn_einvoice_adopt_chain_keys()
        self.assertEqual(self.check(), (4, []))

    def test_upgrade_seals_documents_chained_before_the_seal_existed(self):
        """A database of 19.0.1.0.0 has chained documents without a seal: the check would
        name them; the upgrade seals them as they stand, and the check is clean."""
        self.sql("UPDATE l10n_vn_einvoice_document SET chain_seal = NULL WHERE id IN %s",
                 (tuple(self.docs.ids),))
        breaks = self.check()[1]
        self.assertTrue(breaks and "changed outside the server" in breaks[0]["reason"], breaks)
        path = Path(__file__).parents[1] / "migrations" / "19.0.1.1.0" / "post-migrate.py"
        spec = importlib.util.spec_from_file_location("l10n_vn_einvoice_post_migrate", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(self.check(), (len(self.docs), []))
        self.assertTrue(all(self.docs.mapped("chain_seal")))
