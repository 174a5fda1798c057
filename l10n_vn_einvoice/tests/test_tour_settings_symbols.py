"""Settings › Fetch symbols in headless Chromium (issue 25 §4): EasyInvoice says it lists
none, MISA's registered symbols are fetched and one is picked into the settings, and a
symbol MISA does not list is named by the offer and by Test connection."""

import datetime

from odoo.tests import tagged

from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD, VN_TZ
from ..providers.sandbox.misa_contract import APP_ID
from .test_tour_invoice import VnTourCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourSettingsSymbols(VnTourCommon):

    def test_symbols_fetched_picked_and_unknown_named(self):
        # the test set-up holds a cash-basis tax: the setting must be on for the page to
        # open without Odoo's own warning
        self.company.tax_exigibility = True
        yy = f"{datetime.datetime.now(VN_TZ).year % 100:02d}"
        self.company.sudo().write({
            "l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
            "l10n_vn_einvoice_password": DEFAULT_PASSWORD,
            "l10n_vn_einvoice_account": APP_ID,
            "l10n_vn_einvoice_symbol": f"C{yy}TZZ"})  # not registered at the sandbox
        self.start_tour("/odoo/action-account.action_account_config",
                        "l10n_vn_einvoice_settings_symbols", login=self.env.user.login,
                        timeout=180)
        self.shots.assert_taken(self, "settings_symbols_offer", "settings_symbols_unknown")
        self.assertEqual(self.company.l10n_vn_einvoice_provider, "misa")
        self.assertEqual(self.company.l10n_vn_einvoice_symbol, f"C{yy}TZY",
                         "the picked symbol, then the one typed and saved")
        picks = self.env["l10n_vn_einvoice.symbol.pick"].search(
            [("company_id", "=", self.company.id)])
        self.assertEqual(len(picks), 1, "one offer: EasyInvoice's fetch made none")
        self.assertIn("MISA", picks.provider_title)
