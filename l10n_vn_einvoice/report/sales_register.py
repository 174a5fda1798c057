"""Register of issued e-invoices (sales list) for a period, with corrections beside their
originals: one SQL query, streamed to the screen, XLSX and PDF.

Replaced, voided and rejected documents are listed apart and never added into the totals
(the replacement carries the sale; a voided or rejected one never took effect), so the
register's totals are the tax summary's and 01/GTGT's to the đồng."""

from odoo import api, fields, models

from ..models.einvoice_access import check_company
from ..models.einvoice_document_lines import REPORTED_STATES

REGISTER_SQL = """
    SELECT d.issue_date, d.form, d.symbol, d.number, d.kind, d.buyer_name,
           d.buyer_tax_code, c.name AS currency, d.amount_untaxed, d.amount_tax,
           d.amount_total, d.state, d.tax_authority_code, d.correction_type,
           o.form || o.symbol || '-' || o.number AS corrects, d.id
      FROM l10n_vn_einvoice_document d
      JOIN res_currency c ON c.id = d.currency_id
 LEFT JOIN l10n_vn_einvoice_document o ON o.id = d.corrected_document_id
     WHERE d.company_id = %s AND d.issue_date BETWEEN %s AND %s AND d.state != 'draft'
       AND d.form != '6'  -- delivery notes (l10n_vn_einvoice_stock) are no sales
  ORDER BY d.issue_date, d.form, d.symbol, d.number, d.id
"""
HEADERS = ("Date", "Form", "Symbol", "Number", "Kind", "Buyer", "Buyer MST", "Currency",
           "Amount before VAT", "VAT", "Total", "State", "Tax authority code", "Correction",
           "Corrects")


STATE = 11  # the column of the document's state in a row


def register_rows(cr, company_id, date_from, date_to):
    """The register's rows (tuples in HEADERS order, document id last)."""
    cr.execute(REGISTER_SQL, (company_id, date_from, date_to))
    return cr.fetchall()


def split_rows(rows):
    """(rows counted in the totals, rows shown apart)."""
    counted = [row for row in rows if row[STATE] in REPORTED_STATES]
    return counted, [row for row in rows if row[STATE] not in REPORTED_STATES]


def row_totals(rows):
    """{count, amount_untaxed, vat, amount_total} of ``rows``."""
    return {"count": len(rows), "amount_untaxed": sum(float(row[8] or 0) for row in rows),
            "vat": sum(float(row[9] or 0) for row in rows),
            "amount_total": sum(float(row[10] or 0) for row in rows)}


class L10nVnEinvoiceSalesRegister(models.TransientModel):
    _name = "l10n_vn_einvoice.report.sales_register"
    _description = "Vietnam e-invoice sales register"

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(
        self).replace(day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.depends("date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        Export = self.env["l10n_vn_einvoice.report.export"]
        for register in self:
            register.display_name = self.env._(
                "Register of issued e-invoices %(period)s", period=Export._period_text(
                    register.date_from, register.date_to)) if register.date_from and \
                register.date_to else self.env._("Register of issued e-invoices")

    def _domain(self):
        return [("company_id", "=", self.company_id.id), ("state", "!=", "draft"),
                ("form", "!=", "6"),  # delivery notes are no sales (REGISTER_SQL)
                ("issue_date", ">=", self.date_from), ("issue_date", "<=", self.date_to)]

    def action_show(self):
        """The register on screen: the documents list, grouped sums by read_group."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "l10n_vn_einvoice.document",
            "name": self.display_name,
            "views": [(self.env.ref("l10n_vn_einvoice.report_sales_register_view_list").id,
                       "list"), (False, "form")],
            "domain": self._domain(), "target": "current",
            "context": {"group_by": ["report_category"]},
        }

    def _rows(self):
        self.ensure_one()
        check_company(self.env, self.company_id)
        self.env.flush_all()  # the query reads the tables, not the ORM cache
        return register_rows(self.env.cr, self.company_id.id, self.date_from, self.date_to)

    def _split(self):
        """(counted rows, rows apart) — the PDF's two tables."""
        return split_rows(self._rows())

    def _totals(self):
        """The register's totals: the counted documents only."""
        return row_totals(self._split()[0])

    def action_export_xlsx(self):
        self.ensure_one()
        selection = dict(self.env["l10n_vn_einvoice.document"]._fields["state"].selection)
        counted, apart = self._split()

        def shown(rows):
            return [(*row[:11], selection.get(row[11], row[11]), *row[12:15]) for row in rows]

        Export = self.env["l10n_vn_einvoice.report.export"]
        return Export._download_xlsx(
            f"sales_register_{self.date_from}_{self.date_to}.xlsx",
            Export._preamble(self.env._("Sales register / Bảng kê hóa đơn bán ra"),
                             self.company_id,
                             Export._period_text(self.date_from, self.date_to)),
            list(HEADERS), shown(counted), totals_from=8, apart=shown(apart))

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("l10n_vn_einvoice.action_report_sales_register").report_action(
            self)
