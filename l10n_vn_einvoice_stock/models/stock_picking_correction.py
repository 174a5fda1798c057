"""stock.picking and the corrections of its delivery note: the button that opens the
correction wizard, the transfer following a replacement, and the transfer that did not
take place.

A done transfer cannot be cancelled in Odoo (``stock.move._action_cancel`` refuses done
moves: "Create a return"), so a cancelled transfer is what Odoo makes of it: a **return**.
A return whose goods travel back between two warehouses is a transport of its own and
issues its own note.  A return ticked *Transfer cancelled* (the goods never left, or came
back without a transport needing papers) issues none: validating it adjusts the
transfer's note down by the returned quantities — all of them for a full return, which
leaves the note at zero.  The note is never deleted (Decree 70: no cancellation)."""

from odoo import api, fields, models
from odoo.addons.l10n_vn_einvoice.models.einvoice_document_corrections import (
    CORRECTABLE_STATES,
)
from odoo.addons.l10n_vn_einvoice.models.server_owned import as_server
from odoo.addons.l10n_vn_einvoice.standard import regimes
from odoo.exceptions import UserError

from .einvoice_document_note_correction import HEADER_FIELDS, RETURN_CAUSE, dec


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_cancels_note = fields.Boolean(
        string="Transfer cancelled: adjust its note", copy=False,
        help="On the return of a transfer whose delivery note was issued: the transfer is "
             "cancelled (the goods did not travel), so this return issues no note of its "
             "own; validating it adjusts the original note down by the returned "
             "quantities (to zero for a full return). Leave it unticked when the goods "
             "travel back between warehouses: the return then has its own note.")
    l10n_vn_einvoice_return_of_note = fields.Boolean(
        compute="_compute_l10n_vn_einvoice_return_of_note",
        help="A return of a transfer that has an issued delivery note (for the view).")

    @api.depends("return_id.l10n_vn_einvoice_document_id")
    def _compute_l10n_vn_einvoice_return_of_note(self):
        for picking in self:
            picking.l10n_vn_einvoice_return_of_note = bool(
                picking.return_id.l10n_vn_einvoice_document_id)

    @api.depends("location_id", "location_dest_id", "picking_type_id",
                 "picking_type_id.l10n_vn_einvoice_agent_consignment",
                 "l10n_vn_einvoice_cancels_note", "return_id")
    def _compute_l10n_vn_einvoice_note_kind(self):
        # EXTEND 'l10n_vn_einvoice_stock': a return that cancels a note makes no note.
        cancelling = self.filtered(lambda p: p.l10n_vn_einvoice_cancels_note and p.return_id)
        cancelling.l10n_vn_einvoice_note_kind = False
        return super(StockPicking, self - cancelling)._compute_l10n_vn_einvoice_note_kind()

    # ------------------------------------------------------------------ replacement
    def _l10n_vn_einvoice_follow_replacement(self, doc, header):
        """The transfer points at the replacing note and states what it states."""
        self.ensure_one()
        vals = {"l10n_vn_einvoice_document_id": doc.id}
        vals.update({f"l10n_vn_einvoice_{name}": value or False
                     for name, value in header.items() if name in HEADER_FIELDS})
        as_server(self).write(vals)

    # ------------------------------------------------------------------ cancelled transfer
    def _l10n_vn_einvoice_cancelled_note(self):
        """The note this return cancels (the original transfer's current note)."""
        self.ensure_one()
        if not (self.l10n_vn_einvoice_cancels_note and self.return_id):
            return self.env["l10n_vn_einvoice.document"]
        note = self.return_id.sudo().l10n_vn_einvoice_document_id
        if not note:
            raise UserError(self.env._(
                "Return %(picking)s says its transfer %(origin)s is cancelled, but %(origin)s "
                "has no delivery note to adjust: untick \"Transfer cancelled\".\nPhiếu trả "
                "hàng %(picking)s ghi hủy điều chuyển %(origin)s nhưng %(origin)s không có "
                "phiếu xuất kho điện tử để điều chỉnh.", picking=self.name,
                origin=self.return_id.name))
        return note

    def _l10n_vn_einvoice_check_cancel(self):
        """Before the return is validated (nothing written yet): the caller may correct
        the note, and the law allows adjusting it today."""
        note = self._l10n_vn_einvoice_cancelled_note()
        if not note:
            return
        note.with_env(self.env)._l10n_vn_einvoice_note_check_caller()
        if note.state not in CORRECTABLE_STATES:
            raise UserError(self.env._(
                "Delivery note %(note)s of %(origin)s is %(state)s: it can be adjusted once "
                "the tax authority has received it (send it first).\nPhiếu xuất kho "
                "%(note)s của %(origin)s chưa được gửi đến cơ quan thuế: hãy gửi trước khi "
                "điều chỉnh.", note=note.name, origin=self.return_id.name, state=note.state))
        note._l10n_vn_einvoice_check_correction(
            regimes.ADJUST, self._l10n_vn_einvoice_issue_date())

    def _l10n_vn_einvoice_returned_changes(self, note):
        """{note line: (quantity left, unit price)} after this return: the note's lines
        are the original transfer's done moves in order."""
        original = note._l10n_vn_einvoice_invoice_data()
        moves = self.return_id.move_ids.filtered(lambda m: m.state == "done" and m.quantity > 0)
        by_move = {move.id: line for move, line in zip(
            moves.sorted(lambda m: (m.sequence, m.id)), original.lines, strict=False)}
        changes = {}
        for move in self.move_ids.filtered(lambda m: m.state == "done"):
            line = by_move.get(move.origin_returned_move_id.id)
            if line is None:
                continue
            returned = move.product_uom._compute_quantity(
                move.quantity, move.origin_returned_move_id.product_uom)
            left, price = changes.get(line.seq, (line.quantity, line.unit_price))
            changes[line.seq] = (max(left - dec(returned), 0), price)
        return changes

    def _l10n_vn_einvoice_adjust_cancelled(self):
        """After validation: the note of the cancelled transfer, adjusted down."""
        note = self._l10n_vn_einvoice_cancelled_note()
        if not note:
            return None
        changes = self._l10n_vn_einvoice_returned_changes(note)
        return note.with_env(self.env)._l10n_vn_einvoice_note_correct(
            "adjustment", changes,
            cause_code=RETURN_CAUSE if regimes.cause_codes(
                self._l10n_vn_einvoice_issue_date()) else "",
            agreement_name=self.name, agreement_date=self._l10n_vn_einvoice_issue_date())

    def _action_done(self):
        # EXTEND 'l10n_vn_einvoice_stock': a return cancelling a transfer adjusts the
        # transfer's note in the same transaction (checked before anything is written).
        cancelling = self.filtered("l10n_vn_einvoice_cancels_note")
        for picking in cancelling:
            picking._l10n_vn_einvoice_check_cancel()
        done = super()._action_done()
        for picking in cancelling.filtered(lambda p: p.state == "done"):
            picking._l10n_vn_einvoice_adjust_cancelled()
        return done

    # ------------------------------------------------------------------ buttons
    def action_l10n_vn_einvoice_correct_note(self):
        """Adjust or replace this transfer's delivery note (its current one)."""
        self.ensure_one()
        return self.l10n_vn_einvoice_document_id.action_l10n_vn_einvoice_correct()
