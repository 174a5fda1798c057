"""Who signs is the e-invoice managers' setting (issue 15 §1): every other role is refused
over JSON-RPC, reading as well as writing, on the company and on the settings page; a
settings administrator who is not an e-invoice manager too is refused as well."""

from odoo.tests import new_test_user, tagged

from .attack_common import AttackCase

SIGNING_FIELDS = ["l10n_vn_einvoice_signing_mode", "l10n_vn_einvoice_certificate_alert"]


@tagged("post_install", "-at_install", "post_install_l10n")
class TestSigningSettingRights(AttackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Company settings are written by settings administrators (base.group_system);
        # who signs is theirs only when they are e-invoice managers too.
        for role, groups in (("settings admin", "base.group_system"),
                             ("settings admin and e-invoice manager",
                              "base.group_system,l10n_vn_einvoice.group_manager")):
            cls.users[role] = new_test_user(
                cls.env, f"atk_{len(cls.users)}", groups=groups, company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)])

    def test_only_managers_see_and_change_who_signs(self):
        for role in ("cashier", "invoicing user", "accountant", "portal", "settings admin"):
            with self.subTest(role=role):
                self.assert_refused(role, "res.company", "read", self.company.ids,
                                    SIGNING_FIELDS)
                self.assert_refused(role, "res.company", "write", self.company.ids,
                                    {"l10n_vn_einvoice_signing_mode": "seller"})
                self.assert_refused(role, "res.config.settings", "create",
                                    {"l10n_vn_einvoice_signing_mode": "seller"})
                self.assertEqual(self.company.sudo().l10n_vn_einvoice_signing_mode, "provider")
        manager = "settings admin and e-invoice manager"
        self.rpc(manager, "res.company", "write", self.company.ids,
                 {"l10n_vn_einvoice_signing_mode": "seller"})
        (row,) = self.rpc(manager, "res.company", "read", self.company.ids, SIGNING_FIELDS)
        self.assertEqual(row["l10n_vn_einvoice_signing_mode"], "seller")
        settings_id = self.rpc(manager, "res.config.settings", "create", {})
        (shown,) = self.rpc(manager, "res.config.settings", "read", [settings_id],
                            ["l10n_vn_einvoice_signing_mode",
                             "l10n_vn_einvoice_certificate_mst"])
        self.assertEqual((shown["l10n_vn_einvoice_signing_mode"],
                          shown["l10n_vn_einvoice_certificate_mst"]),
                         ("seller", self.company.vat))
