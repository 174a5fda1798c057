from odoo import fields, models

from .res_company import MANAGER


class ResConfigSettings(models.TransientModel):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_provider = fields.Selection(
        related="company_id.l10n_vn_einvoice_provider", readonly=False)
    l10n_vn_einvoice_provider_url = fields.Char(
        related="company_id.l10n_vn_einvoice_provider_url", readonly=False)
    l10n_vn_einvoice_username = fields.Char(
        related="company_id.l10n_vn_einvoice_username", readonly=False, groups=MANAGER)
    l10n_vn_einvoice_password = fields.Char(
        related="company_id.l10n_vn_einvoice_password", readonly=False, groups=MANAGER)
    l10n_vn_einvoice_account = fields.Char(
        related="company_id.l10n_vn_einvoice_account", readonly=False, groups=MANAGER)
    l10n_vn_einvoice_account_password = fields.Char(
        related="company_id.l10n_vn_einvoice_account_password", readonly=False, groups=MANAGER)
    l10n_vn_einvoice_provider_tax_code = fields.Char(
        related="company_id.l10n_vn_einvoice_provider_tax_code", readonly=False)
    l10n_vn_einvoice_certificate_id = fields.Many2one(
        related="company_id.l10n_vn_einvoice_certificate_id", readonly=False, groups=MANAGER)
    l10n_vn_einvoice_tax_method = fields.Selection(
        related="company_id.l10n_vn_einvoice_tax_method", readonly=False)
    l10n_vn_einvoice_form = fields.Selection(
        related="company_id.l10n_vn_einvoice_form", readonly=False)
    l10n_vn_einvoice_symbol = fields.Char(
        related="company_id.l10n_vn_einvoice_symbol", readonly=False)
    l10n_vn_einvoice_pos_symbol = fields.Char(
        related="company_id.l10n_vn_einvoice_pos_symbol", readonly=False)
    l10n_vn_einvoice_legal_name = fields.Char(
        related="company_id.l10n_vn_einvoice_legal_name", readonly=False)
    l10n_vn_einvoice_legal_address = fields.Char(
        related="company_id.l10n_vn_einvoice_legal_address", readonly=False)
    l10n_vn_einvoice_company_vat = fields.Char(
        related="company_id.vat", readonly=False, string="Seller MST")
    l10n_vn_einvoice_is_sandbox = fields.Boolean(
        compute="_compute_l10n_vn_einvoice_is_sandbox")

    def _compute_l10n_vn_einvoice_is_sandbox(self):
        for settings in self:
            settings.l10n_vn_einvoice_is_sandbox = settings.l10n_vn_einvoice_provider == "sandbox"
