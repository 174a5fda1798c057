"""The e-invoice signing key over JSON-RPC (issue 22 §4): no role reads the PKCS#12, its
password or the private key back — accounting and settings administrators included, by
``read``, ``search_read``, a domain testing the password, or the field's attachment; the
e-invoice manager still uploads a certificate and sees its form.  Neutralisation removes
the key material and passwords of every certificate of the scope, old ones included."""

import base64
import json

from odoo.modules.neutralize import get_neutralization_queries
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from ..standard.certificates import make_test_certificate
from .attack_common import ROLES, AttackCase

SETTINGS_ADMIN = "settings administrator"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestSigningKeys(AttackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users[SETTINGS_ADMIN] = new_test_user(
            cls.env, "atk_settings_admin", groups="base.group_system",
            company_id=cls.company.id, company_ids=[(6, 0, cls.company.ids)])
        # the certificate before a renewal: same scope, no longer linked
        p12, password = make_test_certificate("Seller A 2025", cls.company.vat)
        cls.old_certificate = cls.env["certificate.certificate"].create({
            "name": "Chữ ký số A (2025)", "content": base64.b64encode(p12),
            "pkcs12_password": password.decode(), "company_id": cls.company.id,
            "scope": "l10n_vn_einvoice"})
        certificates = cls.certificate | cls.old_certificate
        cls.secrets = [certificates.sudo().mapped("pkcs12_password"),
                       [c.decode() if isinstance(c, bytes) else c
                        for c in certificates.sudo().mapped("content")],
                       [k.decode() for k in certificates.sudo().private_key_id.mapped(
                           "pem_key")]]
        cls.secrets = [s for group in cls.secrets for s in group if s]
        cls.attempts = [
            ("certificate.certificate", "read", certificates.ids, ["content"]),
            ("certificate.certificate", "read", certificates.ids, ["pkcs12_password"]),
            ("certificate.certificate", "search_read", [("scope", "=", "l10n_vn_einvoice")],
             ["content", "pkcs12_password"]),
            ("certificate.certificate", "search",
             [("pkcs12_password", "=like", f"{certificates[0].sudo().pkcs12_password[:1]}%")]),
            ("certificate.certificate", "web_read", certificates.ids,
             {"content": {}, "pkcs12_password": {}}),
            ("certificate.key", "read", certificates.private_key_id.ids,
             ["pem_key", "content", "password"]),
            ("certificate.key", "search_read", [("l10n_vn_einvoice_signing", "=", True)],
             ["pem_key"]),
            ("ir.attachment", "read", (cls.p12_attachment | cls.key_attachment).ids,
             ["datas", "raw"]),
            ("ir.attachment", "search_read", [("res_model", "in", ["certificate.certificate",
                                                                  "certificate.key"]),
                                              ("res_field", "!=", False)], ["datas"]),
        ]

    def assert_no_secret(self, role, model, method, *args):
        """Refused, or answered without any secret (nor a search hit on one)."""
        try:
            answer = self.rpc(role, model, method, *args)
        except JsonRpcException:
            return
        text = json.dumps(answer)
        for secret in self.secrets:
            self.assertNotIn(secret, text, f"{role}: {model}.{method} gave a secret away")
        if method == "search":
            self.assertEqual(answer, [], f"{role}: a domain on the password is an oracle")

    def test_no_role_reads_the_signing_key_back(self):
        self.assertTrue(self.secrets)
        for role in [*ROLES, SETTINGS_ADMIN]:
            for model, method, *args in self.attempts:
                with self.subTest(role=role, model=model, method=method, args=args[-1]):
                    self.assert_no_secret(role, model, method, *args)

    def test_manager_uploads_and_sees_the_form_without_the_key(self):
        p12, password = make_test_certificate("Seller A 2027", self.company.vat)
        spec = {"name": {}, "content": {}, "pkcs12_password": {}, "scope": {}}
        [saved] = self.rpc("e-invoice manager", "certificate.certificate", "web_save", [], {
            "name": "Chữ ký số A (2027)", "content": base64.b64encode(p12).decode(),
            "pkcs12_password": password.decode(), "company_id": self.company.id,
            "scope": "l10n_vn_einvoice"}, spec)
        self.assertEqual(saved["name"], "Chữ ký số A (2027)")
        self.assertFalse(saved["pkcs12_password"])
        self.assertRegex(saved["content"], r"^\d+(\.\d+)? [kK]?[bB]", "the file's size only")
        certificate = self.env["certificate.certificate"].browse(saved["id"])
        self.assertEqual(certificate.sudo().pkcs12_password, password.decode())
        self.assertTrue(certificate.sudo().private_key_id.pem_key, "the key was extracted")
        # the company signs with it: the server reads what no user can
        self.company.l10n_vn_einvoice_certificate_id = certificate
        self.assertTrue(self.company._l10n_vn_einvoice_signing_key())
        # certificates of other uses keep Odoo's rules: a settings administrator reads them
        other = self.env["certificate.certificate"].create({
            "name": "Other use", "content": base64.b64encode(p12),
            "pkcs12_password": password.decode(), "company_id": self.company.id,
            "scope": "general"})
        [read] = self.rpc(SETTINGS_ADMIN, "certificate.certificate", "read", other.ids,
                          ["pkcs12_password"])
        self.assertEqual(read["pkcs12_password"], password.decode())

    def test_neutralisation_removes_every_einvoice_key(self):
        keys = (self.certificate | self.old_certificate).private_key_id
        self.assertEqual(len(keys), 2)
        self.env.flush_all()
        for query in get_neutralization_queries(["certificate", "l10n_vn_einvoice"]):
            self.env.cr.execute(query)
        self.env.invalidate_all()
        for certificate in (self.certificate | self.old_certificate).sudo():
            with self.subTest(certificate=certificate.name):
                self.assertFalse(certificate.content)
                self.assertFalse(certificate.pkcs12_password)
        for key in keys.sudo():
            self.assertFalse(key.content)
            self.assertFalse(key.pem_key)
            self.assertFalse(key.password)
