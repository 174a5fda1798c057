from odoo import fields, models
from odoo.tools import config

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
    l10n_vn_einvoice_mail_server_warning = fields.Char(
        string="Mail server warning", compute="_compute_l10n_vn_einvoice_mail_server_warning")

    def _compute_l10n_vn_einvoice_mail_server_warning(self):
        """E-invoices are e-mailed to buyers: say so when Odoo has nowhere to send them."""
        has_server = bool(self.env["ir.mail_server"].sudo().search_count([], limit=1))
        for settings in self:
            settings.l10n_vn_einvoice_mail_server_warning = False if has_server else \
                self.env._(
                    "No outgoing mail server is configured (Settings > Technical > Outgoing "
                    "Mail Servers): e-invoice e-mails to buyers go to the server named in "
                    "Odoo's configuration file (%(server)s); if nothing accepts them there they "
                    "are not sent, and each e-invoice's chatter says so.\nChưa cấu hình máy chủ "
                    "gửi thư: thư gửi hóa đơn cho người mua được chuyển tới máy chủ trong tệp "
                    "cấu hình Odoo (%(server)s); nếu không có máy chủ nhận, thư không được gửi "
                    "và phần trao đổi của từng hóa đơn ghi rõ điều đó.",
                    server=f"{config.get('smtp_server')}:{config.get('smtp_port')}")

    def _compute_l10n_vn_einvoice_is_sandbox(self):
        for settings in self:
            settings.l10n_vn_einvoice_is_sandbox = settings.l10n_vn_einvoice_provider == "sandbox"
