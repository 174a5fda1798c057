"""Odoo's invoice of POS orders e-invoiced at the register is never a second e-invoice."""

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _l10n_vn_einvoice_pos_invoiced(self):
        # EXTEND 'l10n_vn_einvoice': the POS orders of this move hold cash-register
        # e-invoices of their sale; posting the move replaces them for the buyer instead
        # (``pos.order._l10n_vn_einvoice_invoiced_by``).
        orders = self.sudo().pos_order_ids
        return bool(orders.l10n_vn_einvoice_document_id.filtered(
            lambda d: d.state not in ("rejected", "voided"))) or any(
            order._l10n_vn_einvoice_sale_document() for order in orders)

    def _l10n_vn_einvoice_pos_invoiced_by(self):
        # EXTEND 'l10n_vn_einvoice'
        self.ensure_one()
        self.sudo().pos_order_ids._l10n_vn_einvoice_invoiced_by(self)
