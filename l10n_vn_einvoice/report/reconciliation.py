"""Reconciliation of a period: what Odoo holds against what the provider last reported
and against the accounting.

The provider interface offers a lookup by submission key, not a listing by period, so
"what the provider reports" is the answer to the latest exchange of each document; the
"Check with provider" button queues a lookup of every sent document of the period in
the outbox (the worker asks the provider outside the user's transaction) and the report
is read again afterwards.  Every category is one SQL query.
"""

from odoo import api, fields, models

from ..models.einvoice_access import check_company

CATEGORIES = [
    ("missing", "Unknown to the provider"),
    ("rejected", "Rejected"),
    ("error", "Transmission error"),
    ("pending", "Not yet accepted"),
    ("mismatch", "Amount differs from the accounting"),
    ("not_issued", "Posted without e-invoice"),
]

# The documents of the period, then one SELECT (category, document, move, detail) per
# category; ``l10n_vn_einvoice_pos`` adds its orders' (``_l10n_vn_einvoice_queries``).
DOCS_SQL = """
    WITH docs AS (
        SELECT d.id, d.state, d.amount_total, d.move_id,
               (SELECT e.result FROM l10n_vn_einvoice_exchange e
                 WHERE e.document_id = d.id ORDER BY e.id DESC LIMIT 1) AS last_result
          FROM l10n_vn_einvoice_document d
         WHERE d.company_id = %(company)s AND d.state != 'draft'
           AND d.issue_date BETWEEN %(start)s AND %(end)s
    )"""
QUERIES = ["""
    SELECT 'missing', id, NULL::int, 'last provider answer: not found'
      FROM docs WHERE last_result = 'unknown'""", """
    SELECT state, id, NULL, NULL FROM docs WHERE state IN ('rejected', 'error')""", """
    SELECT 'pending', id, NULL, NULL FROM docs WHERE state IN ('ready', 'sent')""", """
    SELECT 'mismatch', docs.id, m.id,
           docs.amount_total::text || ' / ' || (CASE WHEN m.move_type = 'out_refund'
               THEN -m.amount_total ELSE m.amount_total END)::text
      FROM docs JOIN account_move m ON m.id = docs.move_id
     WHERE docs.state NOT IN ('replaced', 'voided', 'rejected')
       AND ABS(docs.amount_total - CASE WHEN m.move_type = 'out_refund'
               THEN -m.amount_total ELSE m.amount_total END) >= 0.005"""]
# Posted sales without a document; each further condition (``AND NOT EXISTS …``) says a
# move whose e-invoice is another record's (the POS bridge: Odoo's invoice of orders
# e-invoiced at the register).
NOT_ISSUED_SQL = """
    SELECT 'not_issued', NULL, m.id, NULL
      FROM account_move m
     WHERE m.company_id = %(company)s AND m.state = 'posted'
       AND m.move_type IN ('out_invoice', 'out_refund')
       AND m.invoice_date BETWEEN %(start)s AND %(end)s
       AND NOT EXISTS (SELECT 1 FROM l10n_vn_einvoice_document d WHERE d.move_id = m.id)"""


class L10nVnEinvoiceReconciliation(models.TransientModel):
    _name = "l10n_vn_einvoice.report.reconciliation"
    _description = "Vietnam e-invoice reconciliation"

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(
        self).replace(day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    line_ids = fields.One2many("l10n_vn_einvoice.report.reconciliation.line",
                               "reconciliation_id")
    line_count = fields.Integer(compute="_compute_line_count")

    @api.depends("date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        Export = self.env["l10n_vn_einvoice.report.export"]
        for rec in self:
            rec.display_name = self.env._(
                "E-invoice reconciliation %(period)s", period=Export._period_text(
                    rec.date_from, rec.date_to)) if rec.date_from and rec.date_to \
                else self.env._("E-invoice reconciliation")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for rec in self:
            rec.line_count = len(rec.line_ids)

    @api.model
    def _l10n_vn_einvoice_queries(self):
        """The SELECTs of the categories over ``docs`` (extended by the POS bridge)."""
        return list(QUERIES)

    @api.model
    def _l10n_vn_einvoice_not_issued_conditions(self):
        """Further ``AND …`` conditions of "posted without e-invoice" (POS bridge)."""
        return []

    @api.model
    def _l10n_vn_einvoice_sql(self):
        not_issued = NOT_ISSUED_SQL + "".join(self._l10n_vn_einvoice_not_issued_conditions())
        return DOCS_SQL + "\n    UNION ALL".join([*self._l10n_vn_einvoice_queries(), not_issued])

    def _rows(self):
        self.ensure_one()
        self.env.flush_all()  # the query reads the tables, not the ORM cache
        check_company(self.env, self.company_id)
        self.env.cr.execute(self._l10n_vn_einvoice_sql(), {
            "company": self.company_id.id, "start": self.date_from, "end": self.date_to})
        return self.env.cr.fetchall()

    def action_compute(self):
        self.ensure_one()
        self.line_ids.unlink()
        self.env["l10n_vn_einvoice.report.reconciliation.line"].create([{
            "reconciliation_id": self.id, "category": category, "document_id": document_id,
            "move_id": move_id, "detail": detail,
        } for category, document_id, move_id, detail in self._rows()])
        return True  # the form reloads the record in place (one breadcrumb)

    def action_check_with_provider(self):
        """Queue a lookup of each transmitted document; the worker answers later."""
        self.ensure_one()
        documents = self.env["l10n_vn_einvoice.document"].search([
            ("company_id", "=", self.company_id.id), ("issue_date", ">=", self.date_from),
            ("issue_date", "<=", self.date_to),
            ("state", "in", ("sent", "accepted", "error", "adjusted"))])
        for document in documents:
            document._l10n_vn_einvoice_enqueue("lookup", reset=True)
        return {"type": "ir.actions.client", "tag": "display_notification", "params": {
            "type": "info", "sticky": False,
            "message": self.env._("%(count)s lookups queued; recompute once they are answered.\n"
                                  "Đã xếp %(count)s yêu cầu tra cứu; tính lại sau khi có kết quả.",
                                  count=len(documents))}}

    def action_export_xlsx(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        labels = dict(CATEGORIES)
        Export = self.env["l10n_vn_einvoice.report.export"]
        return Export._download_xlsx(
            f"reconciliation_{self.date_from}_{self.date_to}.xlsx",
            Export._preamble(self.env._("Reconciliation / Đối chiếu hóa đơn điện tử"),
                             self.company_id,
                             Export._period_text(self.date_from, self.date_to)),
            [self.env._("Category"), self.env._("E-invoice"), self.env._("Journal entry"),
             self.env._("Detail")],
            [(labels[line.category], line.document_id.name or "", line.move_id.name or "",
              line.detail or "") for line in self.line_ids])

    def action_print_pdf(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        return self.env.ref("l10n_vn_einvoice.action_report_reconciliation").report_action(
            self)


class L10nVnEinvoiceReconciliationLine(models.TransientModel):
    _name = "l10n_vn_einvoice.report.reconciliation.line"
    _description = "Vietnam e-invoice reconciliation item"

    reconciliation_id = fields.Many2one("l10n_vn_einvoice.report.reconciliation",
                                        required=True, ondelete="cascade")
    category = fields.Selection(CATEGORIES, required=True)
    document_id = fields.Many2one("l10n_vn_einvoice.document", string="E-invoice")
    move_id = fields.Many2one("account.move", string="Journal entry")
    detail = fields.Char()
