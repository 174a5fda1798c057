"""01/TH-HĐĐT summary tables: the uncoded e-invoices of a month or quarter sent to the
tax authority as one table (for sellers registered to send data "theo bảng tổng hợp").

The rows come from one SQL query over the documents' VAT-rate lines; the XML is built by
:mod:`..standard.summary_table` and validated before it is queued.  Sending follows the
outbox discipline: the user's transaction only queues the table (with a submission key
chosen then); a cron claims queued tables with ``FOR UPDATE SKIP LOCKED``, calls the
provider's ``send_summary_table`` and records the answer, retrying transient failures
with back-off.  The key makes a retry after a lost answer harmless.
"""

import base64
import calendar
import datetime
import logging
import uuid

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..providers.base import STATE_REJECTED, ProviderError, RejectedError, TransientError
from ..standard import summary_table as std
from ..standard.errors import StandardError
from ..standard.validate import validate_document
from .einvoice_document_lines import REPORTED_STATES
from .einvoice_outbox import MAX_ATTEMPTS, backoff
from .server_owned import as_server, server_context

_logger = logging.getLogger(__name__)

_STATUS = {False: std.STATUS_NEW, None: std.STATUS_NEW, "adjustment": std.STATUS_ADJUSTED,
           "replacement": std.STATUS_REPLACED}


class L10nVnEinvoiceSummaryTable(models.Model):
    _name = "l10n_vn_einvoice.summary_table"
    _description = "E-invoice summary table 01/TH-HĐĐT"
    _order = "date_from desc, number desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    period_type = fields.Selection([("T", "Month"), ("Q", "Quarter")], required=True,
                                   default="T")
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(
        self).year)
    period_number = fields.Integer(string="Month / quarter", required=True,
                                   default=lambda self: fields.Date.context_today(self).month)
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    number = fields.Integer(string="Table number (SBTHDLieu)", readonly=True, copy=False)
    supplement_number = fields.Integer(
        help="0 for the first table of the period; n for its n-th supplement (LDau 0).")
    state = fields.Selection(
        [("draft", "Draft"), ("queued", "Queued"), ("sent", "Received by the provider"),
         ("rejected", "Rejected"), ("error", "Error")], default="draft", required=True,
        index=True, copy=False, readonly=True)
    submission_key = fields.Char(readonly=True, copy=False, index="btree_not_null")
    row_count = fields.Integer(readonly=True, copy=False)
    amount_untaxed = fields.Float(string="Amount before VAT (VND)", readonly=True, copy=False)
    amount_tax = fields.Float(string="VAT (VND)", readonly=True, copy=False)
    xml_attachment_id = fields.Many2one("ir.attachment", readonly=True, copy=False,
                                        index="btree_not_null")
    attempts = fields.Integer(readonly=True, copy=False)
    next_attempt_at = fields.Datetime(readonly=True, copy=False, index=True)
    lease_until = fields.Datetime(readonly=True, copy=False)
    sent_at = fields.Datetime(readonly=True, copy=False)
    provider_message = fields.Text(readonly=True, copy=False)

    @api.depends("period_type", "period_number", "year", "supplement_number")
    def _compute_name(self):
        for table in self:
            suffix = f" BS{table.supplement_number}" if table.supplement_number else ""
            table.name = f"01/TH-HĐĐT {table._period_label()}{suffix}"

    @api.depends("period_type", "period_number", "year")
    def _compute_dates(self):
        for table in self:
            limit = 12 if table.period_type == "T" else 4
            if not (1 <= table.period_number <= limit and table.year):
                table.date_from = table.date_to = False
                continue
            first = table.period_number if table.period_type == "T" else \
                3 * table.period_number - 2
            last = first if table.period_type == "T" else first + 2
            table.date_from = datetime.date(table.year, first, 1)
            table.date_to = datetime.date(table.year, last,
                                          calendar.monthrange(table.year, last)[1])

    def _period_label(self):
        if self.period_type == "T":
            return f"{self.period_number:02d}/{self.year}"
        return f"{self.period_number}/{self.year}"

    @api.constrains("period_type", "period_number")
    def _check_period(self):
        for table in self:
            if not table.date_from:
                raise UserError(self.env._(
                    "The period must be a month 1–12 or a quarter 1–4.\nKỳ dữ "
                    "liệu phải là tháng 1–12 hoặc quý 1–4."))

    def write(self, vals):
        if set(vals) & {"period_type", "period_number", "year", "company_id",
                        "supplement_number"} and any(t.state != "draft" for t in self):
            raise UserError(self.env._(
                "A queued or sent summary table cannot be changed.\nKhông thể "
                "sửa bảng tổng hợp đã gửi."))
        return super().write(vals)

    # ------------------------------------------------------------------ building
    def _rows(self):
        """SummaryRow per VAT-rate group of each uncoded e-invoice of the period (SQL)."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute("""
            SELECT d.form, d.symbol, d.number, d.issue_date, d.buyer_name, d.buyer_tax_code,
                   l.vat_rate, l.amount_untaxed_vnd, l.vat_vnd, d.correction_type,
                   c.form, c.symbol, c.number
              FROM l10n_vn_einvoice_document_line l
              JOIN l10n_vn_einvoice_document d ON d.id = l.document_id
         LEFT JOIN l10n_vn_einvoice_document c ON c.id = d.corrected_document_id
             WHERE d.company_id = %s AND d.kind = 'uncoded' AND d.state IN %s
               AND l.issue_date BETWEEN %s AND %s
          ORDER BY d.issue_date, d.symbol, d.number, l.sequence
        """, (self.company_id.id, REPORTED_STATES, self.date_from, self.date_to))
        rows = []
        for seq, (form, symbol, number, issued, buyer, buyer_mst, rate, base, vat, correction,
                  c_form, c_symbol, c_number) in enumerate(self.env.cr.fetchall(), start=1):
            status = _STATUS[correction]
            related = status != std.STATUS_NEW
            rows.append(std.SummaryRow(
                seq=seq, item_name=f"Hàng hóa, dịch vụ thuế suất {rate}", status=status,
                form=form, symbol=symbol, number=str(number or ""), date=issued,
                buyer_name=buyer or "", buyer_tax_code=buyer_mst or "", vat_rate=rate,
                amount_untaxed=base, vat=vat, total=base + vat,
                related_type=1 if related else None,
                related_form=c_form or "" if related else "",
                related_symbol=c_symbol or "" if related else "",
                related_number=str(c_number or "") if related else ""))
        return rows

    def _next_number(self):
        self.env.cr.execute("""
            SELECT COALESCE(MAX(number), 0) + 1 FROM l10n_vn_einvoice_summary_table
             WHERE company_id = %s AND year = %s""", (self.company_id.id, self.year))
        return self.env.cr.fetchone()[0]

    def _build_xml(self, rows, number):
        company = self.company_id
        try:
            table = std.SummaryTable(
                number=number, period_type=self.period_type, period=self._period_label(),
                date=fields.Date.context_today(self),
                taxpayer_name=company.l10n_vn_einvoice_legal_name or company.name,
                tax_code=company._l10n_vn_einvoice_tax_code(), rows=tuple(rows),
                first=not self.supplement_number,
                supplement_number=self.supplement_number or None)
        except StandardError as error:
            raise UserError(self.env._(
                "The summary table cannot be made: %(reason)s\nKhông lập được bảng tổng "
                "hợp: %(reason_vi)s", reason=error.message, reason_vi=error.message_vi,
            )) from error
        data = etree.tostring(std.build_summary_table(table), xml_declaration=True,
                              encoding="utf-8")
        problems = validate_document(data)
        if problems:
            details = "\n".join(f"{p.xpath}: {p.message}" for p in problems[:5])
            raise UserError(self.env._(
                "The summary table is not valid:\n%(details)s\nBảng tổng hợp "
                "không hợp lệ.", details=details))
        return data

    def action_queue(self):
        """Build, validate and queue the table; the cron sends it."""
        for table in self:
            if table.state != "draft":
                raise UserError(self.env._(
                    "Only a draft summary table can be sent.\nChỉ gửi được bảng "
                    "tổng hợp ở trạng thái nháp."))
            rows = table._rows()
            if not rows:
                raise UserError(self.env._(
                    "No uncoded e-invoice in %(period)s.\nKhông có hóa đơn không "
                    "mã trong kỳ %(period)s.", period=table._period_label()))
            number = table._next_number()
            data = table._build_xml(rows, number)
            attachment = self.env["ir.attachment"].create({
                "name": f"01TH_{table.year}_{number}.xml", "datas": base64.b64encode(data),
                "mimetype": "application/xml", "res_model": self._name, "res_id": table.id})
            server_context(table).write({
                "state": "queued", "number": number, "submission_key": uuid.uuid4().hex,
                "row_count": len(rows), "xml_attachment_id": attachment.id,
                "amount_untaxed": float(sum(r.amount_untaxed for r in rows)),
                "amount_tax": float(sum(r.vat for r in rows)),
                "attempts": 0, "next_attempt_at": fields.Datetime.now()})
        self.env.ref("l10n_vn_einvoice.ir_cron_summary_table")._trigger()
        return True

    def action_retry(self):
        server_context(self.filtered(lambda t: t.state == "error")).write(
            {"state": "queued", "attempts": 0, "next_attempt_at": fields.Datetime.now()})
        self.env.ref("l10n_vn_einvoice.ir_cron_summary_table")._trigger()
        return True

    # ------------------------------------------------------------------ sending
    @api.model
    def _claim(self, limit):
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute("""
            UPDATE l10n_vn_einvoice_summary_table
               SET attempts = attempts + 1, lease_until = %(lease)s
             WHERE id IN (SELECT id FROM l10n_vn_einvoice_summary_table
                           WHERE state = 'queued' AND next_attempt_at <= %(now)s
                             AND (lease_until IS NULL OR lease_until < %(now)s)
                        ORDER BY next_attempt_at, id LIMIT %(limit)s
                             FOR UPDATE SKIP LOCKED)
         RETURNING id""", {"now": now, "lease": now + datetime.timedelta(minutes=5),
                          "limit": limit})
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["attempts", "lease_until"])
        return self.browse(ids)

    @api.model
    def _process_due(self, limit=20):
        """Send due tables in the current transaction (tests, shell)."""
        tables = self._claim(limit)
        tables._send(auto_commit=False)
        return tables

    @api.model
    def _cron_process(self):
        """Cron entry.  Each commit goes through ``ir.cron._commit_progress``; when it
        answers that the job's time is up, the tables claimed but not tried are given
        back and wait for the next run, which Odoo starts at once as some are left."""
        cron = self.env["ir.cron"]
        if not cron._commit_progress(remaining=self._due_count()):
            return
        tables = self._claim(20)
        cron._commit_progress()  # the claim, with its attempt count and lease
        tables._send(auto_commit=True)

    def _due_count(self):
        now = fields.Datetime.now()
        return self.search_count([("state", "=", "queued"), ("next_attempt_at", "<=", now),
                                  "|", ("lease_until", "=", False),
                                  ("lease_until", "<", now)])

    def _release(self):
        """Give back claimed tables that were not tried: no call was made, so the
        claim's attempt is taken back."""
        if not self:
            return
        self.env.cr.execute("""
            UPDATE l10n_vn_einvoice_summary_table
               SET attempts = attempts - 1, lease_until = NULL
             WHERE id = ANY(%s) AND state = 'queued'""", [self.ids])
        self.invalidate_model(["attempts", "lease_until"])

    def _send(self, auto_commit):
        for index, table in enumerate(self):
            try:
                table._send_one()
            except Exception as error:  # a bug must not block the other tables
                _logger.exception("summary table %s failed", table.id)
                if auto_commit:
                    self.env.cr.rollback()
                table._retry_later(f"{type(error).__name__}: {error}")
            if auto_commit and not self.env["ir.cron"]._commit_progress(1):
                self[index + 1:]._release()
                self.env["ir.cron"]._commit_progress()
                return

    def _send_one(self):
        client = self.company_id.sudo()._l10n_vn_einvoice_client()
        if self.company_id.l10n_vn_einvoice_provider == "sandbox":
            client.options["sandbox_summary_table"] = True
        try:
            result = client.send_summary_table(self.submission_key, self.xml_attachment_id.raw)
        except TransientError as error:
            return self._retry_later(f"{error.code} {error.message}".strip())
        except (RejectedError, ProviderError) as error:
            return self._finish("rejected" if isinstance(error, RejectedError) else "error",
                                f"{error.message}\n{error.message_vi}")
        if result.state == STATE_REJECTED:
            return self._finish("rejected", result.message)
        return self._finish("sent", result.message, sent_at=fields.Datetime.now())

    def _finish(self, state, message, **vals):
        as_server(self).write({"state": state, "provider_message": message, "lease_until": False,
                       **vals})

    def _retry_later(self, message):
        if self.attempts >= MAX_ATTEMPTS:
            return self._finish("error", message)
        as_server(self).write({"provider_message": message, "lease_until": False,
                       "next_attempt_at": fields.Datetime.now()
                       + datetime.timedelta(seconds=backoff(self.attempts))})
        return None
