import datetime

from odoo import api, fields, models

from ..standard import regimes

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
    l10n_vn_einvoice_successor_tax_id = fields.Many2one(
        "account.tax", compute="_compute_l10n_vn_einvoice_successor_tax_id",
        string="Rate after the reduction",
        help="For a reduced 8 % tax: the 10 % tax used once the reduction has ended.")

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
        current = regimes.vat_reduction_on(today)
        ended = regimes.last_vat_reduction_before(today)
        for tax in self:
            if tax.l10n_vn_einvoice_rate_code != "8%":
                tax.l10n_vn_einvoice_rate_warning = False
            elif current:
                tax.l10n_vn_einvoice_rate_warning = self.env._(
                    "The reduced 8%% rate applies until %(end)s (Resolution %(resolution)s); "
                    "from %(next)s this tax no longer applies to new invoices: use 10%%. "
                    "Corrections of invoices dated until %(end)s keep 8%%.\nThuế suất giảm 8%% "
                    "áp dụng đến hết ngày %(end)s (Nghị quyết %(resolution)s); từ ngày %(next)s "
                    "hóa đơn mới dùng 10%%. Hóa đơn điều chỉnh, thay thế hóa đơn lập đến hết "
                    "ngày %(end)s vẫn dùng 8%%.",
                    end=current.valid_to.strftime("%d/%m/%Y"), resolution=current.resolution,
                    next=(current.valid_to + datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
            else:
                tax.l10n_vn_einvoice_rate_warning = self.env._(
                    "The reduced 8%% rate no longer applies from %(next)s (Resolution "
                    "%(resolution)s ended on %(end)s): new invoices use 10%%; only corrections "
                    "of invoices dated within the reduction keep 8%%.\nThuế suất giảm 8%% không "
                    "còn áp dụng từ ngày %(next)s (Nghị quyết %(resolution)s hết hiệu lực ngày "
                    "%(end)s): hóa đơn mới dùng 10%%; chỉ hóa đơn điều chỉnh, thay thế hóa đơn "
                    "lập trong thời gian giảm thuế dùng 8%%.",
                    end=ended.valid_to.strftime("%d/%m/%Y") if ended else "—",
                    resolution=ended.resolution if ended else "—",
                    next=(ended.valid_to + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
                    if ended else "—")

    @api.depends("l10n_vn_einvoice_rate_code", "type_tax_use", "price_include", "company_id")
    def _compute_l10n_vn_einvoice_successor_tax_id(self):
        """The 10 % tax that takes over from a reduced 8 % one when the reduction ends (same
        company, use and price inclusion) — the register switches to it at midnight."""
        reduced = self.filtered(lambda t: t.l10n_vn_einvoice_rate_code == "8%")
        (self - reduced).l10n_vn_einvoice_successor_tax_id = False
        for tax in reduced:
            tax.l10n_vn_einvoice_successor_tax_id = self.search([
                *self._check_company_domain(tax.company_id),
                ("l10n_vn_einvoice_rate_code", "=", "10%"), ("amount_type", "=", "percent"),
                ("type_tax_use", "=", tax.type_tax_use),
                ("price_include", "=", tax.price_include)], order="sequence, id", limit=1)

    def _l10n_vn_einvoice_tsuat(self):
        """The TSuat text of the XML: ``10%``, ``KCT``, ``KHAC:5.26%``…"""
        self.ensure_one()
        code = self.l10n_vn_einvoice_rate_code
        if code == "KHAC" and self.amount_type == "percent" and self.amount:
            return f"KHAC:{self.amount:.2f}%"
        return code or ""
