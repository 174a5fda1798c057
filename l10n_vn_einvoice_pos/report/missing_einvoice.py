"""Sales without e-invoice: the paid POS orders without their own, and Odoo's invoice of
orders e-invoiced at the register (covered by the orders' documents)."""

from odoo import api, fields, models
from odoo.addons.l10n_vn_einvoice.report.missing_einvoice import ISSUED

ORDERS_SQL = """
    SELECT o.id
      FROM pos_order o
     WHERE o.company_id = %(company)s AND o.state IN ('paid', 'done', 'invoiced')
       AND o.date_order >= %(start_at)s AND o.date_order < %(end_at)s
       AND NOT EXISTS (SELECT 1 FROM l10n_vn_einvoice_document d
                        WHERE d.pos_order_id = o.id AND d.state IN %(issued)s)
       -- an order invoiced at the till: its invoice's own e-invoice is the sale's
       AND NOT EXISTS (SELECT 1 FROM l10n_vn_einvoice_document d
                        WHERE o.account_move IS NOT NULL AND d.move_id = o.account_move
                          AND d.state IN %(issued)s)
  ORDER BY o.id
"""


class L10nVnEinvoiceMissingReport(models.TransientModel):
    _inherit = "l10n_vn_einvoice.report.missing"

    @api.model
    def _l10n_vn_einvoice_find_more(self, params):
        # EXTEND 'l10n_vn_einvoice': paid orders without their own e-invoice.
        found = super()._l10n_vn_einvoice_find_more(params)
        self.env.cr.execute(ORDERS_SQL, params)
        for order in self.env["pos.order"].sudo().browse(
                [row[0] for row in self.env.cr.fetchall()]):
            linked = order.l10n_vn_einvoice_document_id
            found.append({
                "pos_order_id": order.id,
                "reason": "order_foreign_einvoice" if linked else "order_no_einvoice",
                "detail": linked.name if linked else "",
            })
        return found

    def _covered_by_orders(self, move):
        # EXTEND 'l10n_vn_einvoice': Odoo's invoice of POS orders whose own documents
        # are its e-invoices.
        if super()._covered_by_orders(move):
            return True
        orders = move.pos_order_ids
        if not orders:
            return False
        owners = self.env["l10n_vn_einvoice.document"].sudo().search([
            ("pos_order_id", "in", orders.ids), ("state", "in", ISSUED)]).pos_order_id
        return owners == orders


class L10nVnEinvoiceMissingReportLine(models.TransientModel):
    _inherit = "l10n_vn_einvoice.report.missing.line"

    pos_order_id = fields.Many2one("pos.order", string="POS order", readonly=True)
