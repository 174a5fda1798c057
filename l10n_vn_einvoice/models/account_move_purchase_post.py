"""A bill whose supplier e-invoice failed its checks is not posted in one click.

The checks made at import (:mod:`..standard.purchase_checks`) may say the file cannot be
trusted: addressed to another taxpayer, a signature that does not verify, figures that
do not add up — or the supplier has since replaced that invoice.  Posting such a bill
makes its input VAT claimable, so *Confirm* asks first: ``action_post`` opens the
question (:class:`..wizard.purchase_post_wizard`) with the reasons in words, and the
accountant either goes back or confirms anyway with a reason, kept with their name in
the chatter.  Warnings do not stop it.

Every path to ``_post`` is guarded, not only the button: a bill with such errors posts
only when the context carries :data:`POST_ANYWAY`, a Python object that no JSON-RPC call
can put in a context; the wizard, which requires the reason and writes it, is the only
code that sets it.
"""

from odoo import models
from odoo.exceptions import UserError

from ..standard import purchase_checks

POST_ANYWAY = object()  # the wizard's confirmation (see the module docstring)
POST_ANYWAY_KEY = "l10n_vn_einvoice_post_anyway"


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_post_problems(self):
        """The reasons, in words, not to post this bill as it is (errors only)."""
        self.ensure_one()
        if not self.l10n_vn_einvoice_in_key or not self.is_purchase_document():
            return []
        problems = [self._l10n_vn_einvoice_text(check["message"], check.get("message_vi"))
                    for check in self.l10n_vn_einvoice_in_checks or []
                    if check.get("severity") == purchase_checks.ERROR]
        replacement = self.sudo().search([
            ("company_id", "=", self.company_id.id),
            ("l10n_vn_einvoice_in_corrected_move_id", "=", self.id),
            ("l10n_vn_einvoice_in_correction", "=", "replacement"),
            ("state", "!=", "cancel")], limit=1)
        if replacement:
            problems.append(self._l10n_vn_einvoice_text(
                f"the supplier has replaced this invoice: its replacement is booked as "
                f"{replacement.display_name}; post the replacement, not this one",
                f"người bán đã thay thế hóa đơn này: hóa đơn thay thế đã ghi sổ là "
                f"{replacement.display_name}; hãy ghi sổ hóa đơn thay thế, không ghi sổ "
                f"hóa đơn này"))
        return problems

    def _l10n_vn_einvoice_to_ask(self):
        return self.filtered(lambda move: move.state == "draft"
                             and move._l10n_vn_einvoice_post_problems())

    def action_post(self):
        # EXTEND 'account': a bill whose e-invoice failed its checks asks first.
        if self.env.context.get(POST_ANYWAY_KEY) is not POST_ANYWAY:
            to_ask = self._l10n_vn_einvoice_to_ask()
            if to_ask:
                # the others of a multi-selection post; the question is about these
                if self - to_ask:
                    super(AccountMove, self - to_ask).action_post()
                return self.env["l10n_vn_einvoice.bill_post_wizard"]._l10n_vn_einvoice_ask(
                    to_ask)
        return super().action_post()

    def _post(self, soft=True):
        # EXTEND 'account': no path posts such a bill without the wizard's confirmation.
        if self.env.context.get(POST_ANYWAY_KEY) is not POST_ANYWAY:
            to_ask = self._l10n_vn_einvoice_to_ask()
            if to_ask:
                raise UserError(self.env._(
                    "%(bills)s: the supplier's e-invoice failed its checks. Use Confirm on "
                    "the bill to see why and confirm anyway with a reason.\n%(bills)s: hóa "
                    "đơn điện tử của người bán không đạt kiểm tra. Hãy bấm Xác nhận trên hóa "
                    "đơn để xem lý do và xác nhận với lý do của mình.",
                    bills=", ".join(to_ask.mapped("display_name"))))
        return super()._post(soft)
