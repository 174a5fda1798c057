from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_vn_einvoice_note_symbol_internal = fields.Char(
        related="company_id.l10n_vn_einvoice_note_symbol_internal", readonly=False)
    l10n_vn_einvoice_note_symbol_agent = fields.Char(
        related="company_id.l10n_vn_einvoice_note_symbol_agent", readonly=False)
