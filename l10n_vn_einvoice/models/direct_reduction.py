"""The 20 % reduction of a direct-method seller's VAT percentage, on Odoo's records.

A household business or any seller on the direct method (sales invoices, form 2) pays VAT
as a percentage of revenue by sector; while a reduction resolution is in force
(``standard.regimes.VAT_REDUCTIONS``, the last one ending on 2026-12-31) that percentage
is reduced by 20 % for eligible goods, and the invoice must show every line in full, then
the amount of the reduction with a prescribed note; the buyer pays the reduced total.

In Odoo the reduction is an ordinary line of the invoice or POS order on a dedicated
product (``product_vat_reduction``), priced by the addon — so the journal entry, the
payment and the till agree with the e-invoice to the đồng — and the e-invoice builders
turn that line into ``TToan/TGTKhac`` plus the note line.  The sector of a product comes
from its category (the household sector the declarations already use); a category can be
marked as excluded from the reduction (telecoms, banking, real estate, metals, mining,
special-consumption goods other than petrol).
"""

from decimal import Decimal

from odoo import api, fields, models

from ..standard import household, money

REDUCTION_PRODUCT = "l10n_vn_einvoice.product_vat_reduction"


def reduction_for(product_amounts, rate_date, currency):
    """``(reduction, note_vi)`` for ``(product, amount)`` pairs: eligible revenue summed by
    VAT sector, then the standard core's rule on ``rate_date``."""
    by_sector = {}
    for product, amount in product_amounts:
        sector = product.l10n_vn_einvoice_reduction_sector
        if sector:
            by_sector[sector] = by_sector.get(sector, Decimal(0)) + amount
    return money.direct_method_reduction(by_sector, rate_date, currency)


class ProductProduct(models.Model):
    _inherit = "product.product"

    l10n_vn_einvoice_reduction_sector = fields.Selection(
        [("distribution", "Distribution of goods (1 %)"), ("services", "Services (5 %)"),
         ("production", "Production, services with goods (3 %)"), ("transport", "Transport (3 %)"),
         ("other", "Other business (2 %)")],
        string="VAT sector (direct method)",
        compute="_compute_l10n_vn_einvoice_reduction_sector",
        help="VAT sector of the product for the direct-method reduction; empty when the "
             "product gets none (excluded category, or the reduction line itself).")

    @api.depends("categ_id.l10n_vn_einvoice_household_sector",
                 "categ_id.l10n_vn_einvoice_reduction_excluded")
    def _compute_l10n_vn_einvoice_reduction_sector(self):
        reduction = self.env.ref(REDUCTION_PRODUCT, raise_if_not_found=False)
        for product in self:
            category = product.categ_id
            if product == reduction or category.l10n_vn_einvoice_reduction_excluded:
                product.l10n_vn_einvoice_reduction_sector = False
                continue
            sector = category.l10n_vn_einvoice_household_sector or "other"
            product.l10n_vn_einvoice_reduction_sector = household.SECTORS[sector][0]
