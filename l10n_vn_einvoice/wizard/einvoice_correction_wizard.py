"""Adjust or replace issued e-invoices (NĐ 70/2025; from 2026-07-01 NĐ 254/2026 and TT
91/2026 Đ10).

The wizard checks what the law of the correction date allows, collects what it demands
(agreement with a business buyer, cause code, 01/BK-ĐCTT list for several invoices) and
prepares the correcting move as a draft: for an adjustment, the differences the user
states per line (a credit note when the total decreases, an invoice when it increases);
for a replacement, the replacing invoice with the original lines to edit.  Posting that
draft issues the e-invoice; the checks run again then, because the draft can wait."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.einvoice_correction_list import CAUSE_SELECTION
from ..models.server_owned import server_context
from ..standard import regimes

METHODS = {"adjustment": regimes.ADJUST, "replacement": regimes.REPLACE}


class L10nVnEinvoiceCorrectionWizard(models.TransientModel):
    _name = "l10n_vn_einvoice.correction.wizard"
    _description = "Adjust or replace e-invoices"

    document_ids = fields.Many2many(
        "l10n_vn_einvoice.document", "l10n_vn_einvoice_correction_wizard_doc_rel",
        "wizard_id", "document_id", required=True, readonly=True,
        default=lambda self: self.env.context.get("active_ids"))
    method = fields.Selection(
        [("adjustment", "Adjustment"), ("replacement", "Replacement")], required=True,
        compute="_compute_method", store=True, readonly=False, precompute=True)
    line_ids = fields.One2many(
        "l10n_vn_einvoice.correction.wizard.line", "wizard_id", string="Adjusted lines",
        compute="_compute_line_ids", store=True, readonly=False, precompute=True)
    direction = fields.Selection(
        [("decrease", "Decrease (credit note)"), ("increase", "Increase (additional invoice)")],
        compute="_compute_direction")
    currency_id = fields.Many2one(related="document_ids.currency_id")
    amount_change = fields.Monetary(compute="_compute_direction",
                                    string="Change before VAT")
    date = fields.Date(string="Correction date", required=True,
                       default=fields.Date.context_today)
    allowed_method_keys = fields.Char(compute="_compute_rules")
    allowed_methods = fields.Char(compute="_compute_rules", string="Allowed methods")
    agreement_required = fields.Boolean(compute="_compute_rules")
    cause_required = fields.Boolean(compute="_compute_rules")
    several = fields.Boolean(compute="_compute_rules")
    agreement_name = fields.Char(string="Agreement document")
    agreement_date = fields.Date()
    cause_code = fields.Selection(CAUSE_SELECTION)
    list_number = fields.Char(string="01/BK-ĐCTT list number", size=50)
    list_date = fields.Date(string="01/BK-ĐCTT list date", default=fields.Date.context_today)

    @api.depends("document_ids", "date")
    def _compute_rules(self):
        for wizard in self:
            docs, day = wizard.document_ids, wizard.date or fields.Date.context_today(wizard)
            methods = set(METHODS.values())
            for doc in docs:
                methods &= set(regimes.correction_methods(day, doc.kind))
            keys = [m for m in METHODS if METHODS[m] in methods]
            labels = dict(self._fields["method"]._description_selection(self.env))
            wizard.allowed_method_keys = ",".join(keys)
            wizard.allowed_methods = ", ".join(labels[key] for key in keys)
            wizard.agreement_required = any(
                d._l10n_vn_einvoice_agreement_required(day) for d in docs)
            wizard.cause_required = bool(regimes.cause_codes(day))
            wizard.several = len(docs) > 1

    @api.depends("document_ids")
    def _compute_line_ids(self):
        """One line per invoiced product line, the right values first equal to the
        invoiced ones: the user changes what was wrong."""
        for wizard in self:
            moves = wizard.document_ids.move_id.sorted("id")
            wizard.line_ids = [Command.clear()] + [Command.create({
                "move_line_id": line.id, "new_quantity": line.quantity,
                "new_price_unit": line.price_unit,
            }) for move in moves for line in move.invoice_line_ids.filtered(
                lambda ln: ln.display_type == "product")]

    @api.depends("line_ids.difference")
    def _compute_direction(self):
        for wizard in self:
            wizard.amount_change = sum(wizard.line_ids.mapped("difference"))
            wizard.direction = "decrease" if wizard.amount_change < 0 else "increase"

    @api.depends("document_ids", "date")
    def _compute_method(self):
        for wizard in self:
            allowed = (wizard.allowed_method_keys or "").split(",")
            if wizard.method not in allowed:
                wizard.method = allowed[0] if allowed[0] else "replacement"

    # ------------------------------------------------------------------ checks
    def _check(self):
        docs = self.document_ids
        if not docs.move_id or len(docs.move_id) != len(docs):
            raise UserError(self.env._(
                "Only e-invoices of accounting invoices are corrected here.\nChỉ điều chỉnh, "
                "thay thế tại đây các hóa đơn điện tử lập từ hóa đơn kế toán."))
        docs._l10n_vn_einvoice_check_correction(METHODS[self.method], self.date)
        if self.agreement_required and not (self.agreement_name and self.agreement_date):
            raise UserError(self.env._(
                "The buyer is a business: give the agreement document (name and date) in "
                "which both parties state the error.\nNgười mua là tổ chức, doanh nghiệp: cần "
                "tên và ngày của văn bản thỏa thuận ghi rõ sai sót."))
        if self.cause_required and not self.cause_code:
            raise UserError(self.env._(
                "From 1 July 2026 a correction needs its cause code (Phụ lục XVII).\nTừ ngày "
                "01/07/2026 hóa đơn điều chỉnh, thay thế phải có mã lý do (Phụ lục XVII)."))

    # ------------------------------------------------------------------ the draft
    def _adjustment_commands(self):
        """The differences the user stated, as lines of the adjusting move."""
        changed = self.line_ids.filtered("difference")
        if not changed:
            raise UserError(self.env._(
                "Nothing to adjust: enter the right quantity or unit price of the lines "
                "that were wrong, or the change of their amount.\nChưa có gì để điều chỉnh: "
                "hãy nhập số lượng hoặc đơn giá đúng của các dòng sai, hoặc số tiền thay "
                "đổi."))
        sign = -1 if self.direction == "decrease" else 1
        commands = []
        for line in changed:
            original = line.move_line_id
            quantity, price, discount = line._adjustment_values(sign)
            commands.append(Command.create({
                "product_id": original.product_id.id, "name": original.name,
                "quantity": quantity, "price_unit": price, "discount": discount,
                "product_uom_id": original.product_uom_id.id,
                "account_id": original.account_id.id,
                "tax_ids": [Command.set(original.tax_ids.ids)],
            }))
        return commands

    def _line_commands(self, moves):
        return [Command.create({
            "product_id": line.product_id.id, "name": line.name, "quantity": line.quantity,
            "price_unit": line.price_unit, "discount": line.discount,
            "product_uom_id": line.product_uom_id.id, "account_id": line.account_id.id,
            "tax_ids": [Command.set(line.tax_ids.ids)],
        }) for move in moves.sorted("id") for line in move.invoice_line_ids.filtered(
            lambda ln: ln.display_type == "product")]

    def _move_vals(self):
        moves = self.document_ids.move_id.sorted("id")
        first = moves[0]
        adjustment = self.method == "adjustment"
        decrease = adjustment and self.direction == "decrease"
        vals = {
            "move_type": "out_refund" if decrease else "out_invoice",
            "partner_id": first.partner_id.id, "journal_id": first.journal_id.id,
            "currency_id": first.currency_id.id, "invoice_date": self.date,
            "fiscal_position_id": first.fiscal_position_id.id,
            "invoice_line_ids": self._adjustment_commands() if adjustment
            else self._line_commands(moves),
            "l10n_vn_einvoice_correction_method": self.method,
            "l10n_vn_einvoice_correction_origin_ids": [Command.set(self.document_ids.ids)],
            "l10n_vn_einvoice_correction_prepared_by_id": self.env.uid,
            "l10n_vn_einvoice_agreement_name": self.agreement_name,
            "l10n_vn_einvoice_agreement_date": self.agreement_date,
            "l10n_vn_einvoice_cause_code": self.cause_code,
        }
        if decrease:
            vals["reversed_entry_id"] = first.id
        if len(moves) > 1:
            vals.update(l10n_vn_einvoice_list_number=self.list_number,
                        l10n_vn_einvoice_list_date=self.list_date)
        return vals

    def action_prepare(self):
        """Create the correcting draft move and open it."""
        self.ensure_one()
        self._check()
        # The correction's method and origins are the server's (models/server_owned.py):
        # this wizard, a manager's, is where they are decided.
        move = server_context(self.env["account.move"]).create(self._move_vals())
        if len(self.document_ids) > 1:
            move._l10n_vn_einvoice_check_list(self.document_ids)
        for original in self.document_ids.move_id:
            original.message_post(body=self.env._(
                "%(method)s prepared: %(move)s\nĐã lập hóa đơn %(method_vi)s: %(move)s",
                method=dict(self._fields["method"].selection)[self.method],
                method_vi="điều chỉnh" if self.method == "adjustment" else "thay thế",
                move=move._get_html_link()))
        return {"type": "ir.actions.act_window", "res_model": "account.move",
                "view_mode": "form", "res_id": move.id, "target": "current"}
