from odoo import fields, models


class L10nVnEinvoiceExchange(models.Model):
    """One call to the provider, kept for audit and for the provider's support line."""

    _name = "l10n_vn_einvoice.exchange"
    _description = "E-invoice exchange with the provider"
    _order = "id desc"

    document_id = fields.Many2one("l10n_vn_einvoice.document", required=True,
                                  ondelete="cascade", index=True)
    company_id = fields.Many2one(related="document_id.company_id", store=True, precompute=True)
    operation = fields.Char(required=True)
    provider = fields.Char()
    started_at = fields.Datetime(required=True, default=fields.Datetime.now)
    duration_ms = fields.Integer(string="Duration (ms)")
    result = fields.Selection(
        [("ok", "OK"), ("transient", "Temporary failure"), ("rejected", "Rejected"),
         ("unknown", "Not found at the provider")], required=True)
    error_code = fields.Char()
    message = fields.Text()
    attempt = fields.Integer()
