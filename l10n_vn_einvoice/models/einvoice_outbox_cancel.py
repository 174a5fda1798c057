from odoo import fields, models


class L10nVnEinvoiceOutbox(models.Model):
    _inherit = "l10n_vn_einvoice.outbox"

    # A voided document's queued transmission (BR-12): kept for the audit trail, never
    # claimed again (workers only take pending rows and expired leases).
    state = fields.Selection(selection_add=[("cancelled", "Cancelled")],
                             ondelete={"cancelled": "set default"})
