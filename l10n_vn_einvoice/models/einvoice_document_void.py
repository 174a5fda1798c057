"""Voiding an e-invoice that never left the company (BR-12).

Cancellation of transmitted invoices no longer exists (Decree 70/2025); what remains is
the seller's own mistake caught before transmission.  Within 24 h of issue, an invoice
whose XML was never handed to a provider may be voided: the document is kept with its
number (gap-free numbering: the number stays used, the chatter says why) and its queued
transmission is cancelled.  After that, only a notice, an adjustment or a replacement."""

import datetime

from psycopg2 import errors as pg_errors

from odoo import fields, models
from odoo.exceptions import UserError

VOID_DELAY = datetime.timedelta(hours=24)
VOIDABLE_STATES = ("draft", "ready")


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    void_reason = fields.Text(readonly=True, copy=False)
    voided_at = fields.Datetime(readonly=True, copy=False)

    def _l10n_vn_einvoice_void_refusal(self):
        """Why this document cannot be voided now, or an empty string."""
        self.ensure_one()
        transmitted = self.exchange_ids.filtered(lambda e: e.operation in ("issue", "lookup"))
        if self.state not in VOIDABLE_STATES or transmitted or self.outbox_ids.filtered(
                lambda r: r.state in ("sending", "done")):
            return self.env._(
                "E-invoice %(name)s has been transmitted to the provider: it can no "
                "longer be voided. Send a notice, an adjustment or a replacement.\nHóa "
                "đơn %(name)s đã được truyền đến nhà cung cấp: không thể hủy; hãy gửi "
                "thông báo, điều chỉnh hoặc thay thế.", name=self.name)
        if fields.Datetime.now() > self.create_date + VOID_DELAY:
            return self.env._(
                "E-invoice %(name)s was issued more than 24 hours ago: it can no longer "
                "be voided. Send a notice, an adjustment or a replacement.\nHóa đơn "
                "%(name)s đã lập quá 24 giờ: không thể hủy; hãy gửi thông báo, điều "
                "chỉnh hoặc thay thế.", name=self.name)
        return ""

    def _l10n_vn_einvoice_void(self, reason):
        """Void before transmission; the worker's rows are locked first so that a row being
        sent right now makes this fail instead of racing it."""
        for doc in self:
            refusal = doc._l10n_vn_einvoice_void_refusal()
            if refusal:
                raise UserError(refusal)
            rows = doc.outbox_ids
            if rows:
                try:
                    with self.env.cr.savepoint(flush=False):
                        self.env.cr.execute(
                            "SELECT id FROM l10n_vn_einvoice_outbox WHERE id = ANY(%s) "
                            "FOR UPDATE NOWAIT", [rows.ids])
                except pg_errors.LockNotAvailable:
                    raise UserError(self.env._(
                        "E-invoice %(name)s is being transmitted right now: it cannot be "
                        "voided.\nHóa đơn %(name)s đang được truyền: không thể hủy.",
                        name=doc.name)) from None
                rows.invalidate_recordset(["state"])
                if rows.filtered(lambda r: r.state in ("sending", "done")):
                    raise UserError(doc._l10n_vn_einvoice_void_refusal())
                rows.sudo().write({"state": "cancelled", "lease_until": False})
            doc._l10n_vn_einvoice_set_outcome({
                "state": "voided", "void_reason": reason, "voided_at": fields.Datetime.now()})
            doc.message_post(body=self.env._(
                "E-invoice voided before transmission: %(reason)s. Number %(number)s of "
                "symbol %(symbol)s stays used and is not reissued.\nHóa đơn đã hủy trước khi "
                "truyền: %(reason)s. Số %(number)s ký hiệu %(symbol)s vẫn được giữ, không "
                "cấp lại.", reason=reason, number=doc.number, symbol=doc.symbol))
