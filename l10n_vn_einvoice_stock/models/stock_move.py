from odoo import api, fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    l10n_vn_einvoice_price_unit = fields.Float(
        string="Note unit price", digits="Product Price", copy=False,
        help="Unit price (per unit of the move) the delivery note prints for this line: "
             "the product's cost for a transfer between warehouses, its sales price for "
             "goods sent to a sales agent. It can be changed until the transfer is "
             "validated.")

    def _l10n_vn_einvoice_default_price(self):
        """Cost for an internal transport note (the goods stay the company's, valued at
        cost), sales price for an agent's note (the price the agent sells at)."""
        self.ensure_one()
        kind = self.picking_id.l10n_vn_einvoice_note_kind
        product = self.product_id
        if not kind or not product:
            return 0.0
        price = product.lst_price if kind == "agent" else product.standard_price
        return product.uom_id._compute_price(price, self.product_uom or product.uom_id)

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        for move, vals in zip(moves, vals_list, strict=True):
            if not vals.get("l10n_vn_einvoice_price_unit") and move.picking_id:
                price = move._l10n_vn_einvoice_default_price()
                if price:
                    move.l10n_vn_einvoice_price_unit = price
        return moves

    @api.onchange("product_id", "product_uom")
    def _onchange_l10n_vn_einvoice_price_unit(self):
        for move in self:
            move.l10n_vn_einvoice_price_unit = move._l10n_vn_einvoice_default_price()
