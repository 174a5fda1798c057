"""The accountant's month-end against the tax portal's own list (issue 24, item 2).

A reconciliation is kept: the portal files the accountant uploaded (JSON lists, details,
the portal's Excel export) stay attached to it, and each run records who ran it and when.
A run reads the files through the pure reader (:mod:`..standard.portal_collect`: every
refusal is shown with its file and row, nothing is dropped), turns the company's vendor
bills (purchases) or e-invoice documents (sales) into book records, and lets
:mod:`..standard.portal_reconcile` sort each invoice into its group.  Re-running after the
books change replaces the lines.

What a run writes (the lines, the counts, the input VAT, who and when) is the server's:
``create``/``write`` refuse those fields unless the context carries the addon's
server-only Python object (:func:`.server_owned.as_server`), which JSON-RPC cannot
send — a user cannot turn a difference into a match by writing to it.
"""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..report.tax_tags import report_line_totals
from ..report.vat_return import figures_from_totals, report_tag_map
from ..standard import portal_collect, portal_reconcile, purchase_bill
from .einvoice_access import check_company
from .server_owned import as_server, is_server

KINDS = [("purchase", "Purchases"), ("sale", "Sales")]
SERVER_FIELDS = frozenset({
    "line_ids", "computed_at", "computed_by_id", "messages", "refusal_count",
    "portal_untaxed", "portal_vat", "books_untaxed", "books_vat", "count_matched",
    "count_differ", "count_portal_only", "count_books_only", "count_not_deductible",
    "count_other"})
BOOKED_DOCUMENT_STATES = ("accepted", "adjusted", "replaced")


def refuse_server_fields(env, model, vals_list, fields_set):
    touched = sorted(fields_set & set().union(*vals_list)) if vals_list else []
    if touched and not is_server(env):
        raise AccessError(env._(
            "%(fields)s of %(model)s are computed by the reconciliation: run it again "
            "instead of writing them.\n%(fields)s của %(model)s do phép đối chiếu tính: hãy "
            "chạy lại đối chiếu thay vì sửa.", fields=", ".join(touched), model=model))


def _decimal(value):
    return Decimal(str(value or 0))


class L10nVnEinvoicePortalReconciliation(models.Model):
    _name = "l10n_vn_einvoice.portal_reconciliation"
    _description = "Vietnam e-invoices: reconciliation with the tax portal"
    _order = "date_from desc, id desc"

    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(KINDS, string="Invoices", required=True, default="purchase")
    date_from = fields.Date(string="From", required=True, default=lambda self: fields.Date
                            .context_today(self).replace(day=1))
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    file_ids = fields.Many2many(
        "ir.attachment", "l10n_vn_einvoice_portal_reconciliation_file_rel",
        "reconciliation_id", "attachment_id", string="Portal files",
        help="The lists, details and Excel exports downloaded from hoadondientu.gdt.gov.vn "
             "(JSON or XLSX).")
    line_ids = fields.One2many("l10n_vn_einvoice.portal_reconciliation.line",
                               "reconciliation_id", string="Reconciled invoices",
                               readonly=True)
    computed_at = fields.Datetime(string="Run on", readonly=True)
    computed_by_id = fields.Many2one("res.users", string="Run by", readonly=True)
    messages = fields.Text(string="Refused rows and notes", readonly=True)
    refusal_count = fields.Integer(string="Refused", readonly=True)
    portal_untaxed = fields.Monetary(string="Purchases per the portal", readonly=True)
    portal_vat = fields.Monetary(string="Input VAT per the portal", readonly=True)
    books_untaxed = fields.Monetary(string="[23] Purchases (posted bills)", readonly=True)
    books_vat = fields.Monetary(string="[24] Input VAT (posted bills)", readonly=True)
    count_matched = fields.Integer(string="Matched", readonly=True)
    count_differ = fields.Integer(string="Amounts differ", readonly=True)
    count_portal_only = fields.Integer(string="At the portal only", readonly=True)
    count_books_only = fields.Integer(string="In the books only", readonly=True)
    count_not_deductible = fields.Integer(string="Posted, not deductible", readonly=True)
    count_other = fields.Integer(string="Other", readonly=True)

    @api.depends("kind", "date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        Export = self.env["l10n_vn_einvoice.report.export"]
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for rec in self:
            period = Export._period_text(rec.date_from, rec.date_to) \
                if rec.date_from and rec.date_to else ""
            rec.display_name = self.env._("Portal reconciliation %(kind)s %(period)s",
                                          kind=kinds.get(rec.kind, ""), period=period)

    # ------------------------------------------------------------------ guards
    @api.model_create_multi
    def create(self, vals_list):
        refuse_server_fields(self.env, self._description, vals_list, SERVER_FIELDS)
        records = super().create(vals_list)
        records._own_files()
        return records

    def write(self, vals):
        refuse_server_fields(self.env, self._description, [vals], SERVER_FIELDS)
        result = super().write(vals)
        if "file_ids" in vals:
            self._own_files()
        return result

    def _own_files(self):
        """The uploaded files belong to the reconciliation (read as the user first, so a
        file of another record cannot be taken over by linking its id; only a file that
        belongs to no record yet — the user's own upload — is taken)."""
        for rec in self:
            files = rec.file_ids
            files.check_access("read")
            loose = files.filtered(lambda a: not a.res_id)
            if loose:
                loose.sudo().write({"res_model": rec._name, "res_id": rec.id})

    # ------------------------------------------------------------------ run
    def action_open_fetch(self):
        """The dialog that fetches the period from the tax portal (wizard/portal_fetch_wizard)."""
        self.ensure_one()
        check_company(self.env, self.company_id)
        self.check_access("write")
        return {
            "type": "ir.actions.act_window", "res_model": "l10n_vn_einvoice.portal_fetch",
            "view_mode": "form", "target": "new",
            "name": self.env._("Fetch from the tax portal"),
            "context": {"default_reconciliation_id": self.id},
        }

    def action_compute(self):
        for rec in self:
            rec._run()
        return True  # the form reloads the record in place

    def _company_tax_code(self):
        code = self.company_id._l10n_vn_einvoice_tax_code()
        if not code:
            raise UserError(self.env._(
                "%(company)s has no tax code: set it on the company to reconcile with the "
                "tax portal.\n%(company)s chưa có mã số thuế: hãy khai báo mã số thuế của "
                "công ty để đối chiếu với cổng hóa đơn điện tử.",
                company=self.company_id.name))
        return code

    def _read_files(self):
        """The portal's invoices of all files (each once), refusals and notes."""
        if not self.file_ids:
            raise UserError(self.env._(
                "Upload the portal files of the period first (JSON or XLSX from "
                "hoadondientu.gdt.gov.vn).\nHãy tải lên các tệp của kỳ từ cổng hóa đơn điện "
                "tử trước (JSON hoặc XLSX từ hoadondientu.gdt.gov.vn)."))
        return portal_collect.merge(
            portal_collect.read_portal_file(attachment.raw or b"", attachment.name or "")
            for attachment in self.file_ids.sorted("id"))

    def _in_scope(self, reading, tax_code):
        """The invoices of this company and period; the others are named in the notes."""
        kept, notes = [], []
        for invoice in reading.invoices:
            ours = invoice.buyer_tax_code if self.kind == "purchase" else \
                invoice.seller_tax_code
            if ours != tax_code:
                notes.append(self.env._(
                    "%(where)s: %(symbol)s no. %(number)s is not for %(code)s (left out)."
                    "\n%(where)s: hóa đơn %(symbol)s số %(number)s không thuộc mã số thuế "
                    "%(code)s (không đối chiếu).", where=invoice.source,
                    symbol=invoice.symbol, number=invoice.number, code=tax_code))
            elif not self.date_from <= invoice.date <= self.date_to:
                notes.append(self.env._(
                    "%(where)s: %(symbol)s no. %(number)s is dated %(date)s, outside the "
                    "period (left out).\n%(where)s: hóa đơn %(symbol)s số %(number)s ngày "
                    "%(date)s, ngoài kỳ (không đối chiếu).", where=invoice.source,
                    symbol=invoice.symbol, number=invoice.number,
                    date=invoice.date.strftime("%d/%m/%Y")))
            else:
                kept.append(invoice)
        return kept, notes

    def _run(self):
        self.ensure_one()
        check_company(self.env, self.company_id)
        tax_code = self._company_tax_code()
        reading = self._read_files()
        portal, scope_notes = self._in_scope(reading, tax_code)
        if self.kind == "purchase":
            books, records = self._bill_records(portal)
            result = portal_reconcile.reconcile_purchases(portal, books)
        else:
            books, records = self._document_records(portal, tax_code)
            result = portal_reconcile.reconcile_sales(portal, books)
        Line = self.env["l10n_vn_einvoice.portal_reconciliation.line"]
        line_vals = Line._vals_of_result(self, result, records)
        messages = [str(message) for message in reading.refusals] + \
            [str(note) for note in reading.notes] + scope_notes
        counts = {group: sum(1 for vals in line_vals if vals["group"] == group)
                  for group in ("matched", "differ", "portal_only", "books_only",
                                "not_deductible")}
        values = {
            "line_ids": [(5, 0, 0)] + [(0, 0, vals) for vals in line_vals],
            "computed_at": fields.Datetime.now(), "computed_by_id": self.env.uid,
            "messages": "\n".join(messages) or False,
            "refusal_count": len(reading.refusals),
            **{f"count_{group}": count for group, count in counts.items()},
            "count_other": len(line_vals) - sum(counts.values()),
            "portal_untaxed": 0.0, "portal_vat": 0.0, "books_untaxed": 0.0, "books_vat": 0.0,
        }
        if self.kind == "purchase":
            untaxed, vat = portal_reconcile.input_vat(portal)
            figures = self._posted_bills_figures()
            values.update(portal_untaxed=float(untaxed), portal_vat=float(vat),
                          books_untaxed=float(figures.purchases_base),
                          books_vat=float(figures.purchases_vat))
        as_server(self).write(values)

    def _posted_bills_figures(self):
        """[23] and [24] of the 01/GTGT return for the period, as the VAT return has them."""
        self.env.flush_all()
        company = self.company_id
        totals = report_line_totals(self.env.cr, company.id, self.date_from, self.date_to,
                                    report_tag_map(self.env, company.account_fiscal_country_id))
        return figures_from_totals(totals)

    # ------------------------------------------------------------------ book records
    def _bill_records(self, portal):
        """Vendor bills of the period or of a portal invoice's identity, as book records;
        ``{id(record): bill}`` to find them again."""
        keys = [purchase_bill.invoice_key(i.seller_tax_code, i.form, i.symbol, i.number)
                for i in portal]
        mcodes = [i.cash_register_code for i in portal if i.cash_register_code]
        Move = self.env["account.move"]
        bills = Move.search([
            ("company_id", "=", self.company_id.id),
            ("move_type", "in", ("in_invoice", "in_refund")), ("state", "!=", "cancel"),
            ("l10n_vn_einvoice_in_seller_tax_code", "!=", False),
            "|", "|", "&", ("invoice_date", ">=", self.date_from),
            ("invoice_date", "<=", self.date_to),
            ("l10n_vn_einvoice_in_key", "in", keys),
            ("l10n_vn_einvoice_in_tax_authority_code", "in", mcodes or [""]),
        ], order="invoice_date, id")
        books, records = [], {}
        for bill in bills:
            sign = -1 if bill.move_type == "in_refund" else 1
            vat_by_rate = {}
            for line in bill.line_ids.filtered("tax_line_id"):
                rate = line.tax_line_id._l10n_vn_einvoice_tsuat()
                vat_by_rate[rate] = vat_by_rate.get(rate, Decimal(0)) + _decimal(
                    bill.currency_id.round(-line.amount_currency if bill.is_inbound()
                                           else line.amount_currency)) * sign
            number = bill.l10n_vn_einvoice_in_number
            record = portal_reconcile.BookRecord(
                reference=bill.name or bill.display_name,
                seller_tax_code=bill.l10n_vn_einvoice_in_seller_tax_code,
                form=bill.l10n_vn_einvoice_in_form or "",
                symbol=bill.l10n_vn_einvoice_in_symbol or "",
                number=int(number) if number and number.isdigit() else None,
                total=sign * _decimal(bill.amount_total),
                untaxed=sign * _decimal(bill.amount_untaxed),
                vat=sign * _decimal(bill.amount_tax), vat_by_rate=vat_by_rate,
                date=bill.invoice_date, currency=bill.currency_id.name,
                code=bill.l10n_vn_einvoice_in_tax_authority_code or None,
                posted=bill.state == "posted")
            books.append(record)
            records[id(record)] = bill
        return books, records

    def _document_records(self, portal, tax_code):
        """Our e-invoices the portal should know (accepted, and those corrected since)."""
        numbers = [i.number for i in portal]
        Document = self.env["l10n_vn_einvoice.document"]
        documents = Document.search([
            ("company_id", "=", self.company_id.id),
            ("state", "in", BOOKED_DOCUMENT_STATES),
            "|", "&", ("issue_date", ">=", self.date_from), ("issue_date", "<=", self.date_to),
            ("number", "in", numbers or [-1]),
        ], order="issue_date, id")
        books, records = [], {}
        for document in documents:
            vat_by_rate = {}
            for line in document.line_ids:
                vat_by_rate[line.vat_rate] = vat_by_rate.get(line.vat_rate, Decimal(0)) + \
                    _decimal(line.vat)
            record = portal_reconcile.BookRecord(
                reference=document.display_name, seller_tax_code=tax_code,
                form=document.form, symbol=document.symbol, number=document.number or None,
                total=_decimal(document.amount_total),
                untaxed=_decimal(document.amount_untaxed), vat=_decimal(document.amount_tax),
                vat_by_rate=vat_by_rate, date=document.issue_date,
                currency=document.currency_id.name, code=document.tax_authority_code or None)
            books.append(record)
            records[id(record)] = document
        return books, records

    # ------------------------------------------------------------------ export
    def action_export_xlsx(self):
        self.ensure_one()
        check_company(self.env, self.company_id)
        if not self.computed_at:
            self._run()
        Export = self.env["l10n_vn_einvoice.report.export"]
        Line = self.env["l10n_vn_einvoice.portal_reconciliation.line"]
        groups = dict(Line._fields["group"]._description_selection(self.env))
        preamble = Export._preamble(
            self.env._("Reconciliation with the tax portal / Đối chiếu với cổng hóa đơn điện "
                       "tử"), self.company_id, Export._period_text(self.date_from, self.date_to))
        if self.kind == "purchase":
            preamble.append(self.env._(
                "Input VAT per the portal / Thuế GTGT đầu vào theo cổng: %(portal)s; [24] "
                "posted bills / hóa đơn đã ghi sổ: %(books)s",
                portal=f"{self.portal_vat:,.0f}", books=f"{self.books_vat:,.0f}"))
        preamble.append(self.env._("Run by / Người chạy: %(user)s, %(when)s",
                                   user=self.computed_by_id.name or "",
                                   when=fields.Datetime.to_string(self.computed_at)))
        headers = [self.env._("Group"), self.env._("Seller tax code"), self.env._("Form"),
                   self.env._("Symbol"), self.env._("Number"), self.env._("Date"),
                   self.env._("Portal status"), self.env._("Bill / e-invoice"),
                   self.env._("Total (portal)"), self.env._("Total (books)"),
                   self.env._("VAT (portal)"), self.env._("VAT (books)"),
                   self.env._("Differences"), self.env._("File, row")]
        def side(line, portal, books):
            """Both figures, blank for the side that does not have the invoice."""
            at_portal = line.group not in ("books_only", "duplicate")
            in_books = line.group not in ("portal_only", "portal_void")
            return (portal if at_portal else "", books if in_books else "")

        rows = [(groups[line.group], line.seller_tax_code or "", line.form or "",
                 line.symbol or "", line.number or "", line.invoice_date,
                 line.portal_status or "", line.book_reference or "",
                 *side(line, line.portal_total, line.books_total),
                 *side(line, line.portal_vat, line.books_vat),
                 line.differences or "", line.source or "") for line in self.line_ids]
        return Export._download_xlsx(
            f"portal_reconciliation_{self.kind}_{self.date_from}_{self.date_to}.xlsx",
            preamble, headers, rows)
