from odoo import fields, models

from ..standard.vn_dates import validity_text
from .res_company import MANAGER
from .res_company_signing import certificate_facts


class ResConfigSettings(models.TransientModel):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_signing_mode = fields.Selection(
        related="company_id.l10n_vn_einvoice_signing_mode", readonly=False, groups=MANAGER)
    l10n_vn_einvoice_certificate_holder = fields.Char(
        string="Certificate holder", compute="_compute_l10n_vn_einvoice_certificate_facts",
        groups=MANAGER)
    l10n_vn_einvoice_certificate_mst = fields.Char(
        string="Certificate MST", compute="_compute_l10n_vn_einvoice_certificate_facts",
        groups=MANAGER)
    l10n_vn_einvoice_certificate_validity = fields.Char(
        string="Certificate validity", compute="_compute_l10n_vn_einvoice_certificate_facts",
        groups=MANAGER)
    l10n_vn_einvoice_certificate_issuer = fields.Char(
        string="Certificate issuer", compute="_compute_l10n_vn_einvoice_certificate_facts",
        groups=MANAGER)

    def _compute_l10n_vn_einvoice_certificate_facts(self):
        """What the certificate says of itself, read from its X.509 content (validity as
        Vietnam dates)."""
        for settings in self:
            cert, holder, mst, issuer = certificate_facts(
                settings.sudo().l10n_vn_einvoice_certificate_id)
            settings.l10n_vn_einvoice_certificate_holder = holder
            settings.l10n_vn_einvoice_certificate_mst = mst
            settings.l10n_vn_einvoice_certificate_issuer = issuer
            settings.l10n_vn_einvoice_certificate_validity = (
                validity_text(cert.not_valid_before, cert.not_valid_after) if cert else "")
