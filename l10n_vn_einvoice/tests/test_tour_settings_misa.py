"""The settings screen with MISA meInvoice as the provider, in headless Chromium: the AppID
field is shown, and Test connection gets a token from the sandbox speaking MISA's
contract and names the symbols registered there."""

from odoo.tests import tagged

from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.misa_contract import APP_ID
from .test_tour_invoice import VnTourCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourSettingsMisa(VnTourCommon):

    def test_misa_settings_and_connection(self):
        self.company.tax_exigibility = True  # as in the settings tour: no Odoo warning
        self.company.sudo().write({
            "l10n_vn_einvoice_provider": "misa", "l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
            "l10n_vn_einvoice_password": DEFAULT_PASSWORD, "l10n_vn_einvoice_account": APP_ID})
        logins = next(c for c in self.sandbox.app.contracts if c.name == "misa").logins
        self.start_tour("/odoo/action-account.action_account_config",
                        "l10n_vn_einvoice_settings_misa", login=self.env.user.login,
                        timeout=120)
        misa = next(c for c in self.sandbox.app.contracts if c.name == "misa")
        self.assertGreater(misa.logins, logins, "the connection test asked MISA for a token")
