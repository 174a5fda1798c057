from odoo import api, fields, models
from odoo.exceptions import UserError

from ..standard import codes, issue_xml, model, validate
from ..standard.errors import StandardError
from .einvoice_problem_words import ProblemWords

ACTIVE_STATES = ("ready", "sent", "accepted", "error", "adjusted", "notified")


def problems_message(env, problems):
    """A UserError text listing validation problems with their XPath, EN then VI."""
    lines = [f"- {p.xpath}: {p.message}" for p in problems[:20]]
    lines_vi = [f"- {p.xpath}: {p.message_vi}" for p in problems[:20]]
    return env._("The e-invoice is not valid:\n%(en)s\nHóa đơn điện tử không hợp lệ:\n%(vi)s",
                 en="\n".join(lines), vi="\n".join(lines_vi))


def error_problem(error):
    """A StandardError raised while building, as a validation Problem."""
    return validate.Problem(error.field, error.message, error.message_vi, error.rule)


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_document_ids = fields.One2many(
        "l10n_vn_einvoice.document", "move_id", string="E-invoices", readonly=True)
    l10n_vn_einvoice_document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="E-invoice", store=True, index="btree_not_null",
        compute="_compute_l10n_vn_einvoice_document_id")
    l10n_vn_einvoice_state = fields.Selection(
        related="l10n_vn_einvoice_document_id.state", string="E-invoice status")
    l10n_vn_einvoice_tax_authority_code = fields.Char(
        related="l10n_vn_einvoice_document_id.tax_authority_code")
    l10n_vn_einvoice_lookup_code = fields.Char(related="l10n_vn_einvoice_document_id.lookup_code")

    @api.depends("l10n_vn_einvoice_document_ids")
    def _compute_l10n_vn_einvoice_document_id(self):
        for move in self:
            move.l10n_vn_einvoice_document_id = move.l10n_vn_einvoice_document_ids.sorted("id")[-1:]

    def _l10n_vn_einvoice_applies(self):
        """Vietnamese customer invoices and credit notes become e-invoices on posting."""
        self.ensure_one()
        return (self.move_type in ("out_invoice", "out_refund")
                and self.company_id.account_fiscal_country_id.code == "VN"
                and not self._l10n_vn_einvoice_pos_invoiced()
                # a rejected or voided e-invoice keeps its number; re-posting the
                # corrected invoice issues a new one
                and not self.l10n_vn_einvoice_document_ids.filtered(
                    lambda d: d.state not in ("draft", "rejected", "voided")))

    def _l10n_vn_einvoice_pos_invoiced(self):
        """Whether this move is Odoo's invoice of sales already e-invoiced elsewhere (the
        cash registers of ``l10n_vn_einvoice_pos``, which overrides this): the move then
        never becomes a second e-invoice (the revenue would be declared twice)."""
        return False

    def _l10n_vn_einvoice_pos_invoiced_by(self):
        """Posting of a move :meth:`_l10n_vn_einvoice_pos_invoiced` says is e-invoiced
        elsewhere: the bridge replaces the cash-register invoices for the buyer."""
        return

    def _post(self, soft=True):
        # EXTEND 'account': the e-invoice is numbered, built, validated and signed in the
        # posting transaction; transmission is queued (committed with it) for the worker.
        posted = super()._post(soft=soft)
        for move in posted:
            if move._l10n_vn_einvoice_pos_invoiced():
                move._l10n_vn_einvoice_pos_invoiced_by()
            elif move._l10n_vn_einvoice_applies():
                move._l10n_vn_einvoice_issue()
        return posted

    def _need_cancel_request(self):
        # EXTEND 'account': an issued e-invoice is corrected, never reset to draft.
        return super()._need_cancel_request() or bool(
            self.l10n_vn_einvoice_document_ids.filtered(lambda d: d.state in ACTIVE_STATES))

    def button_draft(self):
        # EXTEND 'account'
        issued = self.filtered(lambda m: m.l10n_vn_einvoice_document_ids.filtered(
            lambda d: d.state not in ("draft", "rejected", "voided"))
            or m._l10n_vn_einvoice_pos_invoiced())
        if issued:
            raise UserError(self.env._(
                "%(move)s has an issued e-invoice: it cannot be reset to draft. Use an "
                "adjustment or a replacement.\n%(move)s đã có hóa đơn điện tử: không thể đưa "
                "về nháp; hãy điều chỉnh hoặc thay thế.", move=issued[0].display_name))
        return super().button_draft()

    # ------------------------------------------------------------------ issuing
    def _l10n_vn_einvoice_correction(self):
        """(original document, RelatedInvoice, correction type) for credit/debit notes."""
        origin = self.reversed_entry_id if self.move_type == "out_refund" else \
            self["debit_origin_id"] if "debit_origin_id" in self._fields else self.browse()
        if not origin:
            if self.move_type == "out_refund":
                raise UserError(self.env._(
                    "Credit note %(move)s does not say which invoice it adjusts. Create it "
                    "with 'Credit Note' from the original invoice.\nHóa đơn điều chỉnh "
                    "%(move)s chưa gắn với hóa đơn gốc.", move=self.display_name))
            return None, None, False
        original = origin.l10n_vn_einvoice_document_ids.filtered(
            lambda d: d.state in ACTIVE_STATES)[:1]
        if not original:
            raise UserError(self.env._(
                "The original invoice %(move)s has no issued e-invoice to adjust.\nHóa đơn "
                "gốc %(move)s chưa có hóa đơn điện tử để điều chỉnh.", move=origin.display_name))
        return original, original._l10n_vn_einvoice_related(model.ADJUSTMENT), "adjustment"

    def _l10n_vn_einvoice_issue(self, replaced=None):
        """Create the e-invoice document of this posted move (once)."""
        self.ensure_one()
        company = self.company_id
        issue_date = self.invoice_date or fields.Date.context_today(self)
        form = company.l10n_vn_einvoice_form or "1"
        symbol = company._l10n_vn_einvoice_symbol_for("coded", issue_date)
        kind = model.KIND_UNCODED if symbol.startswith("K") else model.KIND_CODED
        try:
            codes.validate_form(form, issue_date)
            codes.validate_symbol(symbol, issue_date, kind=kind)
            codes.validate_tax_id(company.vat or "", field="NBan/MST")
        except StandardError as error:
            raise self._l10n_vn_einvoice_words().error([error_problem(error)]) from None
        if replaced:
            original, related, correction = (
                replaced, replaced._l10n_vn_einvoice_related(model.REPLACEMENT), "replacement")
        else:
            original, related, correction = self._l10n_vn_einvoice_correction()
        number = self.env["l10n_vn_einvoice.sequence"]._next_number(
            company, form, symbol, issue_date.year)
        try:
            invoice = self._l10n_vn_einvoice_invoice_data(form, symbol, number, related)
            root, problems = issue_xml.build_and_validate(invoice)
        except StandardError as error:
            raise self._l10n_vn_einvoice_words().error([error_problem(error)]) from None
        if problems:
            raise self._l10n_vn_einvoice_words().error(problems)
        doc = self.env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create({
            "company_id": company.id, "move_id": self.id, "kind": kind, "form": form,
            "symbol": symbol, "number": number, "issue_date": issue_date,
            "provider": company.l10n_vn_einvoice_provider,
            "currency_id": self.currency_id.id,
            "amount_untaxed": invoice.totals.amount_untaxed,
            "amount_tax": invoice.totals.vat, "amount_total": invoice.totals.total,
            "vat_reduction": invoice.totals.other_deduction or 0,
            "buyer_name": invoice.buyer.name, "buyer_tax_code": invoice.buyer.tax_code,
            "buyer_personal_id": invoice.buyer.personal_id,
            "buyer_address": invoice.buyer.address, "buyer_email": invoice.buyer.email,
            "buyer_phone": invoice.buyer.phone,
            "correction_type": correction, "corrected_document_id": original.id if original
            else False,
        })
        xml, signed = doc._l10n_vn_einvoice_sign(root)
        doc._l10n_vn_einvoice_store_xml(xml, signed, invoice)
        doc._l10n_vn_einvoice_enqueue("issue")
        if original:
            original._l10n_vn_einvoice_set_outcome(
                {"state": "replaced" if correction == "replacement" else "adjusted"})
        return doc

    def _l10n_vn_einvoice_words(self):
        """Problems of this move's e-invoice in words (XML lines are the product and note
        lines, in order)."""
        lines = self.invoice_line_ids.filtered(
            lambda ln: ln.display_type in ("product", "line_note"))
        return ProblemWords(self.env, self, self.company_id,
                            buyer=self.partner_id.commercial_partner_id,
                            lines=[line.product_id for line in lines])

    def action_l10n_vn_einvoice_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "l10n_vn_einvoice.document",
            "views": [(False, "form")], "res_id": self.l10n_vn_einvoice_document_id.id,
        }
