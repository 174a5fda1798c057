import logging

from odoo import api, fields, models
from odoo.addons.l10n_vn_einvoice.models.account_move import error_problem
from odoo.addons.l10n_vn_einvoice.models.einvoice_access import CASHIER, USER, check_group
from odoo.addons.l10n_vn_einvoice.models.einvoice_problem_words import ProblemWords
from odoo.addons.l10n_vn_einvoice.models.server_owned import as_server, server_owned
from odoo.addons.l10n_vn_einvoice.standard import codes, issue_xml, model
from odoo.addons.l10n_vn_einvoice.standard.errors import InvalidCode, StandardError
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)



class PosOrder(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_code = fields.Char(
        string="Cash-register code", copy=False, index="btree_not_null",
        help="M-code assigned by the register from its reserved block (also offline).")
    l10n_vn_einvoice_buyer_company_name = fields.Char(string="Buyer company", copy=False)
    l10n_vn_einvoice_buyer_name = fields.Char(string="Buyer name", copy=False)
    l10n_vn_einvoice_buyer_address = fields.Char(string="Buyer address", copy=False)
    l10n_vn_einvoice_buyer_tax_code = fields.Char(string="Buyer MST", copy=False)
    l10n_vn_einvoice_buyer_personal_id = fields.Char(string="Buyer personal ID", copy=False)
    l10n_vn_einvoice_buyer_phone = fields.Char(string="Buyer phone", copy=False)
    l10n_vn_einvoice_buyer_email = fields.Char(string="Buyer e-mail", copy=False)
    l10n_vn_einvoice_reason = fields.Char(
        string="Correction reason", copy=False,
        help="Why a refund replaces the original invoice, typed by the cashier.")
    l10n_vn_einvoice_document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="E-invoice", copy=False, readonly=True,
        index="btree_not_null")
    l10n_vn_einvoice_state = fields.Selection(
        related="l10n_vn_einvoice_document_id.state", string="E-invoice status")

    # ------------------------------------------------------------------ sync hook
    @api.model
    def _process_order(self, order, existing_order):
        # EXTEND 'point_of_sale': the order is created from every key of the synced
        # payload, in superuser mode for the self-order kiosk: the server's fields are
        # dropped (a forged e-invoice link would leave the sale without its own).
        forged = sorted(server_owned(self).intersection(order))
        if forged:
            _logger.warning("POS order %s: payload keys %s dropped (the server's)",
                            order.get("name") or order.get("uuid"), ", ".join(forged))
            for key in forged:
                del order[key]
        return super()._process_order(order, existing_order)

    def _process_saved_order(self, draft):
        # EXTEND 'point_of_sale': a paid order of an enabled POS becomes its cash-register
        # e-invoice in the sync transaction; only transmission is left to the outbox.
        order_id = super()._process_saved_order(draft)
        if not draft and self._l10n_vn_einvoice_applies():
            try:
                with self.env.cr.savepoint():
                    self._l10n_vn_einvoice_issue()
            except UserError as error:
                # Never lose the sale: keep the order, tell the managers what to fix.
                _logger.warning("POS order %s: no e-invoice: %s", self.name, error)
                self.message_post(body=self.env._(
                    "No e-invoice could be issued for this order: %(reason)s\nChưa lập được "
                    "hóa đơn điện tử cho đơn này.", reason=str(error)))
        return order_id

    def _l10n_vn_einvoice_applies(self):
        self.ensure_one()
        config = self.config_id
        return (config.l10n_vn_einvoice_enabled
                and config.l10n_vn_einvoice_kind == "cash_register"
                and self.state in ("paid", "done")
                and not self.to_invoice  # the posted invoice carries the e-invoice
                and not self._l10n_vn_einvoice_own_document())

    def _l10n_vn_einvoice_own_document(self):
        """The e-invoice issued for this order: a document whose order is this one (the
        link on the order alone could point at another sale's)."""
        return self.sudo().l10n_vn_einvoice_document_id.filtered(
            lambda d: d.pos_order_id.id == self.id)

    def _l10n_vn_einvoice_checked_code(self, form, issue_date):
        """The register's code if it is well-formed, from a block of this POS and unused;
        otherwise a fresh server code (the reprinted receipt shows it): never a duplicate."""
        config = self.config_id
        Document = self.env["l10n_vn_einvoice.document"].sudo()
        code = self.l10n_vn_einvoice_code or ""
        reason = None
        try:
            parsed = codes.parse_cash_register_code(code)
            codes.validate_cash_register_code(code, issue_date)
        except InvalidCode as error:
            reason = error.message
        else:
            if parsed.form != form or not self.env["l10n_vn_einvoice.code_block"]._find(
                    config, parsed, issue_date.year):
                reason = "not from a code block of this point of sale"
            elif Document.search_count([("company_id", "=", self.company_id.id),
                                        ("tax_authority_code", "=", code)], limit=1):
                reason = "already used by another e-invoice"
        if reason is None:
            return code
        fresh = self.env["l10n_vn_einvoice.code_block"]._server_code(config, issue_date.year)
        _logger.warning("POS order %s: code %r refused (%s), issued as %s",
                        self.name, code, reason, fresh)
        if code:
            self.message_post(body=self.env._(
                "The register's code %(code)s was refused (%(reason)s); the e-invoice was "
                "issued as %(fresh)s.\nMã %(code)s của máy bị từ chối; hóa đơn được lập với "
                "mã %(fresh)s.", code=code, reason=reason, fresh=fresh))
        return fresh

    def _l10n_vn_einvoice_refunded_document(self):
        """The live document of the order this refund returns goods from, if any."""
        origin = self.lines.refunded_orderline_id.order_id[:1]
        doc = origin.l10n_vn_einvoice_document_id
        while doc and doc.corrected_by_ids.filtered(lambda d: d.state != "voided"):
            doc = doc.corrected_by_ids.filtered(lambda d: d.state != "voided").sorted("id")[-1]
        return origin, doc

    def _l10n_vn_einvoice_remaining_lines(self, origin):
        """(line, quantity, gross) of ``origin`` after every refund synced so far."""
        refunds = self.search([("lines.refunded_orderline_id.order_id", "=", origin.id),
                               ("state", "in", ("paid", "done"))])
        result = []
        for line in origin.lines:
            returned = refunds.lines.filtered(lambda r, line=line: r.refunded_orderline_id == line)
            quantity = line.qty + sum(returned.mapped("qty"))
            if abs(quantity) < 1e-9:
                continue
            gross = line.price_subtotal_incl + sum(returned.mapped("price_subtotal_incl"))
            result.append((line, quantity, gross))
        return result

    def _l10n_vn_einvoice_issue(self):
        """Create, validate and queue the cash-register e-invoice of this paid order."""
        self.ensure_one()
        config = self.config_id
        company = self.company_id
        problem = config._l10n_vn_einvoice_problem()
        if problem:
            raise UserError(problem)
        issue_date = self._l10n_vn_einvoice_issue_moment().date()
        form = config.l10n_vn_einvoice_form
        symbol = config._l10n_vn_einvoice_symbol_on(issue_date)
        code = self._l10n_vn_einvoice_checked_code(form, issue_date)
        # SHDon: gap-free per form/symbol/year, given at sync (the register prints the
        # code, which it can make offline; the number needs the server's counter).
        number = self.env["l10n_vn_einvoice.sequence"]._next_number(
            company, form, symbol, issue_date.year)
        lines, related, original = None, None, self.env["l10n_vn_einvoice.document"]
        origin, refunded = self._l10n_vn_einvoice_refunded_document()
        if refunded:
            original = refunded
            lines = self._l10n_vn_einvoice_remaining_lines(origin)
            related = self._l10n_vn_einvoice_related(original)
        data_order = origin if refunded else self
        try:
            invoice = data_order._l10n_vn_einvoice_invoice_data(
                form, symbol, number, code, issue_date, lines=lines, related=related)
            root, problems = issue_xml.build_and_validate(invoice)
        except StandardError as error:
            raise UserError(data_order._l10n_vn_einvoice_words().message(
                [error_problem(error)])[0]) from None
        if problems:
            raise UserError(data_order._l10n_vn_einvoice_words().message(problems)[0])
        xml, _signed = issue_xml.sign_and_serialize(root)  # cash register: never signed
        doc = self._l10n_vn_einvoice_create_document(invoice, xml, original)
        # The buyer's e-mail (US-08) goes out with the delivery flow once accepted.
        # mail_notrack: the order is born with its e-invoice; a "(none) → Ready" tracking
        # message of the related status would cost a mail.message per sale and say
        # nothing (the document does the same on its own state, see _enqueue).
        as_server(self).with_context(mail_notrack=True).write({
            "l10n_vn_einvoice_document_id": doc.id, "l10n_vn_einvoice_code": code})
        return doc

    def _l10n_vn_einvoice_create_document(self, invoice, xml, original, **extra):
        """Store the validated ``invoice`` (``xml``) as a cash-register document of this
        order, queue its transmission and mark ``original`` replaced by it."""
        self.ensure_one()
        buyer = invoice.buyer
        doc = self.env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create({
            "company_id": self.company_id.id, "pos_order_id": self.id,
            "kind": "cash_register", "form": invoice.form, "symbol": invoice.symbol,
            "number": invoice.number, "issue_date": invoice.issue_date,
            "tax_authority_code": invoice.tax_authority_code,
            "provider": self.company_id.l10n_vn_einvoice_provider,
            "currency_id": self.currency_id.id,
            "amount_untaxed": invoice.totals.amount_untaxed,
            "amount_tax": invoice.totals.vat, "amount_total": invoice.totals.total,
            "vat_reduction": invoice.totals.other_deduction or 0,
            "buyer_name": buyer.name, "buyer_tax_code": buyer.tax_code,
            "buyer_personal_id": buyer.personal_id, "buyer_address": buyer.address,
            "buyer_email": buyer.email, "buyer_phone": buyer.phone,
            "correction_type": "replacement" if original else False,
            "corrected_document_id": original.id or False,
            **extra,
        })
        doc._l10n_vn_einvoice_store_xml(xml, False, invoice)
        doc._l10n_vn_einvoice_enqueue("issue")
        if original:
            original._l10n_vn_einvoice_set_outcome({"state": "replaced"})
        return doc

    def _l10n_vn_einvoice_words(self):
        """Problems of this order's e-invoice in words: the buyer typed at the till or
        the chosen customer, the products in line order."""
        partner = self.partner_id.commercial_partner_id
        return ProblemWords(self.env, self, self.company_id, buyer=partner,
                            buyer_name=self.l10n_vn_einvoice_buyer_name or partner.name or "",
                            lines=[line.product_id for line in self.lines])

    def _l10n_vn_einvoice_related(self, original):
        """TTHDLQuan of a replacement: cash-register invoices are identified by their code
        (no number), and cash-register errors are corrected by replacement only."""
        date = original.issue_date
        reason = (self.l10n_vn_einvoice_reason or "").strip()
        note = (f"Thay thế cho hóa đơn Mẫu số {original.form} ký hiệu {original.symbol} mã "
                f"{original.tax_authority_code} ngày {date.day:02d} tháng {date.month:02d} năm "
                f"{date.year}" + (f". Lý do: {reason}" if reason else ""))
        return model.RelatedInvoice(nature=model.REPLACEMENT, form=original.form,
                                    symbol=original.symbol, number=str(original.number or ""),
                                    date=date, invoice_type=1,
                                    note=note[:255])

    # ------------------------------------------------------------------ void
    def action_l10n_vn_einvoice_void(self):
        """Void the e-invoice of an order never transmitted, within 24 h (BR-12); the
        document's own void rules and outbox locking apply."""
        check_group(self.env, USER, self.env._("Void e-invoice"))
        for order in self:
            doc = order.l10n_vn_einvoice_document_id
            if not doc:
                raise UserError(self.env._(
                    "Order %(order)s has no e-invoice.\nĐơn %(order)s chưa có "
                    "hóa đơn điện tử.", order=order.name))
            doc._l10n_vn_einvoice_void(self.env._(
                "voided from POS order %(order)s / hủy từ đơn POS "
                "%(order)s", order=order.name))
        return True

    # ------------------------------------------------------------------ POS data
    @api.model
    def l10n_vn_einvoice_status(self, uuids):
        """RPC of the POS: transmission status of its orders' e-invoices by order uuid."""
        check_group(self.env, CASHIER, self.env._("E-invoice status"))
        orders = self.search([("uuid", "in", list(uuids))])
        return {o.uuid: {"state": o.l10n_vn_einvoice_state or False,
                         "code": o.l10n_vn_einvoice_code or False}
                for o in orders if o.l10n_vn_einvoice_document_id}
