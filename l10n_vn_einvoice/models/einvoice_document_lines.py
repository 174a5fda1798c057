from decimal import Decimal

from odoo import api, fields, models

from ..standard import money, xml_parse

# Documents whose figures count in the tax reports: issued and not superseded.  A
# replaced invoice is cancelled by its replacement; an adjusted one still counts, its
# adjustment adds the (signed) difference; rejected and voided ones never took effect.
REPORTED_STATES = ("ready", "sent", "accepted", "error", "adjusted", "notified")


class L10nVnEinvoiceDocumentLine(models.Model):
    """One VAT-rate group (``THTTLTSuat/LTSuat``) of an issued e-invoice.

    The XML carries VAT per rate group only, so this is the finest level at which VAT is
    exact; copying the group, the date and the company here lets the reports aggregate
    in one SQL query without parsing XML or joining through moves and POS orders.
    Amounts keep the sign of the XML (negative for decreasing adjustments); the ``*_vnd``
    columns convert foreign-currency invoices with the invoice's own rate (TGia)."""

    _name = "l10n_vn_einvoice.document.line"
    _description = "E-invoice VAT-rate line"
    _order = "document_id, sequence, id"

    document_id = fields.Many2one("l10n_vn_einvoice.document", required=True, index=True,
                                  ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    issue_date = fields.Date(required=True, index=True)
    kind = fields.Selection(related="document_id.kind")
    state = fields.Selection(related="document_id.state")
    sequence = fields.Integer()
    vat_rate = fields.Char(string="VAT rate (TSuat)", required=True, index=True)
    currency_id = fields.Many2one("res.currency", required=True)
    amount_untaxed = fields.Monetary(string="Amount before VAT")
    vat = fields.Monetary(string="VAT")
    amount_total = fields.Monetary(string="Total")
    vnd_currency_id = fields.Many2one("res.currency", compute="_compute_vnd_currency_id")
    amount_untaxed_vnd = fields.Monetary(string="Amount before VAT (VND)",
                                         currency_field="vnd_currency_id")
    vat_vnd = fields.Monetary(string="VAT (VND)", currency_field="vnd_currency_id")

    _document_rate_unique = models.Constraint(
        "UNIQUE(document_id, vat_rate)",
        "An e-invoice has one line per VAT rate (its LTSuat groups are one per rate).")

    @api.depends_context("company")
    def _compute_vnd_currency_id(self):
        self.vnd_currency_id = self.env.ref("base.VND")


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    line_ids = fields.One2many("l10n_vn_einvoice.document.line", "document_id",
                               string="VAT-rate lines")

    def _l10n_vn_einvoice_store_xml(self, xml_bytes, signed, invoice=None):
        # EXTEND 'l10n_vn_einvoice': the stored XML is the legal content, so the report
        # lines are read from it (or from the invoice it was built from, in the same
        # transaction), not from the move or order it came from.
        attachment = super()._l10n_vn_einvoice_store_xml(xml_bytes, signed, invoice)
        self._l10n_vn_einvoice_create_lines(invoice or xml_parse.parse_invoice(xml_bytes))
        return attachment

    def _l10n_vn_einvoice_create_lines(self, invoice):
        self.ensure_one()
        self.line_ids.sudo().unlink()
        currency = invoice.currency or "VND"
        rate = invoice.exchange_rate if currency != "VND" and invoice.exchange_rate else None

        def vnd(value):
            return money.round_money(value * rate, "VND") if rate else value

        vals = []
        for sequence, group in enumerate(invoice.totals.by_rate, start=1):
            vals.append({
                "document_id": self.id, "company_id": self.company_id.id,
                "issue_date": invoice.issue_date, "sequence": sequence,
                "vat_rate": group.vat_rate, "currency_id": self.currency_id.id,
                "amount_untaxed": group.amount, "vat": group.vat,
                "amount_total": group.amount + group.vat,
                "amount_untaxed_vnd": vnd(group.amount), "vat_vnd": vnd(group.vat or Decimal(0)),
            })
        return self.env["l10n_vn_einvoice.document.line"].sudo().create(vals)
