"""stock.picking → a delivery note (form 6): the data, its checks and its issue.

The same document model, numbering, signature, chain and outbox as invoices: the picking
only says what the note contains (``standard.model.Invoice`` of form 6 with its
``DeliveryNote``); ``l10n_vn_einvoice.document`` does the rest.
"""

from decimal import Decimal

from odoo import fields, models
from odoo.addons.l10n_vn_einvoice.models.account_move import problems_message
from odoo.addons.l10n_vn_einvoice.models.account_move_einvoice_data import qty_dec
from odoo.addons.l10n_vn_einvoice.models.res_company import provider_tax_code
from odoo.addons.l10n_vn_einvoice.models.server_owned import as_server
from odoo.addons.l10n_vn_einvoice.standard import (
    codes,
    delivery_note,
    issue_xml,
    model,
    validate,
)
from odoo.addons.l10n_vn_einvoice.standard.errors import StandardError
from odoo.exceptions import UserError

LETTERS = {"internal": model.NOTE_INTERNAL, "agent": model.NOTE_AGENT}


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_letter(self):
        return LETTERS[self.l10n_vn_einvoice_note_kind]

    def _l10n_vn_einvoice_issue_date(self):
        """The Vietnam day of the validation."""
        return fields.Date.context_today(self.with_context(tz="Asia/Ho_Chi_Minh"))

    # ------------------------------------------------------------------ checks
    def _l10n_vn_einvoice_missing(self):
        """Labels of the required data this transfer lacks for its note."""
        self.ensure_one()
        required = ["l10n_vn_einvoice_transport_means"]
        if self.l10n_vn_einvoice_note_kind == "internal":
            required += ["l10n_vn_einvoice_dispatch_order", "l10n_vn_einvoice_dest_warehouse_id"]
        else:
            required += ["partner_id", "l10n_vn_einvoice_contract_number",
                         "l10n_vn_einvoice_contract_date"]
        missing = [self._fields[name].get_description(self.env)["string"]
                   for name in required if not self[name]]
        source = self.location_id.warehouse_id
        if not source.partner_id._l10n_vn_einvoice_one_line_address():
            missing.append(self.env._("address of warehouse %(wh)s", wh=source.name))
        dest = self.l10n_vn_einvoice_dest_warehouse_id
        if self.l10n_vn_einvoice_note_kind == "internal" and dest and \
                not dest.partner_id._l10n_vn_einvoice_one_line_address():
            missing.append(self.env._("address of warehouse %(wh)s", wh=dest.name))
        if self.l10n_vn_einvoice_note_kind == "agent" and self.partner_id and \
                not self.partner_id._l10n_vn_einvoice_one_line_address():
            missing.append(self.env._("address of agent %(agent)s",
                                      agent=self.partner_id.display_name))
        return missing

    def _l10n_vn_einvoice_check_note(self):
        """Refuse validation, before anything is written, when the note cannot be issued."""
        self.ensure_one()
        problem = self.company_id._l10n_vn_einvoice_note_provider_problem()
        if problem:
            raise UserError(self.env._("Transfer %(picking)s: %(problem)s",
                                       picking=self.name, problem=problem))
        # A line left without a price (the transfer became one that needs a note after
        # its lines were made) takes the default: cost, or sales price for an agent.
        for move in self.move_ids.filtered(lambda m: not m.l10n_vn_einvoice_price_unit):
            move.l10n_vn_einvoice_price_unit = move._l10n_vn_einvoice_default_price()
        missing = self._l10n_vn_einvoice_missing()
        if missing:
            fields_text = ", ".join(missing)
            raise UserError(self.env._(
                "Transfer %(picking)s needs an electronic delivery note; fill in: "
                "%(fields)s (tab \"E-delivery note\").\nPhiếu chuyển kho %(picking)s cần "
                "phiếu xuất kho điện tử; hãy nhập: %(fields)s (thẻ \"Phiếu xuất kho điện "
                "tử\").", picking=self.name, fields=fields_text))

    # ------------------------------------------------------------------ data
    def _l10n_vn_einvoice_note_lines(self):
        currency = "VND"
        lines = []
        moves = self.move_ids.filtered(lambda m: m.state == "done" and m.quantity > 0)
        for seq, move in enumerate(moves.sorted(lambda m: (m.sequence, m.id)), start=1):
            product = move.product_id
            price = Decimal(repr(round(move.l10n_vn_einvoice_price_unit, 6))).normalize()
            lines.append(delivery_note.make_line(
                seq, (product.display_name or "")[:500], qty_dec(move.quantity), price,
                code=(product.default_code or "")[:50],
                unit=move.product_uom._l10n_vn_einvoice_unit()[:50], currency=currency))
        return tuple(lines)

    def _l10n_vn_einvoice_note_data(self, symbol, number, issue_date):
        """The form-6 ``Invoice`` of this validated transfer."""
        self.ensure_one()
        company = self.company_id
        letter = self._l10n_vn_einvoice_letter()
        source = self.location_id.warehouse_id
        seller = model.Seller(
            name=company.l10n_vn_einvoice_legal_name or company.name,
            tax_code=company._l10n_vn_einvoice_tax_code(),
            address=source.partner_id._l10n_vn_einvoice_one_line_address()[:400])
        if letter == model.NOTE_INTERNAL:
            dest = self.l10n_vn_einvoice_dest_warehouse_id
            buyer = model.Buyer(name=seller.name, tax_code=seller.tax_code,
                                address=dest.partner_id._l10n_vn_einvoice_one_line_address()[:400])
            to_warehouse = dest.name or ""
        else:
            agent = self.partner_id.commercial_partner_id
            buyer = model.Buyer(name=agent.name or "",
                                tax_code=agent._l10n_vn_einvoice_tax_code() or "",
                                address=self.partner_id._l10n_vn_einvoice_one_line_address()[:400])
            to_warehouse = ""
        note = model.DeliveryNote(
            dispatch_order=self.l10n_vn_einvoice_dispatch_order or ""
            if letter == model.NOTE_INTERNAL else "",
            contract_number=self.l10n_vn_einvoice_contract_number or ""
            if letter == model.NOTE_AGENT else "",
            contract_date=self.l10n_vn_einvoice_contract_date or None
            if letter == model.NOTE_AGENT else None,
            transport_contract=self.l10n_vn_einvoice_transport_contract or "",
            issuer_person=self.l10n_vn_einvoice_issuer_person or "",
            carrier=self.l10n_vn_einvoice_carrier or "",
            transport_means=self.l10n_vn_einvoice_transport_means or "",
            receiver_person=self.l10n_vn_einvoice_receiver_person or "",
            dispatch_date=self.l10n_vn_einvoice_dispatch_date or None
            if letter == model.NOTE_INTERNAL else None,
            dispatch_by=self.l10n_vn_einvoice_dispatch_by or ""
            if letter == model.NOTE_INTERNAL else "",
            dispatch_purpose=self.l10n_vn_einvoice_dispatch_purpose or ""
            if letter == model.NOTE_INTERNAL else "",
            from_warehouse=source.name or "", to_warehouse=to_warehouse)
        lines = self._l10n_vn_einvoice_note_lines()
        return model.Invoice(
            form=model.DELIVERY_FORM, symbol=symbol, number=number, issue_date=issue_date,
            seller=seller, buyer=buyer, lines=lines,
            totals=delivery_note.make_totals(lines), title=model.NOTE_TITLES[letter],
            payment_method="", provider_tax_code=provider_tax_code(company),
            kind=model.KIND_UNCODED if symbol.startswith("K") else model.KIND_CODED,
            delivery=note)

    # ------------------------------------------------------------------ issue
    def _l10n_vn_einvoice_issue_note(self):
        """Number, build, validate, sign, store and queue this transfer's delivery note."""
        self.ensure_one()
        issue_date = self._l10n_vn_einvoice_issue_date()
        symbol, number = self._l10n_vn_einvoice_note_number(
            self._l10n_vn_einvoice_letter(), issue_date)
        try:
            note = self._l10n_vn_einvoice_note_data(symbol, number, issue_date)
        except StandardError as error:
            raise UserError(self._l10n_vn_einvoice_refusal(error.message, error.message_vi)) \
                from None
        doc = self._l10n_vn_einvoice_emit_note(note)
        as_server(self).write({"l10n_vn_einvoice_document_id": doc.id})
        return doc

    def _l10n_vn_einvoice_note_number(self, letter, issue_date):
        """(symbol, number) of the next note of ``letter`` (N or B) issued on
        ``issue_date``: the company's symbol checked, then the gap-free number taken."""
        company = self.company_id
        symbol = company._l10n_vn_einvoice_note_symbol(letter, issue_date)
        kind = model.KIND_UNCODED if symbol.startswith("K") else model.KIND_CODED
        try:
            delivery_note.check_symbol(symbol, issue_date, kind)
            codes.validate_tax_id(company.vat or "", field="NBan/MST")
        except StandardError as error:
            raise UserError(self._l10n_vn_einvoice_refusal(error.message, error.message_vi)) \
                from None
        return symbol, self.env["l10n_vn_einvoice.sequence"]._next_number(
            company, model.DELIVERY_FORM, symbol, issue_date.year)

    def _l10n_vn_einvoice_emit_note(self, note, vals=None):
        """Validate, store, sign, chain and queue the form-6 ``note`` (numbered by the
        caller) as a document of this transfer: the one door of a note and of its
        corrections."""
        self.ensure_one()
        company = self.company_id
        try:
            root, problems = issue_xml.build_and_validate(note)
        except StandardError as error:
            problems = [validate.Problem(error.field, error.message, error.message_vi,
                                         error.rule)]
        if problems:
            raise UserError(self.env._("Transfer %(picking)s: %(problems)s",
                                       picking=self.name,
                                       problems=problems_message(self.env, problems)))
        doc = self.env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create({
            "company_id": company.id, "l10n_vn_einvoice_picking_id": self.id,
            "kind": note.kind, "form": model.DELIVERY_FORM, "symbol": note.symbol,
            "number": note.number, "issue_date": note.issue_date,
            "provider": company.l10n_vn_einvoice_provider,
            "currency_id": self.env.ref("base.VND").id,
            "amount_untaxed": note.totals.total, "amount_tax": 0,
            "amount_total": note.totals.total, "buyer_name": note.buyer.name,
            "buyer_tax_code": note.buyer.tax_code, "buyer_address": note.buyer.address,
            **(vals or {}),
        })
        xml, signed = doc._l10n_vn_einvoice_sign(root)
        doc._l10n_vn_einvoice_store_xml(xml, signed, note)
        doc._l10n_vn_einvoice_enqueue("issue")
        return doc

    def _l10n_vn_einvoice_refusal(self, message, message_vi):
        return self.env._("Transfer %(picking)s: %(en)s\nPhiếu chuyển kho %(picking)s: %(vi)s",
                          picking=self.name, en=message, vi=message_vi)
