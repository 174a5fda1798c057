"""Household declaration: the POS orders' lines are revenue too."""

from odoo import api, models

POS_LINES_SQL = """
                SELECT d.id, pl.product_id, pl.price_subtotal AS amount
                  FROM l10n_vn_einvoice_document d
                  JOIN pos_order_line pl ON pl.order_id = d.pos_order_id
                 WHERE d.company_id = %(company)s AND d.state IN %(states)s
                   AND d.move_id IS NULL
                   AND d.issue_date BETWEEN %(start)s AND %(end)s"""


class L10nVnEinvoiceHousehold(models.TransientModel):
    _inherit = "l10n_vn_einvoice.report.household"

    @api.model
    def _l10n_vn_einvoice_revenue_sources(self):
        # EXTEND 'l10n_vn_einvoice'
        return [*super()._l10n_vn_einvoice_revenue_sources(), POS_LINES_SQL]
