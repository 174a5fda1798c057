"""The question *Confirm* asks of a bill whose supplier e-invoice failed its checks."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.account_move_purchase_post import POST_ANYWAY, POST_ANYWAY_KEY


class L10nVnEinvoiceBillPostWizard(models.TransientModel):
    _name = "l10n_vn_einvoice.bill_post_wizard"
    _description = "Confirm a bill whose e-invoice failed its checks"

    move_ids = fields.Many2many("account.move", string="Bills", required=True,
                                readonly=True)
    problems = fields.Html(string="Why", compute="_compute_problems", sanitize=False)
    reason = fields.Text(string="Why confirm anyway", required=True)

    @api.model
    def _l10n_vn_einvoice_ask(self, moves):
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "view_mode": "form",
            "views": [(False, "form")], "target": "new",
            "name": self.env._("The e-invoice failed its checks"),
            "context": {"default_move_ids": [fields.Command.set(moves.ids)]},
        }

    @api.depends("move_ids")
    @api.depends_context("lang")
    def _compute_problems(self):
        for wizard in self:
            items = Markup()
            for move in wizard.move_ids:
                reasons = Markup().join(Markup("<li>%s</li>") % text
                                        for text in move._l10n_vn_einvoice_post_problems())
                items += Markup("<li><strong>%s</strong><ul>%s</ul></li>") % (
                    move.display_name, reasons)
            wizard.problems = Markup('<ul class="o_l10n_vn_einvoice_post_problems">%s</ul>'
                                     ) % items

    def action_confirm_anyway(self):
        """Post with the reason kept, by whom, in each bill's chatter."""
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._(
                "Say why the bill is confirmed although its e-invoice failed its checks.\n"
                "Hãy ghi lý do xác nhận hóa đơn dù hóa đơn điện tử không đạt kiểm tra."))
        moves = self.move_ids
        moves.check_access("write")
        for move in moves:
            problems = move._l10n_vn_einvoice_post_problems()
            move.message_post(body=Markup(
                "<p style='white-space: pre-wrap;'>%s</p><ul>%s</ul>") % (
                self.env._(
                    "Confirmed by %(user)s although the e-invoice failed its checks. Reason: "
                    "%(reason)s\nĐược %(user)s xác nhận dù hóa đơn điện tử không đạt kiểm "
                    "tra. Lý do: %(reason)s", user=self.env.user.name, reason=reason),
                Markup().join(Markup("<li>%s</li>") % text for text in problems)))
        moves.with_context(**{POST_ANYWAY_KEY: POST_ANYWAY}).action_post()
        return {"type": "ir.actions.act_window_close"}
