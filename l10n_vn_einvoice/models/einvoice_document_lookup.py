"""What the public lookup page may find and show of an e-invoice (issue 11 §2, §4).

Two ways in, both needing something only the buyer holds:

* the **lookup code** the provider gave the invoice (printed on the PDF, sent by e-mail):
  random, so it is enough on its own;
* the **tax-authority code** (MCCQT) or the **cash-register code**, with the seller's MST
  *and the total amount*: those codes are printed and cash-register codes run in
  sequence, so code and MST alone would let anyone walk a shop's sales; the total printed
  on the receipt is the second factor (a wrong total answers "not found", like a wrong
  code).

Codes are compared without regard to case.  The page shows the seller, the invoice's
symbol, number or code, date, total and status — never the buyer — and serves only the
document's own files: each is checked to be attached to this document (the PDF, frozen
by the addon's own rendering, needs no more), the signed XML against the hash frozen at
issue, the tax authority's XML to be an invoice.  A file failing a check is not served,
whatever the document row says.
"""

import hashlib
import re
from decimal import Decimal

from odoo import api, models
from odoo.tools import SQL

from ..standard import codes
from ..standard.errors import StandardError
from ..standard.money import format_amount_vi
from ..standard.safe_xml import parse_xml
from .einvoice_document_delivery import FINAL_STATES

MAX_CODE, MAX_MST, MAX_AMOUNT = 40, 14, 24  # also the form fields' maxlength
CODE = re.compile(r"^[A-Z0-9-]{6,40}$")
MST = re.compile(r"^(\d{10}(-\d{3})?|\d{12})$")  # 12 digits: a household business
STATUS_LABELS = {
    "accepted": "Đã chấp nhận / Accepted",
    "adjusted": "Đã bị điều chỉnh / Adjusted",
    "replaced": "Đã bị thay thế / Replaced",
    "notified": "Đã thông báo sai sót / Error notice sent",
}


def normalise_query(code, mst, amount):
    """(code, MST, amount digits) as the page compares them, or empty strings for input
    too long or of the wrong shape (never echoed back, never sent to the database)."""
    code = (code or "").strip().upper() if len(code or "") <= MAX_CODE + 10 else ""
    mst = codes.normalise_tax_id(mst) if len(mst or "") <= MAX_MST + 10 else ""
    amount = (amount or "").strip() if len(amount or "") <= MAX_AMOUNT else ""
    return (code if CODE.match(code) else "", mst if MST.match(mst) else "",
            "".join(char for char in amount if char.isdigit())
            if re.fullmatch(r"[\d.,\s]*", amount) else "")


def amount_matches(digits, amount, currency):
    """The typed total (its digits: ``1.234.567``, ``1234567`` and ``1.234,50`` all
    work) is the document's total at the currency's precision."""
    if not digits:
        return False
    written = format_amount_vi(Decimal(str(amount)), currency)
    expected = {re.sub(r"\D", "", written)}
    if "," in written and set(written.split(",")[1]) <= {"0"}:
        expected.add(re.sub(r"\D", "", written.split(",")[0]))
    return digits.lstrip("0") in {value.lstrip("0") for value in expected}


class L10nVnEinvoiceDocument(models.Model):
    _inherit = "l10n_vn_einvoice.document"

    _lookup_code_upper_idx = models.Index("(upper(lookup_code)) WHERE lookup_code IS NOT NULL")
    _tax_authority_code_upper_idx = models.Index(
        "(upper(tax_authority_code)) WHERE tax_authority_code IS NOT NULL")

    @api.model
    def _l10n_vn_einvoice_find_public(self, code, mst, amount):
        """The one final document a buyer's query designates, or an empty recordset
        (several matches answer as none: a code must designate one invoice)."""
        if not code:
            return self.browse()
        self.env.cr.execute(SQL(
            "SELECT id FROM l10n_vn_einvoice_document WHERE upper(lookup_code) = %s "
            "AND state IN %s LIMIT 2", code, FINAL_STATES))
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            return self.sudo().browse(ids) if len(ids) == 1 else self.browse()
        if not (mst and amount):
            return self.browse()
        self.env.cr.execute(SQL(
            "SELECT id FROM l10n_vn_einvoice_document WHERE upper(tax_authority_code) = %s "
            "AND state IN %s LIMIT 10", code, FINAL_STATES))
        candidates = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        found = candidates.filtered(
            lambda d: d.company_id._l10n_vn_einvoice_tax_code() == mst
            and amount_matches(amount, d.amount_total, d.currency_id.name))
        return found if len(found) == 1 else self.browse()

    def _l10n_vn_einvoice_public_view(self):
        """What the result page shows: the invoice, not the buyer."""
        self.ensure_one()
        company = self.company_id
        date = self.issue_date
        return {
            "seller": company.l10n_vn_einvoice_legal_name or company.name,
            "seller_vat": company._l10n_vn_einvoice_tax_code(),
            "form_symbol": f"{self.form}{self.symbol}",
            "number": str(self.number) if self.number else "",
            "code": self.tax_authority_code or "",
            "cash_register": self.kind == "cash_register",
            "date": f"{date.day:02d}/{date.month:02d}/{date.year}",
            "total": format_amount_vi(Decimal(str(self.amount_total)), self.currency_id.name),
            "currency": self.currency_id.name,
            "status": STATUS_LABELS.get(self.state, self.state),
        }

    def _l10n_vn_einvoice_owns(self, attachment):
        attachment = attachment.sudo()
        return bool(attachment) and attachment.res_model == self._name \
            and attachment.res_id == self.id and not attachment.res_field \
            and (not attachment.company_id or attachment.company_id == self.company_id)

    def _l10n_vn_einvoice_public_file(self, file_format):
        """``(file name, bytes, mimetype)`` of the buyer's copy, or None when no file of
        this document passes its checks."""
        self.ensure_one()
        if file_format == "xml":
            provider = self.provider_xml_attachment_id
            if self._l10n_vn_einvoice_owns(provider) and _is_invoice_xml(provider.sudo().raw):
                return provider.name, provider.sudo().raw, "application/xml"
            if self._l10n_vn_einvoice_needs_provider_xml():
                return None  # the legal file is the provider's: never the unsigned copy
            signed = self.xml_attachment_id
            raw = signed.sudo().raw or b""
            if self._l10n_vn_einvoice_owns(signed) and self.xml_hash \
                    and hashlib.sha256(raw).hexdigest() == self.xml_hash:
                return signed.name, raw, "application/xml"
            return None
        pdf = self._l10n_vn_einvoice_pdf()
        if self._l10n_vn_einvoice_owns(pdf):
            return pdf.name, pdf.sudo().raw, "application/pdf"
        return None


def _is_invoice_xml(raw):
    if not raw:
        return False
    try:
        root = parse_xml(raw)
    except StandardError:  # a key, a PKCS#12, a forged text: not an invoice
        return False
    return root.tag.rsplit("}", 1)[-1] == "HDon"
