"""The e-invoice of a POS order: the document's link to the sale it was issued for."""

from odoo import fields, models


class L10nVnEinvoiceDocument(models.Model):
    _inherit = "l10n_vn_einvoice.document"

    pos_order_id = fields.Many2one("pos.order", string="POS order", index="btree_not_null",
                                   check_company=True, ondelete="restrict", readonly=True)

    def _l10n_vn_einvoice_buyer_partner(self):
        # EXTEND 'l10n_vn_einvoice': a cash-register invoice's buyer is the order's.
        return super()._l10n_vn_einvoice_buyer_partner() or self.pos_order_id.partner_id
