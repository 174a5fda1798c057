"""Reconciliation: the cash-register invoices against their orders."""

from odoo import api, models

POS_MISMATCH_SQL = """
    SELECT 'mismatch', docs.id, NULL,
           docs.amount_total::text || ' / ' || p.amount_total::text
      FROM docs JOIN l10n_vn_einvoice_document pd ON pd.id = docs.id
      JOIN pos_order p ON p.id = pd.pos_order_id
     WHERE docs.state NOT IN ('replaced', 'voided', 'rejected')
       AND ABS(docs.amount_total - p.amount_total) >= 0.005"""
# Odoo's invoice of POS orders e-invoiced at the register: the orders' documents (the
# cash-register invoice, or its replacement for the buyer) are its e-invoices.
POS_COVERED_SQL = """
       AND NOT EXISTS (SELECT 1 FROM pos_order p
                         JOIN l10n_vn_einvoice_document d ON d.pos_order_id = p.id
                        WHERE p.account_move = m.id)"""


class L10nVnEinvoiceReconciliation(models.TransientModel):
    _inherit = "l10n_vn_einvoice.report.reconciliation"

    @api.model
    def _l10n_vn_einvoice_queries(self):
        # EXTEND 'l10n_vn_einvoice'
        return [*super()._l10n_vn_einvoice_queries(), POS_MISMATCH_SQL]

    @api.model
    def _l10n_vn_einvoice_not_issued_conditions(self):
        # EXTEND 'l10n_vn_einvoice'
        return [*super()._l10n_vn_einvoice_not_issued_conditions(), POS_COVERED_SQL]
