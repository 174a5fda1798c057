"""One invoice of a portal reconciliation: its group, both sides' figures, and — for an
invoice at the portal that is not in the books — the button that books it.

The draft bill is made by the purchase import itself: the portal's record is written as
the standard's invoice (:mod:`..standard.portal_invoice`: the detail's lines, else one line
per VAT rate), then handed to the purchase journal as a dropped e-invoice XML is, so the
same reader, the same checks and the same duplicate rule (one bill per invoice identity
and company) apply.  Every field of a line is the server's (see
:mod:`.portal_reconciliation`).
"""

import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..standard import portal_invoice, purchase_bill, xml_build
from ..standard.errors import StandardError
from ..standard.portal_data import RowError
from .einvoice_access import check_company
from .portal_reconciliation import refuse_server_fields
from .server_owned import as_server

GROUPS = [
    ("not_deductible", "Posted, but the portal's status takes the deduction away"),
    ("differ", "Amounts or VAT differ"),
    ("portal_only", "At the portal, not in the books"),
    ("books_only", "In the books, not at the portal"),
    ("duplicate", "Booked twice"),
    ("portal_void", "Void at the portal, not booked"),
    ("matched", "Matched"),
]
LINE_FIELDS = frozenset({
    "reconciliation_id", "company_id", "sequence", "group", "seller_tax_code", "seller_name",
    "form", "symbol", "number", "mcode", "invoice_date", "portal_status", "currency_name",
    "portal_untaxed", "portal_vat", "portal_total", "books_untaxed", "books_vat",
    "books_total", "differences", "source", "book_reference", "move_id", "document_id"})
_SEQUENCE = {group: index for index, (group, _label) in enumerate(GROUPS)}


def _float(value):
    return float(value) if value is not None else 0.0


class L10nVnEinvoicePortalReconciliationLine(models.Model):
    _name = "l10n_vn_einvoice.portal_reconciliation.line"
    _description = "Vietnam e-invoices: invoice of a reconciliation with the tax portal"
    _order = "sequence, invoice_date, id"

    reconciliation_id = fields.Many2one("l10n_vn_einvoice.portal_reconciliation",
                                        required=True, ondelete="cascade", index=True,
                                        readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    kind = fields.Selection(related="reconciliation_id.kind")
    sequence = fields.Integer(readonly=True)
    group = fields.Selection(GROUPS, required=True, readonly=True)
    seller_tax_code = fields.Char(readonly=True)
    seller_name = fields.Char(readonly=True)
    form = fields.Char(readonly=True)
    symbol = fields.Char(readonly=True)
    number = fields.Integer(readonly=True)
    mcode = fields.Char(string="Cash-register code", readonly=True)
    invoice_date = fields.Date(string="Date", readonly=True)
    portal_status = fields.Char(readonly=True)
    currency_name = fields.Char(string="Currency", readonly=True)
    portal_untaxed = fields.Float(string="Untaxed (portal)", readonly=True)
    portal_vat = fields.Float(string="VAT (portal)", readonly=True)
    portal_total = fields.Float(string="Total (portal)", readonly=True)
    books_untaxed = fields.Float(string="Untaxed (books)", readonly=True)
    books_vat = fields.Float(string="VAT (books)", readonly=True)
    books_total = fields.Float(string="Total (books)", readonly=True)
    differences = fields.Char(readonly=True)
    source = fields.Char(string="File, row", readonly=True)
    book_reference = fields.Char(string="Bill / e-invoice", readonly=True)
    move_id = fields.Many2one("account.move", string="Bill", readonly=True,
                              index="btree_not_null")
    document_id = fields.Many2one("l10n_vn_einvoice.document", string="E-invoice",
                                  readonly=True, index="btree_not_null")

    @api.model_create_multi
    def create(self, vals_list):
        refuse_server_fields(self.env, self._description, vals_list, LINE_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        refuse_server_fields(self.env, self._description, [vals], LINE_FIELDS)
        return super().write(vals)

    # ------------------------------------------------------------------ from a result
    @api.model
    def _vals_of_result(self, reconciliation, result, records):
        """Line values of a :class:`portal_reconcile.Reconciliation`."""
        vals_list = []

        def add(group, portal=None, book=None, differences=()):
            record = records.get(id(book)) if book is not None else None
            vals = {"company_id": reconciliation.company_id.id, "group": group,
                    "sequence": _SEQUENCE[group]}
            if portal is not None:
                status = " / ".join(s.vi for s in (portal.status, portal.processing) if s)
                vals.update(
                    seller_tax_code=portal.seller_tax_code, seller_name=portal.seller_name,
                    form=portal.form, symbol=portal.symbol, number=portal.number,
                    mcode=portal.cash_register_code or False, invoice_date=portal.date,
                    portal_status=status, currency_name=portal.currency,
                    portal_untaxed=_float(portal.untaxed), portal_vat=_float(portal.vat),
                    portal_total=_float(portal.total), source=portal.source)
            if book is not None:
                vals.update(books_untaxed=_float(book.untaxed), books_vat=_float(book.vat),
                            books_total=_float(book.total), book_reference=book.reference)
                if portal is None:
                    vals.update(seller_tax_code=book.seller_tax_code, form=book.form,
                                symbol=book.symbol, number=book.number or 0,
                                mcode=book.code if book.keys()[1:] else False,
                                invoice_date=book.date, currency_name=book.currency)
                if record is not None and record._name == "account.move":
                    vals["move_id"] = record.id
                elif record is not None:
                    vals["document_id"] = record.id
            if differences:
                vals["differences"] = "; ".join(
                    f"{d.what}: {d.portal} ≠ {d.books}" for d in differences)
            vals_list.append(vals)

        for pair in result.matched:
            add("matched", pair.portal, pair.book)
        for pair in result.differ:
            add("differ", pair.portal, pair.book, pair.differences)
        for pair in result.not_deductible:
            add("not_deductible", pair.portal, pair.book, pair.differences)
        for invoice in result.portal_only:
            add("portal_only", invoice)
        for invoice in result.portal_void:
            add("portal_void", invoice)
        for book in result.books_only:
            add("books_only", book=book)
        for book in result.book_duplicates:
            add("duplicate", book=book)
        # in the order the lines are read back (see _order), the cache's order too
        return sorted(vals_list, key=lambda vals: (vals["sequence"], vals.get(
            "invoice_date") or datetime.date.min))

    # ------------------------------------------------------------------ draft bill
    def _portal_invoice(self):
        """This line's invoice, read again from the reconciliation's files."""
        reading = self.reconciliation_id._read_files()
        for invoice in reading.invoices:
            if invoice.identity == (self.seller_tax_code, self.form, self.symbol, self.number):
                return invoice
        raise UserError(self.env._(
            "%(symbol)s no. %(number)s is no longer in the reconciliation's files: run the "
            "reconciliation again.\nHóa đơn %(symbol)s số %(number)s không còn trong các tệp "
            "của phép đối chiếu: hãy chạy lại đối chiếu.", symbol=self.symbol,
            number=self.number))

    def action_create_bill(self):
        """The draft bill of an invoice at the portal that is not in the books."""
        self.ensure_one()
        check_company(self.env, self.company_id)
        if self.kind != "purchase" or self.group != "portal_only":
            raise UserError(self.env._(
                "Only a purchase invoice at the portal and not in the books gets a draft bill "
                "here.\nChỉ hóa đơn mua vào có trên cổng mà chưa ghi sổ mới được lập hóa đơn "
                "nháp tại đây."))
        invoice = self._portal_invoice()
        key = purchase_bill.invoice_key(invoice.seller_tax_code, invoice.form, invoice.symbol,
                                        invoice.number)
        existing = self.env["account.move"].sudo().search([
            ("company_id", "=", self.company_id.id), ("l10n_vn_einvoice_in_key", "=", key)],
            limit=1).sudo(False)
        if existing:
            raise UserError(self.env._(
                "This e-invoice is already in Odoo as %(bill)s: run the reconciliation again."
                "\nHóa đơn điện tử này đã có trong Odoo: %(bill)s. Hãy chạy lại đối chiếu.",
                bill=existing.display_name))
        try:
            data = xml_build.invoice_to_bytes(portal_invoice.invoice_of(invoice))
        except (RowError, StandardError) as error:
            raise UserError(self.env._(
                "The draft bill cannot be made: %(reason)s\nKhông lập được hóa đơn nháp: "
                "%(reason_vi)s", reason=error.message, reason_vi=error.message_vi)) from error
        journal = self.env["account.journal"].search([
            *self.env["account.journal"]._check_company_domain(self.company_id),
            ("type", "=", "purchase")], limit=1)
        if not journal:
            raise UserError(self.env._(
                "%(company)s has no purchase journal.\n%(company)s chưa có sổ nhật ký mua hàng.",
                company=self.company_id.name))
        attachment = self.env["ir.attachment"].create({
            "name": f"{invoice.seller_tax_code}_{invoice.form}{invoice.symbol}_"
                    f"{invoice.number}_portal.xml",
            "raw": data, "mimetype": "text/xml"})
        action = journal.with_context(default_move_type="in_invoice") \
            .create_document_from_attachment(attachment.ids)
        bill = self.env["account.move"].search([
            ("company_id", "=", self.company_id.id), ("l10n_vn_einvoice_in_key", "=", key)],
            limit=1)
        if bill:
            as_server(self).write({"move_id": bill.id, "book_reference": bill.display_name})
        return action
