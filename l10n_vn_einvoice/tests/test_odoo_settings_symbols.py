"""Settings › Fetch symbols: the forms and symbols registered at the provider are fetched
and offered (MISA's templates, VNPT's patterns through the sandbox), a provider whose API
lists none says so in words, a configured symbol the provider does not list is named in
the offer and in the connection test, and only an e-invoice manager of the company may
fetch or use one."""

import datetime

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..providers.sandbox.core import VN_TZ
from .common import VnEinvoiceCommon
from .sandbox_server import running_sandbox


@tagged("post_install", "-at_install", "post_install_l10n")
class TestSettingsSymbols(VnEinvoiceCommon):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        # the symbols' year digits are this (Vietnam) year's, as the sandbox registers them
        self.yy = f"{datetime.datetime.now(VN_TZ).year % 100:02d}"

    def use(self, provider, **values):
        self.use_sandbox_contract(provider, self.sandbox.url, **values)

    def fetch(self, user=None):
        settings = self.env["res.config.settings"]
        if user:
            settings = settings.with_user(user)
        return settings.create({}).action_l10n_vn_einvoice_fetch_symbols()

    def wizard_of(self, action):
        self.assertEqual(action["type"], "ir.actions.act_window", action)
        return self.env[action["res_model"]].browse(action["res_id"])

    def test_misa_templates_offered_and_one_picked(self):
        self.use("misa", l10n_vn_einvoice_symbol=f"C{self.yy}TAA")
        wizard = self.wizard_of(self.fetch())
        listed = {(line.form, line.symbol, line.kind) for line in wizard.line_ids}
        self.assertIn(("1", f"C{self.yy}TAA", "coded"), listed)
        self.assertIn(("1", f"K{self.yy}TAA", "uncoded"), listed)
        self.assertFalse([line for line in wizard.line_ids if line.kind == "cash_register"],
                         "MISA's templates hold no cash-register symbol")
        self.assertTrue(all(line.template for line in wizard.line_ids), "MISA has templates")
        self.assertIn("MISA", wizard.provider_title)
        self.assertFalse(wizard.unknown_warning, "the configured symbol is registered")
        in_use = wizard.line_ids.filtered("in_use")
        self.assertEqual(in_use.mapped("symbol"), [f"C{self.yy}TAA"])
        uncoded = wizard.line_ids.filtered(
            lambda line: line.symbol == f"K{self.yy}TAA" and line.form == "1")
        self.assertEqual(uncoded.action_use(), {"type": "ir.actions.client", "tag": "reload"})
        self.assertEqual((self.company.l10n_vn_einvoice_form,
                          self.company.l10n_vn_einvoice_symbol), ("1", f"K{self.yy}TAA"))

    def test_cash_register_symbol_picked_from_the_sandbox(self):
        self.use("sandbox")
        wizard = self.wizard_of(self.fetch())
        register = wizard.line_ids.filtered(
            lambda line: line.symbol == f"C{self.yy}MAA" and line.form == "1")
        self.assertEqual(register.kind, "cash_register")
        self.assertTrue(register.template, "VNPT's pattern")
        register.action_use()
        self.assertEqual(self.company.l10n_vn_einvoice_pos_symbol, f"C{self.yy}MAA")
        delivery = wizard.line_ids.filtered(lambda line: line.form == "6")
        self.assertTrue(delivery, "the sandbox lists delivery-note symbols too")
        self.assertFalse(delivery[0].usable, "not a symbol of the settings")

    def test_unknown_symbol_named_in_the_offer_and_the_connection_test(self):
        unknown = f"C{self.yy}TZZ"
        self.use("misa", l10n_vn_einvoice_symbol=unknown)
        wizard = self.wizard_of(self.fetch())
        self.assertIn(f"1{unknown}", wizard.unknown_warning)
        self.assertIn("Not registered at MISA meInvoice", wizard.unknown_warning)
        self.assertIn("Chưa đăng ký tại MISA meInvoice", wizard.unknown_warning)
        self.assertFalse(wizard.line_ids.filtered("in_use"))
        params = self.env["res.config.settings"].create(
            {}).action_l10n_vn_einvoice_test_connection()["params"]
        self.assertEqual(params["type"], "danger", params["message"])
        self.assertIn(f"✘ Not registered at MISA meInvoice for this company: 1{unknown}",
                      params["message"])
        self.company.l10n_vn_einvoice_symbol = f"C{self.yy}TAA"
        params = self.env["res.config.settings"].create(
            {}).action_l10n_vn_einvoice_test_connection()["params"]
        self.assertEqual(params["type"], "success", params["message"])
        self.assertNotIn("Not registered", params["message"])

    def test_providers_without_a_listing_call_say_so(self):
        for provider, title in (("easyinvoice", "EasyInvoice"), ("bkav", "BKAV")):
            self.use(provider)
            params = self.fetch()["params"]
            self.assertEqual(params["type"], "warning")
            self.assertIn(f"{title}", params["title"])
            self.assertIn("has no call listing the symbols", params["message"])
            self.assertIn("không có chức năng liệt kê ký hiệu", params["message"])

    def test_provider_refusal_said_in_words(self):
        self.use("misa", l10n_vn_einvoice_password="wrong")
        params = self.fetch()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("MISA meInvoice refused", params["message"])
        self.assertIn("MISA meInvoice từ chối", params["message"])

    def test_only_a_manager_of_the_company_fetches_and_uses(self):
        self.use("misa")
        wizard = self.wizard_of(self.fetch())
        line = wizard.line_ids[0]
        clerk = new_test_user(self.env, "vn_symbols_clerk",
                              groups="account.group_account_invoice",
                              company_id=self.company.id)
        self.assertFalse(clerk.has_group("l10n_vn_einvoice.group_manager"))
        with self.assertRaises(AccessError):
            self.fetch(clerk)
        with self.assertRaises(AccessError):
            line.with_user(clerk).action_use()
        before = self.company.l10n_vn_einvoice_symbol
        other = self.env["res.company"].create({"name": "Công ty khác"})
        manager = new_test_user(self.env, "vn_symbols_manager",
                                groups="l10n_vn_einvoice.group_manager,account.group_account_manager",
                                company_id=other.id, company_ids=[(6, 0, other.ids)])
        # a manager of another company crafts a pick for this one
        forged = self.env["l10n_vn_einvoice.symbol.pick"].with_user(manager).create({
            "company_id": self.company.id,
            "line_ids": [(0, 0, {"form": "1", "symbol": f"C{self.yy}TAB", "kind": "coded"})]})
        with self.assertRaises(AccessError):
            forged.line_ids.action_use()
        self.assertEqual(self.company.l10n_vn_einvoice_symbol, before)
