"""account.move as a correcting invoice: the data the correction wizard leaves on the new
move (agreement, cause code, the invoices corrected, the 01/BK-ĐCTT list) and what
posting it does with them.  The e-invoice is issued at posting, as any other, so the
accountant can still edit the draft the wizard prepared."""

from dataclasses import replace

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..standard import model, regimes
from .einvoice_correction_list import CAUSE_SELECTION, build_correction_list
from .server_owned import server_context

CAUSE_TAG = "LDDCTThe"  # TTChung/TTKhac field carrying the Phụ lục XVII cause code
GENERIC_CAUSE = "13"  # correction of a wrongly issued invoice
CASH_REGISTER_CAUSE = "14"  # replacement of a wrong cash-register invoice


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_correction_method = fields.Selection(
        [("adjustment", "Adjustment"), ("replacement", "Replacement"),
         ("reversal", "Accounting reversal of a replaced invoice")],
        string="E-invoice correction", copy=False, readonly=True,
        help="Reversal: the credit note only cancels a replaced invoice in the books; the "
             "replacement invoice is the legal document, so no e-invoice is issued for it.")
    l10n_vn_einvoice_correction_origin_ids = fields.Many2many(
        "l10n_vn_einvoice.document", "l10n_vn_einvoice_move_correction_origin_rel",
        "move_id", "document_id", string="Corrected e-invoices", copy=False, readonly=True)
    # Set by the correction wizard (a manager's decision); like the two fields above it is
    # the server's (models/server_owned.py), and posting a correction without it fails.
    l10n_vn_einvoice_correction_prepared_by_id = fields.Many2one(
        "res.users", string="Correction prepared by", copy=False, readonly=True)
    l10n_vn_einvoice_agreement_name = fields.Char(string="Agreement document", copy=False)
    l10n_vn_einvoice_agreement_date = fields.Date(string="Agreement date", copy=False)
    l10n_vn_einvoice_cause_code = fields.Selection(
        CAUSE_SELECTION, string="Correction cause", copy=False,
        help="Phụ lục XVII cause code, required on corrections from 2026-07-01.")
    l10n_vn_einvoice_list_number = fields.Char(
        string="01/BK-ĐCTT list number", size=50, copy=False)
    l10n_vn_einvoice_list_date = fields.Date(string="01/BK-ĐCTT list date", copy=False)
    l10n_vn_einvoice_corrects_several = fields.Boolean(
        string="Corrects several e-invoices",
        compute="_compute_l10n_vn_einvoice_corrects_several")

    @api.depends("l10n_vn_einvoice_correction_origin_ids")
    def _compute_l10n_vn_einvoice_corrects_several(self):
        """For the views: the web client evaluates their expressions without len()."""
        for move in self:
            move.l10n_vn_einvoice_corrects_several = \
                len(move.l10n_vn_einvoice_correction_origin_ids) > 1

    # ------------------------------------------------------------------ hooks
    def _l10n_vn_einvoice_applies(self):
        return not self._l10n_vn_einvoice_is_book_reversal() and \
            super()._l10n_vn_einvoice_applies()

    def _l10n_vn_einvoice_is_book_reversal(self):
        """The credit note that only takes a replaced invoice out of the books: it reverses
        an invoice whose e-invoice was replaced (the replacement is the legal document).
        Anything else marked so is still an e-invoice."""
        self.ensure_one()
        return (self.l10n_vn_einvoice_correction_method == "reversal"
                and self.move_type == "out_refund"
                and "replaced" in self.reversed_entry_id.sudo()
                .l10n_vn_einvoice_document_ids.mapped("state"))

    def _l10n_vn_einvoice_correction(self):
        origins = self.l10n_vn_einvoice_correction_origin_ids.sorted("id")
        if self.l10n_vn_einvoice_correction_method != "adjustment" or not origins:
            return super()._l10n_vn_einvoice_correction()
        return origins[0], origins[0]._l10n_vn_einvoice_related(model.ADJUSTMENT), "adjustment"

    def _l10n_vn_einvoice_targets(self, replaced):
        """(documents this move corrects, regime method) before it is issued."""
        origins = self.l10n_vn_einvoice_correction_origin_ids
        if replaced:
            return origins | replaced, regimes.REPLACE
        original, _related, correction = self._l10n_vn_einvoice_correction()
        if not correction:
            return origins, None
        return origins | original, regimes.ADJUST

    def _l10n_vn_einvoice_cause(self, targets, method):
        if not regimes.cause_codes(self.invoice_date):
            return ""
        if self.l10n_vn_einvoice_cause_code:
            return self.l10n_vn_einvoice_cause_code
        if method == regimes.REPLACE and set(targets.mapped("kind")) == {"cash_register"}:
            return CASH_REGISTER_CAUSE
        return GENERIC_CAUSE

    def _l10n_vn_einvoice_invoice_data(self, form, symbol, number, related=None):
        invoice = super()._l10n_vn_einvoice_invoice_data(form, symbol, number, related)
        if related is None:
            return invoice
        targets = self.l10n_vn_einvoice_correction_origin_ids
        method = regimes.REPLACE if related.nature == model.REPLACEMENT else regimes.ADJUST
        if len(targets) > 1:
            verb = "Thay thế cho" if method == regimes.REPLACE else "Điều chỉnh cho"
            day = self.l10n_vn_einvoice_list_date
            related = replace(
                related, form="", symbol="", number="", date=None,
                list_number=self.l10n_vn_einvoice_list_number, list_date=day,
                note=f"{verb} {len(targets)} hóa đơn theo bảng kê số "
                     f"{self.l10n_vn_einvoice_list_number} ngày {day.day:02d} tháng "
                     f"{day.month:02d} năm {day.year}")
        cause = self._l10n_vn_einvoice_cause(targets or self.browse(), method)
        extra = (model.ExtraField(CAUSE_TAG, cause),) if cause else ()
        return replace(invoice, related=related, general_extra=invoice.general_extra + extra)

    def _l10n_vn_einvoice_issue(self, replaced=None):
        """Check the correction against the law of the day, issue, then record what was
        corrected (and, for a replacement, reverse the replaced invoice in the books)."""
        self.ensure_one()
        self._l10n_vn_einvoice_check_prepared()
        if replaced is None and self.l10n_vn_einvoice_correction_method == "replacement":
            replaced = self.l10n_vn_einvoice_correction_origin_ids.sorted("id")[:1]
        replaced = replaced or None
        targets, method = self._l10n_vn_einvoice_targets(replaced)
        on_date = self.invoice_date or fields.Date.context_today(self)
        if method:
            targets._l10n_vn_einvoice_check_correction(method, on_date)
            if len(targets) > 1:
                self._l10n_vn_einvoice_check_list(targets)
        doc = super()._l10n_vn_einvoice_issue(replaced=replaced)
        if not method:
            return doc
        vals = {
            "corrected_document_ids": [(6, 0, targets.ids)],
            "agreement_name": self.l10n_vn_einvoice_agreement_name or False,
            "agreement_date": self.l10n_vn_einvoice_agreement_date or False,
            "cause_code": self._l10n_vn_einvoice_cause(targets, method) or False,
        }
        if len(targets) > 1:
            vals["correction_list_attachment_id"] = doc._l10n_vn_einvoice_attach(
                build_correction_list(doc, targets, self.l10n_vn_einvoice_list_number,
                                      self.l10n_vn_einvoice_list_date), "01BK-DCTT").id
        doc._l10n_vn_einvoice_set_outcome(vals)
        (targets - doc.corrected_document_id)._l10n_vn_einvoice_set_outcome(
            {"state": "replaced" if method == regimes.REPLACE else "adjusted"})
        if method == regimes.REPLACE:
            self._l10n_vn_einvoice_reverse_replaced(targets)
        return doc

    def _l10n_vn_einvoice_check_prepared(self):
        """A correction of e-invoices is a manager's decision, taken in the correction
        wizard; a move that says it corrects any without it is refused, not issued."""
        if (self.l10n_vn_einvoice_correction_method in ("adjustment", "replacement")
                or self.l10n_vn_einvoice_correction_origin_ids) \
                and not self.l10n_vn_einvoice_correction_prepared_by_id:
            raise UserError(self.env._(
                "%(move)s says it corrects e-invoices but was not prepared by the correction "
                "wizard: create the correction from the original e-invoice (Adjust or "
                "replace).\n%(move)s ghi là điều chỉnh, thay thế hóa đơn điện tử nhưng không "
                "được lập bằng chức năng điều chỉnh, thay thế: hãy lập từ hóa đơn gốc.",
                move=self.display_name))

    def _l10n_vn_einvoice_check_list(self, targets):
        """One invoice for several: same buyer, same month, and a 01/BK-ĐCTT list."""
        if len(set(targets.mapped("buyer_tax_code"))) > 1 or len(
                {(d.issue_date.year, d.issue_date.month) for d in targets}) > 1:
            raise UserError(self.env._(
                "Only invoices of one buyer issued in one month can be corrected by one "
                "invoice.\nChỉ các hóa đơn của cùng một người mua trong cùng một tháng mới "
                "được điều chỉnh, thay thế bằng một hóa đơn."))
        if not (self.l10n_vn_einvoice_list_number and self.l10n_vn_einvoice_list_date):
            raise UserError(self.env._(
                "Correcting several invoices at once needs the number and date of the "
                "01/BK-ĐCTT list.\nĐiều chỉnh, thay thế nhiều hóa đơn cần số và ngày của "
                "bảng kê 01/BK-ĐCTT."))

    def _l10n_vn_einvoice_reverse_replaced(self, targets):
        """The replaced invoices leave the books through credit notes that are not
        e-invoices (the replacement is the legal document)."""
        originals = targets.move_id.filtered(
            lambda m: m.state == "posted" and m.payment_state != "reversed")
        if originals:
            server_context(originals)._reverse_moves([{
                "l10n_vn_einvoice_correction_method": "reversal",
                "date": self.date, "invoice_date": self.invoice_date,
                "ref": self.env._("Replaced by %(move)s", move=self.name),
            } for _move in originals], cancel=True)

    # ------------------------------------------------------------------ buttons
    def _l10n_vn_einvoice_wizard(self, res_model, title):
        self.ensure_one()
        doc = self.l10n_vn_einvoice_document_id
        if not doc:
            raise UserError(self.env._(
                "%(move)s has no e-invoice.\n%(move)s chưa có hóa đơn điện tử.",
                move=self.display_name))
        return doc._l10n_vn_einvoice_open_wizard(res_model, title)

    def action_l10n_vn_einvoice_correct(self):
        return self._l10n_vn_einvoice_wizard("l10n_vn_einvoice.correction.wizard",
                                             self.env._("Adjust or replace the e-invoice"))

    def action_l10n_vn_einvoice_notice(self):
        return self._l10n_vn_einvoice_wizard("l10n_vn_einvoice.notice.wizard",
                                             self.env._("Notify a wrong buyer name or address"))

    def action_l10n_vn_einvoice_void(self):
        return self._l10n_vn_einvoice_wizard("l10n_vn_einvoice.void.wizard",
                                             self.env._("Void the e-invoice"))
