"""Customer invoices of a direct-method seller carry the VAT reduction as a line.

Before posting, the addon prices (or removes) the invoice's reduction line from its other
product lines, by the rule of the date that governs the invoice's VAT: its own date, or
for a credit note the date of the invoice it corrects (a correction keeps the regime of
the invoice it corrects).  The user sees the line and the total the buyer pays before the
invoice is sent; the e-invoice reads the same line.
"""

from decimal import Decimal

from odoo import Command, models

from .account_move_einvoice_data import dec
from .direct_reduction import REDUCTION_PRODUCT, reduction_for


class AccountMove(models.Model):
    _inherit = "account.move"

    def _l10n_vn_einvoice_direct(self):
        self.ensure_one()
        return (self.move_type in ("out_invoice", "out_refund")
                and self.company_id.account_fiscal_country_id.code == "VN"
                and self.company_id.l10n_vn_einvoice_tax_method == "direct")

    def _l10n_vn_einvoice_rate_date(self):
        """The date whose VAT rules apply: a credit note follows the invoice it corrects."""
        self.ensure_one()
        origin = self.reversed_entry_id if self.move_type == "out_refund" else None
        return (origin.invoice_date if origin and origin.invoice_date else None) \
            or self.invoice_date

    def _l10n_vn_einvoice_reduction_lines(self):
        product = self.env.ref(REDUCTION_PRODUCT, raise_if_not_found=False)
        return self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.product_id == product)

    def _l10n_vn_einvoice_reduction(self):
        """``(reduction, note)`` of this invoice from its goods lines (not the reduction)."""
        self.ensure_one()
        goods = self.invoice_line_ids.filtered(lambda line: line.display_type == "product") \
            - self._l10n_vn_einvoice_reduction_lines()
        digits = self.currency_id.decimal_places
        return reduction_for([(line.product_id, dec(line.price_subtotal, digits))
                              for line in goods],
                             self._l10n_vn_einvoice_rate_date(), self.currency_id.name)

    def _l10n_vn_einvoice_price_reduction(self):
        """Create, update or remove the reduction line so it says what the rule gives."""
        for move in self.filtered(lambda m: m.state == "draft" and m._l10n_vn_einvoice_direct()):
            if not move.invoice_date:
                continue
            reduction, note = move._l10n_vn_einvoice_reduction()
            existing = move._l10n_vn_einvoice_reduction_lines()
            if not reduction:
                if existing:
                    move.invoice_line_ids = [Command.unlink(line.id) for line in existing]
                continue
            vals = {"name": note, "quantity": 1, "price_unit": -float(reduction),
                    "discount": 0, "tax_ids": [Command.clear()]}
            if existing[:1] and (existing[0].price_unit != vals["price_unit"]
                                 or existing[0].name != note or len(existing) > 1):
                move.invoice_line_ids = [Command.update(existing[0].id, vals)] + [
                    Command.unlink(line.id) for line in existing[1:]]
            elif not existing:
                product = self.env.ref(REDUCTION_PRODUCT)
                move.invoice_line_ids = [Command.create({**vals, "product_id": product.id})]

    def _post(self, soft=True):
        # EXTEND 'account': a direct-method invoice is posted with its reduction line priced
        # by the rule of its date (the e-invoice, built in super()._post, reads that line).
        self._l10n_vn_einvoice_price_reduction()
        return super()._post(soft=soft)

    def _l10n_vn_einvoice_reduction_amount(self):
        """The reduction the invoice grants (positive for an invoice), from its line."""
        digits = self.currency_id.decimal_places
        return -sum((dec(line.price_subtotal, digits)
                     for line in self._l10n_vn_einvoice_reduction_lines()), Decimal(0))
