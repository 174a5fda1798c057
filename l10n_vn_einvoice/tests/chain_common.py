"""The set-up of the chain tests: four invoices posted and chained, with keys (and the
heads recorded beside them) in a directory of the class, restored before each test."""

import shutil
import tempfile

from odoo.tools import config

from ..models import einvoice_chain_key as chain_key
from ..models.einvoice_chain import HEADS_PENDING, _record_heads
from .common import VnEinvoiceCommon


class ChainCase(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # New cursors (the post-commit recording of heads, the check's fresh look at
        # links committed meanwhile) see the test's transaction.
        cls.registry_enter_test_mode_cls()
        # The keys of this class live in a directory of their own (the server option an
        # administrator would set in odoo.conf), removed afterwards.
        cls.key_root = tempfile.mkdtemp(prefix="vn-chain-keys-")
        config[chain_key.KEY_DIR_OPTION] = cls.key_root
        cls.addClassCleanup(shutil.rmtree, cls.key_root, True)
        cls.addClassCleanup(config.options.pop, chain_key.KEY_DIR_OPTION, None)
        cls.Document = cls.env["l10n_vn_einvoice.document"]
        cls.docs = cls.Document.browse()
        for price in (100000.0, 200000.0, 300000.0, 400000.0):
            cls.docs |= cls.post(price)
        cls.symbol = cls.docs[0].symbol
        cls.commit_heads(cls)

    @classmethod
    def post(cls, price, date="2026-11-20"):
        move = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.partner_a.id,
            "invoice_date": date,
            "invoice_line_ids": [(0, 0, {"product_id": cls.product_a.id, "quantity": 1,
                                         "price_unit": price,
                                         "tax_ids": [(6, 0, cls.tax10.ids)]})]})
        move.action_post()
        return move.l10n_vn_einvoice_document_id

    def setUp(self):
        super().setUp()
        # Tests rotate, delete and chmod key files: each starts from the class's keys.
        saved = tempfile.mkdtemp(prefix="vn-chain-keys-saved-")
        shutil.copytree(self.key_root, saved, dirs_exist_ok=True)
        self.addCleanup(self.restore_keys, saved)

    def restore_keys(self, saved):
        shutil.rmtree(self.key_root)
        shutil.copytree(saved, self.key_root)
        shutil.rmtree(saved)
        chain_key._CACHE.clear()

    def commit_heads(self):
        """What the commit of the postings does after it: record the chains' heads (only
        that: the other post-commit work of a posting needs a real commit)."""
        self.env.flush_all()
        postcommit = self.env.cr.postcommit
        for func in list(postcommit._funcs):
            if getattr(func, "func", None) is _record_heads:
                postcommit._funcs.remove(func)
                func()
        postcommit.data.pop(HEADS_PENDING, None)

    def directory(self):
        return self.Document._l10n_vn_einvoice_chain_key_directory()

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

