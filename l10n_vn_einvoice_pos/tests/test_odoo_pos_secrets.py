"""The POS frontend never receives provider credentials or key material.

The register runs in a browser that a cashier controls; whatever ``pos.session.load_data``
returns ends up in that browser's storage.  The test loads the POS data exactly as the
POS does at start-up (``load_data_params`` then ``load_data`` as the cashier) and searches
the JSON for every credential field name and every secret value of the company (and the
server's tamper-evidence key)."""

import base64
import json

from odoo.addons.l10n_vn_einvoice.standard.certificates import make_test_certificate
from odoo.addons.l10n_vn_einvoice.tests.common import SELLER_MST
from odoo.tests import new_test_user, tagged

from .pos_common import AUTHORITY, VnPosCommon

SECRETS = {
    "l10n_vn_einvoice_username": "ws-user-7f3a",
    "l10n_vn_einvoice_password": "ws-pass-9c21",
    "l10n_vn_einvoice_account": "acct-4d5e",
    "l10n_vn_einvoice_account_password": "acct-pass-b7e0",
}
PKCS12_PASSWORD = "p12-pass-51aa"
KEY_PASSWORD = "key-pass-e2d9"
FORBIDDEN_NAMES = [*SECRETS, "l10n_vn_einvoice_certificate_id", "private_key_id",
                   "pkcs12_password", "pem_key", "pem_certificate", "certificate.key",
                   "certificate.certificate"]


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosSecrets(VnPosCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cert_pem, key_pem = make_test_certificate("Seller", SELLER_MST)
        cls.key_pem = key_pem
        key = cls.env["certificate.key"].create({
            "name": "seller key", "content": base64.b64encode(key_pem),
            "password": KEY_PASSWORD, "company_id": cls.company.id})
        certificate = cls.env["certificate.certificate"].create({
            "name": "seller cert", "content": base64.b64encode(cert_pem),
            "pkcs12_password": PKCS12_PASSWORD, "private_key_id": key.id,
            "company_id": cls.company.id, "scope": "l10n_vn_einvoice"})
        cls.company.sudo().write({**SECRETS,
                                  "l10n_vn_einvoice_certificate_id": certificate.id})
        # the chain key of the server (a file, made on first use)
        cls.chain_key = cls.env["l10n_vn_einvoice.document"] \
            ._l10n_vn_einvoice_chain_current_key()[1].hex()
        cls.cashier = new_test_user(
            cls.env, "vn_pos_cashier", groups="point_of_sale.group_pos_user",
            company_id=cls.company.id, company_ids=[(6, 0, cls.company.ids)])

    def secret_values(self):
        """Every secret as it could appear in JSON: plain, base64, and the key's body."""
        key_lines = [line for line in self.key_pem.decode().splitlines()
                     if line and not line.startswith("-----")]
        values = [*SECRETS.values(), PKCS12_PASSWORD, KEY_PASSWORD, "PRIVATE KEY",
                  base64.b64encode(self.key_pem).decode()[:40], *key_lines[:3],
                  self.chain_key]
        return values

    def test_cashier_pos_data_has_no_credentials_or_keys(self):
        session = self.open_session(self.config_a)
        session.user_id = self.cashier
        as_cashier = session.with_user(self.cashier)
        params = as_cashier.load_data_params()
        data = as_cashier.load_data([])
        self.assertIn("pos.config", data)
        self.assertIn("res.company", data)
        self.assertEqual(data["res.company"][0]["vat"], SELLER_MST, "the company was loaded")
        self.assertEqual(data["pos.config"][0]["l10n_vn_einvoice_authority_string"],
                         AUTHORITY, "the e-invoice settings of the register were loaded")
        text = json.dumps([params, data], default=str)
        for name in FORBIDDEN_NAMES:
            self.assertNotIn(name, text, f"credential field {name} sent to the POS")
        for value in self.secret_values():
            self.assertNotIn(value, text, "credential or key material sent to the POS")

    def test_manager_opening_the_pos_does_not_load_credentials_either(self):
        """Field groups hide credentials from cashiers; a manager who may read them must
        still not push them to the register's storage."""
        manager = new_test_user(
            self.env, "vn_pos_einvoice_manager",
            groups="point_of_sale.group_pos_manager,l10n_vn_einvoice.group_manager",
            company_id=self.company.id, company_ids=[(6, 0, self.company.ids)])
        session = self.open_session(self.config_b)
        session.user_id = manager
        data = session.with_user(manager).load_data([])
        text = json.dumps(data, default=str)
        for name in FORBIDDEN_NAMES:
            self.assertNotIn(name, text, f"credential field {name} sent to the POS")
        for value in self.secret_values():
            self.assertNotIn(value, text, "credential or key material sent to the POS")
