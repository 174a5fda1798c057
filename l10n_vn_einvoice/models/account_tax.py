from odoo import api, fields, models

from ..standard import money

RATE_CODES = [
    ("0%", "0%"),
    ("5%", "5%"),
    ("8%", "8% (reduced until 2026-12-31)"),
    ("10%", "10%"),
    ("KCT", "KCT - not subject to VAT"),
    ("KKKNT", "KKKNT - not declared, not paid"),
    ("KHAC", "KHAC - other rate"),
]
STANDARD_PERCENTS = {0: "0%", 5: "5%", 8: "8%", 10: "10%"}


class AccountTax(models.Model):
    _inherit = "account.tax"

    l10n_vn_einvoice_rate_code = fields.Selection(
        RATE_CODES, string="E-invoice VAT rate (TSuat)",
        compute="_compute_l10n_vn_einvoice_rate_code", store=True, readonly=False,
        help="The rate code written in the e-invoice XML. KHAC carries the tax's own "
             "percentage (KHAC:5.26%).")
    l10n_vn_einvoice_rate_warning = fields.Char(
        compute="_compute_l10n_vn_einvoice_rate_warning")

    @api.depends("amount", "amount_type", "tax_group_id", "country_code")
    def _compute_l10n_vn_einvoice_rate_code(self):
        exempt_groups = self._l10n_vn_einvoice_exempt_groups()
        for tax in self:
            if tax.country_code != "VN":
                tax.l10n_vn_einvoice_rate_code = False
            elif tax.tax_group_id in exempt_groups:
                tax.l10n_vn_einvoice_rate_code = "KCT"
            elif tax.amount_type == "percent" and tax.amount in STANDARD_PERCENTS:
                tax.l10n_vn_einvoice_rate_code = STANDARD_PERCENTS[tax.amount]
            else:
                tax.l10n_vn_einvoice_rate_code = "KHAC"

    def _l10n_vn_einvoice_exempt_groups(self):
        """The tax groups of l10n_vn whose taxes are 'VAT exemption' (KCT on invoices)."""
        data = self.env["ir.model.data"].sudo().search([
            ("model", "=", "account.tax.group"), ("module", "=", "account"),
            ("name", "=like", "%_tax_group_exemption")])
        return self.env["account.tax.group"].browse(data.mapped("res_id"))

    @api.depends("l10n_vn_einvoice_rate_code")
    def _compute_l10n_vn_einvoice_rate_warning(self):
        today = fields.Date.context_today(self)
        for tax in self:
            tax.l10n_vn_einvoice_rate_warning = (
                self.env._("The reduced 8% rate (Resolution 204/2025/QH15) ended on 2026-12-31: "
                           "use 10%.\nThuế suất giảm 8% (Nghị quyết 204/2025/QH15) đã hết hiệu lực "
                           "từ 31/12/2026: hãy dùng 10%.")
                if tax.l10n_vn_einvoice_rate_code == "8%"
                and not money.reduced_rate_allowed(today) else False)

    def _l10n_vn_einvoice_tsuat(self):
        """The TSuat text of the XML: ``10%``, ``KCT``, ``KHAC:5.26%``…"""
        self.ensure_one()
        code = self.l10n_vn_einvoice_rate_code
        if code == "KHAC" and self.amount_type == "percent" and self.amount:
            return f"KHAC:{self.amount:.2f}%"
        return code or ""
