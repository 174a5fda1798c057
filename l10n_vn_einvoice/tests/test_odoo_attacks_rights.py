"""Least privilege over JSON-RPC (issue 11 §5, §6): buttons and RPC methods called by
roles the screens never offer them to, the chain check outside managers, and
certificates of other uses (``l10n_vn_einvoice_pos`` adds the registers': voiding from an
order, code blocks for absurd years)."""

import base64
import shutil
import tempfile

from odoo.tests import tagged
from odoo.tools import config

from ..models import einvoice_chain_key as chain_key
from ..standard.certificates import make_test_certificate
from .attack_common import PUBLIC, AttackCase

DOC = "l10n_vn_einvoice.document"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLeastPrivilege(AttackCase):

    @classmethod
    def setUpClass(cls):
        # The chain check verifies every chain of the shared test company against the
        # heads recorded beside its key: this class's keys and heads live in a directory
        # of their own (the server option an administrator would set), so that a head
        # another test class recorded in this database and rolled back (tours and
        # workers commit through the test cursor) is not this test's chain.
        key_root = tempfile.mkdtemp(prefix="vn-chain-keys-rights-")
        config[chain_key.KEY_DIR_OPTION] = key_root
        cls.addClassCleanup(shutil.rmtree, key_root, True)
        cls.addClassCleanup(config.options.pop, chain_key.KEY_DIR_OPTION, None)
        super().setUpClass()
        p12, password = make_test_certificate("Other use", cls.company.vat)
        cls.other_certificate = cls.env["certificate.certificate"].create({
            "name": "Chứng thư khác", "content": base64.b64encode(p12),
            "pkcs12_password": password.decode(), "company_id": cls.company.id,
            "scope": "general"})
        cls.other_key = cls.other_certificate.private_key_id

    def test_cashier_cannot_drive_transmission(self):
        for method in ("action_send_now", "action_retry", "action_check_status"):
            for role in ("cashier", "portal", PUBLIC):
                with self.subTest(role=role, method=method):
                    self.assert_refused(role, DOC, method, [self.doc.id])

    def test_chain_check_is_for_managers_only(self):
        for role in ("portal", "cashier", "invoicing user", "accountant"):
            with self.subTest(role=role):
                error = self.assert_refused(role, DOC, "action_l10n_vn_einvoice_check_chain")
                self.assertNotIn("verified", str(error))
        action = self.rpc("e-invoice manager", DOC, "action_l10n_vn_einvoice_check_chain")
        self.assertEqual(action["params"]["type"], "success", action["params"])

    def test_managers_see_the_einvoice_certificate_only(self):
        for role in ("e-invoice manager", "accounting administrator"):
            with self.subTest(role=role):
                self.assertEqual(self.visible_ids(role, "certificate.certificate"),
                                 {self.certificate.id})
                self.assert_refused(role, "certificate.certificate", "read",
                                    self.other_certificate.ids, ["content", "pkcs12_password"])
                self.assert_refused(role, "certificate.key", "read", self.other_key.ids,
                                    ["pem_key"])
                self.assert_refused(role, "certificate.certificate", "write",
                                    self.certificate.ids, {"private_key_id": self.other_key.id})
                self.assert_refused(role, "res.company", "write", self.company.ids,
                                    {"l10n_vn_einvoice_certificate_id":
                                     self.other_certificate.id})
        for role in ("cashier", "invoicing user", "accountant", "portal"):
            with self.subTest(role=role):
                self.assert_refused(role, "certificate.key", "read",
                                    self.certificate.private_key_id.ids, ["pem_key"])
                self.assert_refused(role, "certificate.certificate", "read",
                                    self.certificate.ids, ["pkcs12_password"])
