"""Sales of a period with no e-invoice of their own.

The law's point is that no sale escapes its invoice: every posted customer invoice or
credit note of a Vietnamese company, and every paid POS order, carries an e-invoice made
for it.  Posting and POS sync issue it (or fail loudly); this screen, and the daily check
that gives e-invoice managers an activity, show what escaped anyway — a door reopened by
a later change, a sale synced while the register's configuration was wrong, a record
edited in the database.  What counts is the document's own link to the sale
(``document.move_id`` / ``document.pos_order_id``), never the sale's link to a document,
which is the one a forged payload would set.

Legitimate sales without a document of their own:

* the credit note that only takes a replaced invoice out of the books (the replacement is
  the legal document): it reverses an invoice whose e-invoice was replaced;
* Odoo's invoice of POS orders e-invoiced at the register (the orders' documents are its
  e-invoices, and the orders are checked themselves).

A correction (adjustment or replacement of e-invoices) must also have been prepared by the
correction wizard, a manager's; one that was not is listed even though it was issued.
"""

import datetime

import pytz

from odoo import api, fields, models

from ..models.einvoice_access import check_company

VN_TZ = pytz.timezone("Asia/Ho_Chi_Minh")
MANAGER = "l10n_vn_einvoice.group_manager"
# A document in these states was issued for its sale (a replaced one was, and its
# replacement carries the sale on).
ISSUED = ("ready", "sent", "accepted", "error", "adjusted", "replaced", "notified")
REASONS = [
    ("no_einvoice", "Posted without an e-invoice of its own"),
    ("unprepared_correction", "Correction not prepared by the correction wizard"),
    ("order_no_einvoice", "Paid POS order without an e-invoice"),
    ("order_foreign_einvoice", "POS order linked to another sale's e-invoice"),
]

MOVES_SQL = """
    SELECT m.id
      FROM account_move m
     WHERE m.company_id = %(company)s AND m.state = 'posted'
       AND m.move_type IN ('out_invoice', 'out_refund')
       AND COALESCE(m.invoice_date, m.date) BETWEEN %(start)s AND %(end)s
       AND NOT EXISTS (SELECT 1 FROM l10n_vn_einvoice_document d
                        WHERE d.move_id = m.id AND d.state IN %(issued)s)
  ORDER BY m.id
"""
CORRECTIONS_SQL = """
    SELECT m.id
      FROM account_move m
     WHERE m.company_id = %(company)s AND m.state = 'posted'
       AND COALESCE(m.invoice_date, m.date) BETWEEN %(start)s AND %(end)s
       AND m.l10n_vn_einvoice_correction_prepared_by_id IS NULL
       AND (m.l10n_vn_einvoice_correction_method IN ('adjustment', 'replacement')
            OR EXISTS (SELECT 1 FROM l10n_vn_einvoice_move_correction_origin_rel r
                        WHERE r.move_id = m.id))
  ORDER BY m.id
"""


def vietnam_today():
    return datetime.datetime.now(VN_TZ).date()


def utc_bounds(start, end):
    """The UTC datetimes (naive, as stored) of Vietnam days ``start`` to ``end``."""
    def at(day):
        moment = VN_TZ.localize(datetime.datetime.combine(day, datetime.time()))
        return moment.astimezone(pytz.utc).replace(tzinfo=None)
    return at(start), at(end + datetime.timedelta(days=1))


class L10nVnEinvoiceMissingReport(models.TransientModel):
    _name = "l10n_vn_einvoice.report.missing"
    _description = "Vietnam sales without e-invoice"

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    date_from = fields.Date(required=True, default=lambda self: vietnam_today().replace(day=1))
    date_to = fields.Date(required=True, default=lambda self: vietnam_today())
    line_ids = fields.One2many("l10n_vn_einvoice.report.missing.line", "report_id")
    line_count = fields.Integer(compute="_compute_line_count")

    @api.depends("date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        Export = self.env["l10n_vn_einvoice.report.export"]
        for report in self:
            report.display_name = self.env._(
                "Sales without e-invoice %(period)s", period=Export._period_text(
                    report.date_from, report.date_to)) if report.date_from and \
                report.date_to else self.env._("Sales without e-invoice")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for report in self:
            report.line_count = len(report.line_ids)

    # ------------------------------------------------------------------ the check
    @api.model
    def _l10n_vn_einvoice_find(self, company, date_from, date_to):
        """[{move_id | pos_order_id, reason, detail}] of the sales of ``company`` between
        the Vietnam dates ``date_from`` and ``date_to`` with no e-invoice of their own."""
        if company.account_fiscal_country_id.code != "VN":
            return []
        start_at, end_at = utc_bounds(date_from, date_to)
        params = {"company": company.id, "start": date_from, "end": date_to,
                  "start_at": start_at, "end_at": end_at, "issued": ISSUED}
        cr = self.env.cr
        self.env.flush_all()
        found = []
        Move = self.env["account.move"].sudo()
        cr.execute(MOVES_SQL, params)
        for move in Move.browse([row[0] for row in cr.fetchall()]):
            if move._l10n_vn_einvoice_is_book_reversal() or self._covered_by_orders(move):
                continue
            method = move.l10n_vn_einvoice_correction_method
            found.append({"move_id": move.id, "reason": "no_einvoice", "detail": self.env._(
                "marked as the book reversal of a replaced invoice, which it is not"
            ) if method == "reversal" else move.l10n_vn_einvoice_document_ids[-1:].state or ""})
        cr.execute(CORRECTIONS_SQL, params)
        for move in Move.browse([row[0] for row in cr.fetchall()]):
            found.append({"move_id": move.id, "reason": "unprepared_correction",
                          "detail": ", ".join(move.l10n_vn_einvoice_correction_origin_ids
                                              .mapped("name"))})
        found += self._l10n_vn_einvoice_find_more(params)
        return found

    @api.model
    def _l10n_vn_einvoice_find_more(self, params):
        """Rows of the other kinds of sales (the POS bridge: paid orders without their
        e-invoice); ``params`` are those of the SQL queries above."""
        return []

    def _covered_by_orders(self, move):
        """Whether ``move`` is Odoo's invoice of sales e-invoiced elsewhere (POS orders
        whose own documents are its e-invoices: ``l10n_vn_einvoice_pos``)."""
        return False

    # ------------------------------------------------------------------ the screen
    def action_compute(self):
        self.ensure_one()
        check_company(self.env, self.company_id)
        rows = self._l10n_vn_einvoice_find(self.company_id, self.date_from, self.date_to)
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(row) for row in rows]
        return {"type": "ir.actions.act_window", "res_model": self._name,
                "res_id": self.id, "view_mode": "form", "target": "current"}

    # ------------------------------------------------------------------ the daily check
    @api.model
    def _cron_l10n_vn_einvoice_missing(self):
        """An activity for each e-invoice manager of a Vietnamese company with sales of
        this month or the last one without their e-invoice (one open at a time)."""
        today = vietnam_today()
        start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        managers = self.env.ref(MANAGER).sudo().all_user_ids.filtered(lambda u: not u.share)
        summary = self.env._("Sales without e-invoice / Bán hàng chưa có hóa đơn điện tử")
        for company in self.env["res.company"].sudo().search(
                [("account_fiscal_country_id.code", "=", "VN")]):
            rows = self._l10n_vn_einvoice_find(company, start, today)
            if not rows:
                continue
            note = self.env._(
                "%(count)s sales of %(company)s from %(start)s to %(end)s have no e-invoice "
                "of their own: open Accounting > Reporting > Vietnam e-invoices > Sales "
                "without e-invoice.\n%(count)s giao dịch bán hàng của %(company)s từ "
                "%(start)s đến %(end)s chưa có hóa đơn điện tử: xem Kế toán > Báo cáo > Hóa "
                "đơn điện tử Việt Nam > Bán hàng chưa có hóa đơn điện tử.",
                count=len(rows), company=company.name, start=start.isoformat(),
                end=today.isoformat())
            partner = company.partner_id.sudo()
            for user in managers.filtered(lambda u, c=company: c in u.company_ids):
                if partner.activity_ids.filtered(
                        lambda a, u=user: a.user_id == u and a.summary == summary):
                    continue
                partner.activity_schedule("mail.mail_activity_data_todo", user_id=user.id,
                                          summary=summary, note=note)


class L10nVnEinvoiceMissingReportLine(models.TransientModel):
    _name = "l10n_vn_einvoice.report.missing.line"
    _description = "Vietnam sale without e-invoice"
    _order = "id"

    report_id = fields.Many2one("l10n_vn_einvoice.report.missing", required=True,
                                ondelete="cascade")
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    reason = fields.Selection(REASONS, required=True, readonly=True)
    detail = fields.Char(readonly=True)
