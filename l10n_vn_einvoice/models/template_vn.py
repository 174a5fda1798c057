"""Vietnamese companies round VAT globally.

The e-invoice carries VAT per rate group only, and the tax authority checks each group's
VAT against its amount (``round(amount × rate)``); l10n_vn's default of rounding each
line drifts from it by up to half a đồng per line (10 × 12 345 đ at 8 %: 9 880 instead
of 9 876), and such invoices are refused.  Rounding globally gives the group's rule
exactly, with Odoo carrying the rounding onto the lines' balances.
"""

from odoo import models
from odoo.addons.account.models.chart_template import template


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template("vn", "res.company")
    def _get_vn_l10n_vn_einvoice_res_company(self):
        return {self.env.company.id: {"tax_calculation_rounding_method": "round_globally"}}
