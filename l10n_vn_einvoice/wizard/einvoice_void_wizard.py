"""Void an e-invoice caught before transmission (BR-12), and take its move out of the
books: the accountant issues a fresh invoice, under a new number."""

from odoo import fields, models


class L10nVnEinvoiceVoidWizard(models.TransientModel):
    _name = "l10n_vn_einvoice.void.wizard"
    _description = "Void an e-invoice before transmission"

    document_ids = fields.Many2many(
        "l10n_vn_einvoice.document", "l10n_vn_einvoice_void_wizard_doc_rel", "wizard_id",
        "document_id", required=True, readonly=True,
        default=lambda self: self.env.context.get("active_ids"))
    reason = fields.Char(required=True, size=255)

    def action_void(self):
        self.ensure_one()
        docs = self.document_ids
        docs._l10n_vn_einvoice_void(self.reason)
        moves = docs.move_id.filtered(lambda m: m.state == "posted")
        moves.button_draft()
        moves.button_cancel()
        return {"type": "ir.actions.act_window_close"}
