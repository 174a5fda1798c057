"""Corrections of a delivery note (form 6): replacement and adjustment under the rules of
invoices (``l10n_vn_einvoice/models/einvoice_document_corrections.py``), through the
same door as the note itself (``stock.picking._l10n_vn_einvoice_emit_note``): gap-free
number, signature, chain, outbox.

What a correction of a note says:

* **replacement** (TCHDon 1): the whole note again, with the right lines (quantity, unit
  price) and the right transport data; the replaced note shows *replaced* and the
  transfer points at the new one;
* **adjustment** (TCHDon 2): only the lines that change, by their difference — more or
  fewer goods at the note's price, or the price difference on the note's quantity; a
  decrease is negative.  Transport data and addresses are not adjusted: a wrong vehicle
  or address is a replacement.
"""

from dataclasses import replace
from decimal import Decimal

from odoo import models
from odoo.addons.l10n_vn_einvoice.models.einvoice_access import MANAGER
from odoo.addons.l10n_vn_einvoice.standard import delivery_note, model, regimes
from odoo.exceptions import AccessError, UserError

CAUSE_TAG = "LDDCTThe"  # TTChung/TTKhac, as the core writes it on invoices
RETURN_CAUSE = "05"  # goods returned
METHODS = {"adjustment": regimes.ADJUST, "replacement": regimes.REPLACE}
# DeliveryNote attributes a replacement may change (what the transfer's tab holds).
HEADER_FIELDS = ("dispatch_order", "contract_number", "contract_date", "transport_contract",
                 "carrier", "transport_means", "issuer_person", "receiver_person")


def dec(value):
    """A quantity or price as the note writes it (a float typed in a form, or the
    Decimal read from the note)."""
    if isinstance(value, Decimal):
        return value.normalize()
    return Decimal(repr(round(value, 6))).normalize()


class L10nVnEinvoiceDocument(models.Model):
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_agreement_required(self, on_date):
        # EXTEND 'l10n_vn_einvoice': an internal transport note is the company's note to
        # itself (its own tax code as receiver): there is nobody to agree with.
        if self.form == model.DELIVERY_FORM and self.buyer_tax_code == \
                self.company_id._l10n_vn_einvoice_tax_code():
            return False
        return super()._l10n_vn_einvoice_agreement_required(on_date)

    def _l10n_vn_einvoice_note_check_caller(self):
        """Who may correct a note: an e-invoice manager or an inventory manager of the
        note's company (a wizard is reachable over JSON-RPC with any id)."""
        env = self.env
        if not env.su and not (env.user.has_group(MANAGER)
                               or env.user.has_group("stock.group_stock_manager")):
            raise AccessError(env._(
                "Correcting delivery note %(name)s is reserved to e-invoice or inventory "
                "managers.\nChỉ người quản lý hóa đơn điện tử hoặc quản lý kho được điều "
                "chỉnh, thay thế phiếu xuất kho %(name)s.", name=self.name))
        self.check_access("read")
        if not env.su and self.company_id not in env.companies:
            raise AccessError(env._(
                "Delivery note %(name)s belongs to company %(company)s, which you are not "
                "working in.\nPhiếu xuất kho %(name)s thuộc công ty %(company)s, không phải "
                "công ty bạn đang làm việc.", name=self.name, company=self.company_id.name))
        if self.form != model.DELIVERY_FORM or not self.l10n_vn_einvoice_picking_id:
            raise UserError(env._(
                "%(name)s is not a delivery note of a transfer.\n%(name)s không phải phiếu "
                "xuất kho của một phiếu chuyển kho.", name=self.name))

    def _l10n_vn_einvoice_note_correct(self, method, changes, *, header=None, cause_code="",
                                       agreement_name="", agreement_date=None):
        """Issue the correction of this note: ``method`` "replacement" or "adjustment",
        ``changes`` {line number (STT): (right quantity, right unit price)}, ``header``
        {DeliveryNote attribute: right value} (replacement only).  Returns the new
        document; the checks of invoices apply (state, law of the day, same method,
        agreement, cause code)."""
        self.ensure_one()
        self._l10n_vn_einvoice_note_check_caller()
        picking = self.l10n_vn_einvoice_picking_id.sudo()
        problem = picking.company_id._l10n_vn_einvoice_note_provider_problem()
        if problem:
            raise UserError(self.env._("Delivery note %(name)s: %(problem)s", name=self.name,
                                       problem=problem))
        on_date = picking._l10n_vn_einvoice_issue_date()
        self._l10n_vn_einvoice_check_correction(METHODS[method], on_date)
        if self._l10n_vn_einvoice_agreement_required(on_date) and not (
                agreement_name and agreement_date):
            raise UserError(self.env._(
                "Delivery note %(name)s was issued to a business: give the agreement "
                "document (name and date) stating the error.\nPhiếu xuất kho %(name)s lập "
                "cho tổ chức, doanh nghiệp: cần tên và ngày của văn bản thỏa thuận ghi rõ "
                "sai sót.", name=self.name))
        if regimes.cause_codes(on_date) and not cause_code:
            raise UserError(self.env._(
                "From 1 July 2026 a correction needs its cause code (Phụ lục XVII): %(name)s."
                "\nTừ ngày 01/07/2026 chứng từ điều chỉnh, thay thế phải có mã lý do (Phụ "
                "lục XVII): %(name)s.", name=self.name))
        original = self._l10n_vn_einvoice_invoice_data()
        if method == "replacement":
            lines = self._l10n_vn_einvoice_note_replaced_lines(original, changes)
            delivery = replace(original.delivery, **(header or {}))
            nature = model.REPLACEMENT
        else:
            lines = self._l10n_vn_einvoice_note_adjusting_lines(original, changes)
            delivery = original.delivery
            nature = model.ADJUSTMENT
        symbol, number = picking._l10n_vn_einvoice_note_number(self.symbol[3], on_date)
        extra = (model.ExtraField(CAUSE_TAG, cause_code),) \
            if cause_code and regimes.cause_codes(on_date) else ()
        note = replace(
            original, symbol=symbol, number=number, issue_date=on_date, lines=lines,
            totals=delivery_note.make_totals(lines), delivery=delivery,
            related=self._l10n_vn_einvoice_related(nature), tax_authority_code="",
            kind=model.KIND_UNCODED if symbol.startswith("K") else model.KIND_CODED,
            general_extra=extra, qr_data="")
        doc = picking._l10n_vn_einvoice_emit_note(note, {
            "correction_type": method, "corrected_document_id": self.id,
            "agreement_name": agreement_name or False,
            "agreement_date": agreement_date or False,
            "cause_code": cause_code or False,
        })
        self._l10n_vn_einvoice_set_outcome(
            {"state": "replaced" if method == "replacement" else "adjusted"})
        if method == "replacement":
            picking._l10n_vn_einvoice_follow_replacement(doc, header or {})
        message = self.env._(
            "Delivery note %(name)s %(what)s by %(new)s.\nPhiếu xuất kho %(name)s đã được "
            "%(what_vi)s bằng %(new)s.", name=self.name, new=doc.name,
            what="replaced" if method == "replacement" else "adjusted",
            what_vi="thay thế" if method == "replacement" else "điều chỉnh")
        picking.message_post(body=message)
        return doc

    # ------------------------------------------------------------------ lines
    def _l10n_vn_einvoice_note_check_changes(self, original, changes):
        seqs = {line.seq for line in original.lines}
        unknown = set(changes) - seqs
        if unknown or any(quantity < 0 or price < 0 for quantity, price in changes.values()):
            raise UserError(self.env._(
                "Delivery note %(name)s: a correction names lines %(lines)s the note does not "
                "have, or a negative quantity or price.\nPhiếu xuất kho %(name)s: dòng "
                "%(lines)s không có trên phiếu, hoặc số lượng, đơn giá âm.", name=self.name,
                lines=", ".join(str(s) for s in sorted(unknown)) or "-"))

    def _l10n_vn_einvoice_note_replaced_lines(self, original, changes):
        self._l10n_vn_einvoice_note_check_changes(original, changes)
        lines = []
        for line in original.lines:
            quantity, price = changes.get(line.seq, (line.quantity, line.unit_price))
            lines.append(delivery_note.make_line(
                line.seq, line.name, dec(quantity), dec(price), code=line.code,
                unit=line.unit, currency=original.currency))
        return tuple(lines)

    def _l10n_vn_einvoice_note_adjusting_lines(self, original, changes):
        """The differences: more or fewer goods at the note's price, the price difference
        on the note's quantity; both when both change (their sum is the change of the
        line's amount)."""
        self._l10n_vn_einvoice_note_check_changes(original, changes)
        lines = []
        for line in original.lines:
            if line.seq not in changes:
                continue
            quantity, price = (dec(value) for value in changes[line.seq])
            parts = []
            if quantity != line.quantity:
                parts.append((quantity - line.quantity, price))
            if price != line.unit_price:
                parts.append((line.quantity, price - line.unit_price))
            for part_quantity, part_price in parts:
                lines.append(delivery_note.make_line(
                    len(lines) + 1, line.name, part_quantity, part_price, code=line.code,
                    unit=line.unit, currency=original.currency))
        if not lines:
            raise UserError(self.env._(
                "Nothing to adjust on delivery note %(name)s: enter the right quantity or "
                "unit price of the lines that were wrong.\nChưa có gì để điều chỉnh trên "
                "phiếu xuất kho %(name)s: hãy nhập số lượng hoặc đơn giá đúng của các dòng "
                "sai.", name=self.name))
        return tuple(lines)

    # ------------------------------------------------------------------ buttons
    def action_l10n_vn_einvoice_correct(self):
        # EXTEND 'l10n_vn_einvoice': a delivery note has no accounting invoice to draft;
        # its corrections are issued from the note's own wizard.
        if len(self) == 1 and self.form == model.DELIVERY_FORM:
            self._l10n_vn_einvoice_note_check_caller()
            return self._l10n_vn_einvoice_open_wizard(
                "l10n_vn_einvoice_stock.note.correction.wizard",
                self.env._("Adjust or replace the delivery note"))
        return super().action_l10n_vn_einvoice_correct()
