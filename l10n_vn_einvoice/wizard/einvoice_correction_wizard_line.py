"""One line of an adjustment as the user states it: the new quantity and unit price of
an invoiced line, or directly the amount by which it changes (before VAT).

An adjustment invoice carries the difference, never a copy of the original: "2 → 1
bags" becomes one line of 1 bag at the original price, "100,000 → 90,000 each" a line
of the same quantity at 10,000, anything else one line of the amount."""

from odoo import api, fields, models


class L10nVnEinvoiceCorrectionWizardLine(models.TransientModel):
    _name = "l10n_vn_einvoice.correction.wizard.line"
    _description = "Adjusted line of an e-invoice"

    wizard_id = fields.Many2one("l10n_vn_einvoice.correction.wizard", required=True,
                                ondelete="cascade")
    move_line_id = fields.Many2one("account.move.line", string="Invoiced line",
                                   required=True, readonly=True)
    product_id = fields.Many2one(related="move_line_id.product_id")
    name = fields.Char(related="move_line_id.name")
    currency_id = fields.Many2one(related="move_line_id.currency_id")
    tax_ids = fields.Many2many(related="move_line_id.tax_ids")
    quantity = fields.Float(related="move_line_id.quantity", string="Invoiced quantity")
    price_unit = fields.Float(related="move_line_id.price_unit", string="Invoiced price")
    new_quantity = fields.Float(string="Right quantity", digits="Product Unit")
    new_price_unit = fields.Float(string="Right unit price", digits="Product Price")
    amount_change = fields.Monetary(
        string="Or change of amount",
        help="Increase (positive) or decrease (negative) of this line before VAT, when it "
             "is not a matter of quantity or unit price.")
    difference = fields.Monetary(compute="_compute_difference", string="Adjustment")

    @api.depends("new_quantity", "new_price_unit", "amount_change")
    def _compute_difference(self):
        for line in self:
            line.difference = line._difference()

    def _difference(self):
        """Signed change of the line's amount before VAT, in the invoice currency."""
        self.ensure_one()
        if self.amount_change:
            return self.currency_id.round(self.amount_change)
        original = self.move_line_id
        keep = 1 - (original.discount or 0.0) / 100.0
        return self.currency_id.round(
            self.new_quantity * self.new_price_unit * keep - original.price_subtotal)

    def _adjustment_values(self, sign):
        """Quantity, unit price and discount of the adjustment line; ``sign`` is -1 when
        the adjustment is a credit note (its amounts are decreases)."""
        self.ensure_one()
        original = self.move_line_id
        same_quantity = self.new_quantity == original.quantity
        same_price = self.new_price_unit == original.price_unit
        if not self.amount_change and same_price and not same_quantity:
            quantity = abs(self.new_quantity - original.quantity)
            price = original.price_unit * (1 if self.new_quantity > original.quantity else -1)
            return quantity, sign * price, original.discount
        if not self.amount_change and same_quantity and not same_price:
            return original.quantity, sign * (self.new_price_unit - original.price_unit), \
                original.discount
        return 1.0, sign * self._difference(), 0.0
