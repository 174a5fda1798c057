"""Household business (direct method) declaration data: revenue per sector from the
issued e-invoices, the year's tier against the threshold, VAT and PIT per sector, the
filing schedule, and the figures of 01/CNKD or 01/TKN-CNKD.

Revenue is summed in one SQL query over the product lines behind the reported e-invoice
documents (invoices and POS orders), grouped by the sector set on the product category;
the rules (threshold, percentages, 20 % reduction, PIT above the threshold) are those of
:mod:`..standard.household`.
"""

import datetime
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..models.direct_reduction import REDUCTION_PRODUCT
from ..models.einvoice_access import check_company
from ..models.einvoice_document_lines import REPORTED_STATES
from ..models.product_category import SECTOR_LABELS
from ..standard import household, money

# One SELECT (document, product, revenue) per kind of sale; the POS bridge adds its orders'
# lines (``_l10n_vn_einvoice_revenue_sources``).
MOVE_LINES_SQL = """
                SELECT d.id AS document_id, aml.product_id, -aml.balance AS amount
                  FROM l10n_vn_einvoice_document d
                  JOIN account_move_line aml
                    ON aml.move_id = d.move_id AND aml.display_type = 'product'
                 WHERE d.company_id = %(company)s AND d.state IN %(states)s
                   AND d.issue_date BETWEEN %(start)s AND %(end)s"""
_LINES_SQL = """
        SELECT d.id AS document_id, d.vat_reduction,
               COALESCE(c.l10n_vn_einvoice_household_sector, 'other') AS sector,
               COALESCE(c.l10n_vn_einvoice_reduction_excluded, FALSE) AS excluded,
               SUM(r.amount) AS amount
          FROM ({sources}) r
          JOIN l10n_vn_einvoice_document d ON d.id = r.document_id
     LEFT JOIN product_product p ON p.id = r.product_id
     LEFT JOIN product_template t ON t.id = p.product_tmpl_id
     LEFT JOIN product_category c ON c.id = t.categ_id
         WHERE r.product_id IS DISTINCT FROM %(reduction)s
      GROUP BY 1, 2, 3, 4
"""


def _document_lines(env, company_id, date_from, date_to):
    """(document, its VAT reduction, sector, excluded, revenue) of the reported documents:
    revenue is what was sold, the reduction line (direct method) is not revenue."""
    reduction = env.ref(REDUCTION_PRODUCT, raise_if_not_found=False)
    sources = env["l10n_vn_einvoice.report.household"]._l10n_vn_einvoice_revenue_sources()
    env.cr.execute(_LINES_SQL.format(sources="\n                UNION ALL".join(sources)), {
        "company": company_id, "states": REPORTED_STATES, "start": date_from,
        "end": date_to, "reduction": reduction.id if reduction else None})
    return env.cr.fetchall()


def revenue_by_sector(rows):
    """{sector: revenue in company currency} of :func:`_document_lines` rows."""
    result = {}
    for _doc, _reduction, sector, _excluded, amount in rows:
        result[sector] = result.get(sector, Decimal(0)) + Decimal(str(amount or 0))
    return {sector: money.round_money(amount, "VND") for sector, amount in result.items()
            if amount}


def reductions_by_sector(rows):
    """{sector: VAT reduction} granted by the documents, each document's reduction shared
    among its eligible sectors by the rule (rounded per sector) and the rounding rest put
    on its largest sector, so the sectors add up to what the invoices deducted."""
    per_document = {}
    for doc, reduction, sector, excluded, amount in rows:
        if reduction and not excluded:
            per_document.setdefault(doc, (Decimal(str(reduction)), {}))[1][sector] = \
                Decimal(str(amount or 0))
    result = {}
    for reduction, sectors in per_document.values():
        shares = {sector: money.sector_reduction(household.SECTORS[sector][0], amount, "VND")
                  for sector, amount in sectors.items()}
        largest = max(sectors, key=lambda s: (sectors[s], s))
        shares[largest] += reduction - sum(shares.values(), Decimal(0))
        for sector, share in shares.items():
            result[sector] = result.get(sector, Decimal(0)) + share
    return result


class L10nVnEinvoiceHousehold(models.TransientModel):
    _name = "l10n_vn_einvoice.report.household"
    _description = "Vietnam household business declaration data"

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(
        self).year)
    date_to = fields.Date(string="Revenue up to", required=True,
                          default=fields.Date.context_today,
                          help="Revenue from 1 January of the year to this date.")
    line_ids = fields.One2many("l10n_vn_einvoice.report.household.line", "wizard_id")
    revenue = fields.Monetary(readonly=True)
    threshold = fields.Monetary(readonly=True)
    tier = fields.Selection([(household.TIER_NOTICE, "At or below the threshold"),
                             (household.TIER_REVENUE, "Percentages on revenue"),
                             (household.TIER_PROFIT, "PIT on profit"),
                             (household.TIER_LARGE, "Above 50 bn")], readonly=True)
    form = fields.Char(readonly=True)
    frequency = fields.Char(readonly=True)
    legal_basis = fields.Char(readonly=True)
    schedule_message = fields.Text(readonly=True)
    vat = fields.Monetary(readonly=True, string="VAT")
    pit = fields.Monetary(readonly=True, string="PIT")

    @api.depends("year", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._(
                "Household business %(year)s, revenue up to %(date)s", year=wizard.year,
                date=format_date(self.env, wizard.date_to)) if wizard.date_to \
                else self.env._("Household business (direct method)")

    @api.constrains("year", "date_to")
    def _check_year(self):
        for wizard in self:
            if wizard.date_to.year != wizard.year:
                raise UserError(self.env._(
                    "The end date must fall in the year declared.\nNgày cuối phải "
                    "thuộc năm khai thuế."))

    @api.model
    def _l10n_vn_einvoice_revenue_sources(self):
        """SQL SELECTs of (document, product, revenue) rows, one per kind of sale (the
        invoices' lines here; ``l10n_vn_einvoice_pos`` adds the POS orders' lines)."""
        return [MOVE_LINES_SQL]

    def _taxes(self):
        self.ensure_one()
        self.env.flush_all()
        check_company(self.env, self.company_id)
        rows = _document_lines(self.env, self.company_id.id, datetime.date(self.year, 1, 1),
                               self.date_to)
        try:
            taxes = household.taxes_for_year(self.year, revenue_by_sector(rows),
                                             on_date=self.date_to,
                                             reductions=reductions_by_sector(rows))
            schedule = household.schedule(taxes.revenue, self.year, self.date_to)
        except household.StandardError as error:
            raise UserError(self.env._(
                "The household taxes of %(year)s cannot be computed: %(reason)s\nKhông tính "
                "được thuế hộ kinh doanh năm %(year)s: %(reason_vi)s", year=self.year,
                reason=error.message, reason_vi=error.message_vi)) from error
        return taxes, schedule

    def action_compute(self):
        self.ensure_one()
        taxes, schedule = self._taxes()
        self.line_ids.unlink()
        self.env["l10n_vn_einvoice.report.household.line"].create([{
            "wizard_id": self.id, "sector": row.sector, "revenue": float(row.revenue),
            "vat_percent": float(row.vat_percent), "vat": float(row.vat),
            "vat_reduction": float(row.vat_reduction),
            "pit_percent": float(row.pit_percent) if row.pit_percent is not None else 0.0,
            "pit_on_profit": row.pit_percent is None,
            "pit_base": float(row.pit_base), "pit": float(row.pit),
        } for row in taxes.sectors])
        self.write({
            "revenue": float(taxes.revenue), "threshold": float(taxes.threshold),
            "tier": taxes.tier, "vat": float(taxes.vat), "pit": float(taxes.pit),
            "form": schedule.form + (f" ({schedule.form_box})" if schedule.form_box else ""),
            "frequency": schedule.frequency, "legal_basis": schedule.legal_basis,
            "schedule_message": f"{schedule.message}\n{schedule.message_vi}"})
        return True  # the form reloads the record in place (one breadcrumb)

    def action_export_xlsx(self):
        """01/TKN-CNKD (revenue only) at or below the threshold, 01/CNKD data above it."""
        self.action_compute()
        Export = self.env["l10n_vn_einvoice.report.export"]
        period = Export._period_text(datetime.date(self.year, 1, 1), self.date_to)
        notice = self.env._(
            "The data of the form, to type into the declaration software; this sheet is not "
            "the official template. / Số liệu của tờ khai để nhập vào phần mềm khai thuế; "
            "bảng tính này không phải mẫu chính thức.")
        if self.tier == household.TIER_NOTICE:
            return Export._download_xlsx(
                f"01TKN-CNKD_{self.year}.xlsx",
                Export._preamble(self.env._(
                    "Thông báo doanh thu 01/TKN-CNKD / Revenue notice %(year)s", year=self.year),
                    self.company_id, period, notice),
                [self.env._("Sector"), self.env._("Revenue")],
                [(SECTOR_LABELS[ln.sector], ln.revenue) for ln in self.line_ids],
                totals_from=1)
        return Export._download_xlsx(
            f"01CNKD_{self.year}.xlsx",
            Export._preamble(self.env._(
                "Tờ khai 01/CNKD / Household tax return %(year)s", year=self.year),
                self.company_id, period, notice),
            [self.env._("Sector"), self.env._("Revenue"), self.env._("VAT %"),
             self.env._("VAT"), self.env._("VAT reduced (NQ 204)"), self.env._("PIT %"),
             self.env._("PIT base"), self.env._("PIT")],
            [(SECTOR_LABELS[ln.sector], ln.revenue, ln.vat_percent, ln.vat, ln.vat_reduction,
              ln.pit_percent if not ln.pit_on_profit else self.env._("on profit"),
              ln.pit_base, ln.pit)
             for ln in self.line_ids], totals_from=1)


class L10nVnEinvoiceHouseholdLine(models.TransientModel):
    _name = "l10n_vn_einvoice.report.household.line"
    _description = "Vietnam household business sector line"
    _order = "revenue desc, id"

    wizard_id = fields.Many2one("l10n_vn_einvoice.report.household", required=True,
                                ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    sector = fields.Selection([(code, label) for code, label in SECTOR_LABELS.items()],
                              required=True)
    revenue = fields.Monetary()
    vat_percent = fields.Float(string="VAT %", digits=(5, 2))
    vat = fields.Monetary(string="VAT")
    vat_reduction = fields.Monetary(string="VAT reduced")
    pit_percent = fields.Float(string="PIT %", digits=(5, 2))
    pit_on_profit = fields.Boolean(string="PIT on profit")
    pit_base = fields.Monetary(string="PIT base")
    pit = fields.Monetary(string="PIT")
