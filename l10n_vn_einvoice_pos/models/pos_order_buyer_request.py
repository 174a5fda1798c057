"""The buyer who asks for an invoice in their name after paying at a cash register.

Odoo invoices a paid POS order in two places: the ticket's self-invoicing page
(``/pos/ticket``, reached from the receipt's QR) and the order's *Invoice* button in the
back office.  On an e-invoicing cash register the sale already has its legal document,
the cash-register invoice made at payment.  So the invoice Odoo posts for such an order
never becomes a second e-invoice (the revenue would be declared twice); instead:

* a sale whose cash-register invoice lacks the buyer's tax code gets a **replacement**
  cash-register invoice carrying the buyer of Odoo's invoice — a missing or wrong tax code
  is an error of the invoice, and cash-register invoices are corrected by replacement only
  (TT 91/2026 Đ10 k1 b, c; cause code 14 of Phụ lục XVII).  It replaces the live document
  of the order, points at it (TTHDLQuan), keeps its rate regime, and is declared instead
  of it: the replaced invoice leaves every report;
* a refund of such a sale, invoiced because its sale was, is the register's own refund
  replacement (``pos.order._l10n_vn_einvoice_issue``), not an adjustment;
* a buyer without a tax code or personal ID, or whose code the invoice already carries,
  gets no new invoice: a wrong name or address alone is notified, not re-invoiced (k1 a).

The request is recorded first (``l10n_vn_einvoice.buyer_request``, what the seller keeps
as the written agreement of k1 b) and is unique per cash-register invoice.
"""

from dataclasses import replace

import pytz

from odoo import fields, models
from odoo.addons.l10n_vn_einvoice.models.account_move import error_problem
from odoo.addons.l10n_vn_einvoice.models.account_move_rectification import (
    CASH_REGISTER_CAUSE,
    CAUSE_TAG,
)
from odoo.addons.l10n_vn_einvoice.models.einvoice_document_corrections import CORRECTABLE_STATES
from odoo.addons.l10n_vn_einvoice.models.einvoice_problem_words import ProblemWords
from odoo.addons.l10n_vn_einvoice.standard import codes, issue_xml, model, regimes
from odoo.addons.l10n_vn_einvoice.standard.errors import StandardError
from odoo.exceptions import UserError

VN_TZ = pytz.timezone("Asia/Ho_Chi_Minh")
# Corrections that never took effect do not continue the chain of an order's invoices.
DEAD_STATES = ("draft", "rejected", "voided")
# What a ticket can say about a request for an invoice in the buyer's name.
OPEN = "open"
REQUESTED = "requested"
NOT_TRANSMITTED = "not_transmitted"
RETURNED = "returned"
REPLACED = "replaced"
INVALID = "invalid"
INVOICED = "invoiced"
NO_EINVOICE = "no_einvoice"


def vietnam_now():
    """Now in Vietnam: the replacement's time and date of issue."""
    return pytz.utc.localize(fields.Datetime.now()).astimezone(VN_TZ)


def vnd(amount):
    """An amount as Vietnamese documents write it: 1.234.567 (whole đồng)."""
    return f"{round(amount):,}".replace(",", ".")


class PosOrder(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_live_document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="Current e-invoice",
        compute="_compute_l10n_vn_einvoice_live_document_id",
        help="The order's cash-register invoice, or the replacement that took its place.")

    def _compute_l10n_vn_einvoice_live_document_id(self):
        for order in self:
            order.l10n_vn_einvoice_live_document_id = order._l10n_vn_einvoice_live_document()

    # ------------------------------------------------------------------ the sale's documents
    def _l10n_vn_einvoice_live_document(self):
        """The end of the chain of replacements that started with the order's own
        cash-register invoice (empty when the order has none)."""
        self.ensure_one()
        doc = self.sudo().l10n_vn_einvoice_document_id
        if doc.kind != "cash_register":
            return doc.browse()
        while True:
            later = doc.corrected_by_ids.filtered(lambda d: d.state not in DEAD_STATES)
            if not later:
                return doc
            doc = later.sorted("id")[-1]

    def _l10n_vn_einvoice_sale_document(self):
        """The live cash-register document of the sale this order belongs to: its own for
        a sale, the refunded order's for a refund."""
        self.ensure_one()
        origin = self.sudo().lines.refunded_orderline_id.order_id[:1]
        doc = (origin or self)._l10n_vn_einvoice_live_document()
        return doc if doc.state not in ("rejected", "voided") else doc.browse()

    def _l10n_vn_einvoice_request_situation(self):
        """(situation, document): can a buyer's request for this ticket be served now?"""
        self.ensure_one()
        order = self.sudo()
        request = self.env["l10n_vn_einvoice.buyer_request"].sudo().search(
            [("pos_order_id", "=", order.id), ("document_id", "!=", False)], limit=1)
        if request:
            return REQUESTED, request.document_id
        original = order.l10n_vn_einvoice_document_id
        if original.kind != "cash_register":
            invoiced = order.account_move.l10n_vn_einvoice_document_id
            return (INVOICED, invoiced) if invoiced else (NO_EINVOICE, original)
        live = order._l10n_vn_einvoice_live_document()
        if order.refund_orders_count or order.lines.refunded_orderline_id:
            return RETURNED, live
        if live != original:
            return REPLACED, live
        if original.state in ("draft", "ready", "error"):
            return NOT_TRANSMITTED, original
        if original.state not in CORRECTABLE_STATES:
            return INVALID, original
        return OPEN, original

    def _l10n_vn_einvoice_request_refusal(self, situation, document):
        """Why the request cannot be served, in words naming the ticket (EN, then VI)."""
        messages = {
            REQUESTED: self.env._(
                "%(order)s: the buyer's invoice was already issued as %(doc)s.\n%(order)s: "
                "hóa đơn theo đề nghị của người mua đã được lập: %(doc)s."),
            NOT_TRANSMITTED: self.env._(
                "%(order)s: its cash-register invoice %(doc)s has not reached the tax "
                "authority yet; try again once it is sent (usually within minutes).\n"
                "%(order)s: hóa đơn máy tính tiền %(doc)s chưa được gửi đến cơ quan thuế; "
                "vui lòng thử lại sau khi hóa đơn đã được gửi."),
            RETURNED: self.env._(
                "%(order)s: goods of this sale were returned and its cash-register invoice "
                "was replaced for the return (%(doc)s); an invoice in the buyer's name is not "
                "issued for a sale with returns.\n%(order)s: đơn hàng đã có hàng trả lại và "
                "hóa đơn máy tính tiền đã được thay thế khi trả hàng (%(doc)s); không lập hóa "
                "đơn ghi tên người mua cho đơn hàng đã trả hàng."),
            REPLACED: self.env._(
                "%(order)s: its cash-register invoice was already replaced by %(doc)s.\n"
                "%(order)s: hóa đơn máy tính tiền đã được thay thế bằng %(doc)s."),
            INVALID: self.env._(
                "%(order)s: its cash-register invoice %(doc)s is %(state)s and cannot be "
                "replaced.\n%(order)s: hóa đơn máy tính tiền %(doc)s không thể thay thế (trạng "
                "thái %(state)s)."),
            INVOICED: self.env._(
                "%(order)s is already invoiced by e-invoice %(doc)s.\n%(order)s đã có hóa đơn "
                "điện tử %(doc)s."),
            NO_EINVOICE: self.env._(
                "%(order)s has no cash-register invoice to replace.\n%(order)s không có hóa "
                "đơn máy tính tiền để thay thế."),
        }
        return messages[situation] % {"order": self.pos_reference or self.name,
                                      "doc": document.name or "—",
                                      "state": document.state or "—"}

    # ------------------------------------------------------------------ Odoo's invoice
    def _generate_pos_order_invoice(self):
        # EXTEND 'point_of_sale': for a sale e-invoiced at the register the buyer receives
        # the e-invoice (PDF and XML, e-mailed once accepted), not Odoo's invoice PDF.
        orders = self
        if any(order._l10n_vn_einvoice_sale_document() for order in self):
            orders = self.with_context(generate_pdf=False)
        return super(PosOrder, orders)._generate_pos_order_invoice()

    def _l10n_vn_einvoice_invoiced_by(self, move):
        """The e-invoice side of posting ``move``, Odoo's invoice of these orders, when
        their sale is e-invoiced by cash-register invoices (see the module docstring)."""
        covered = self.filtered(lambda o: o._l10n_vn_einvoice_sale_document())
        if covered != self:
            raise UserError(self.env._(
                "%(move)s mixes POS orders e-invoiced at the register (%(covered)s) with "
                "orders that are not (%(others)s): invoice them separately.\n%(move)s gộp đơn "
                "POS đã có hóa đơn máy tính tiền với đơn chưa có: hãy xuất hóa đơn riêng.",
                move=move.display_name, covered=", ".join(covered.mapped("name")),
                others=", ".join((self - covered).mapped("name"))))
        for order in self:
            if order.lines.refunded_orderline_id:
                if not order.l10n_vn_einvoice_document_id:
                    order._l10n_vn_einvoice_issue()  # the register's refund replacement
            else:
                order._l10n_vn_einvoice_replace_for_buyer(move)

    # ------------------------------------------------------------------ the replacement
    def _l10n_vn_einvoice_replace_for_buyer(self, move):
        """Replace the order's cash-register invoice by one carrying the buyer of
        ``move``, for the request recorded for it (or recorded now)."""
        self.ensure_one()
        requests = self.env["l10n_vn_einvoice.buyer_request"].sudo()
        if requests.search_count([("pos_order_id", "=", self.id),
                                  ("document_id", "!=", False)]):
            return None  # this sale's buyer invoice exists: posting again changes nothing
        buyer = move._l10n_vn_einvoice_buyer()
        identifier = codes.normalise_tax_id(buyer.tax_code) or buyer.personal_id
        live = self._l10n_vn_einvoice_live_document()
        if not identifier or identifier in (live.buyer_tax_code, live.buyer_personal_id):
            self._l10n_vn_einvoice_keep_original(move, live, identifier)
            return None
        situation, original = self._l10n_vn_einvoice_request_situation()
        if situation != OPEN:
            raise UserError(self._l10n_vn_einvoice_request_refusal(situation, original))
        moment = vietnam_now()
        # The ticket page records its request before invoicing; the back office's is
        # recorded here.
        request = requests.search([("original_document_id", "=", original.id)]) or \
            requests.create(self._l10n_vn_einvoice_request_vals(
                original, buyer, "back_office", moment))
        doc = self._l10n_vn_einvoice_issue_replacement(original, buyer, moment, request)
        request.write({"document_id": doc.id, "move_id": move.id})
        body = self.env._(
            "E-invoice of this sale for %(buyer)s: %(doc)s replaces the cash-register "
            "invoice %(original)s (buyer's request %(request)s).\nHóa đơn điện tử cho "
            "%(buyer)s: %(doc)s thay thế hóa đơn máy tính tiền %(original)s (đề nghị "
            "%(request)s).", buyer=buyer.name, doc=doc.name, original=original.name,
            request=request.display_name)
        for record in (self, move, original):
            record.sudo().message_post(body=body)
        return doc

    def _l10n_vn_einvoice_keep_original(self, move, original, identifier):
        """No replacement: say why on the invoice and the order."""
        if identifier:
            body = self.env._(
                "No new e-invoice: the cash-register invoice %(doc)s already carries the "
                "buyer's tax code %(code)s.\nKhông lập hóa đơn mới: hóa đơn máy tính tiền "
                "%(doc)s đã ghi mã số thuế %(code)s của người mua.",
                doc=original.name, code=identifier)
        else:
            body = self.env._(
                "No new e-invoice: %(partner)s has no tax code or personal ID, and a buyer's "
                "name or address alone is not corrected by a new invoice (Circular 91/2026 "
                "art. 10.1.a); the cash-register invoice %(doc)s stays the legal document.\n"
                "Không lập hóa đơn mới: %(partner)s không có mã số thuế hoặc số định danh cá "
                "nhân; chỉ thiếu tên, địa chỉ người mua thì không lập lại hóa đơn (Thông tư "
                "91/2026 Điều 10 khoản 1 điểm a); hóa đơn máy tính tiền %(doc)s vẫn là hóa "
                "đơn hợp pháp.", partner=move.partner_id.display_name, doc=original.name)
        for record in (self, move):
            record.sudo().message_post(body=body)

    def _l10n_vn_einvoice_issue_replacement(self, original, buyer, moment, request):
        """Number, build, validate and queue the replacement cash-register invoice."""
        config = self.config_id
        problem = config._l10n_vn_einvoice_problem()
        if problem:
            raise UserError(problem)
        issue_date = moment.date()
        original._l10n_vn_einvoice_check_correction(regimes.REPLACE, issue_date)
        form = config.l10n_vn_einvoice_form
        symbol = config._l10n_vn_einvoice_symbol_on(issue_date)
        # No register makes this code: the server takes one from a block of its own.
        block = self.env["l10n_vn_einvoice.code_block"]._reserve(config, issue_date.year, 1)
        code = codes.make_cash_register_code(form, issue_date.year, block.authority_string,
                                             block.first)
        number = self.env["l10n_vn_einvoice.sequence"]._next_number(
            self.company_id, form, symbol, issue_date.year)
        day = original.issue_date
        related = replace(self._l10n_vn_einvoice_related(original), note=(
            f"Thay thế cho hóa đơn Mẫu số {original.form} ký hiệu {original.symbol} mã "
            f"{original.tax_authority_code} ngày {day.day:02d} tháng {day.month:02d} năm "
            f"{day.year}. Lý do: bổ sung thông tin người mua theo đề nghị "
            f"{request.display_name}")[:255])
        cause = CASH_REGISTER_CAUSE if regimes.cause_codes(issue_date) else ""
        # Problems in words, naming the buyer as typed in the request.
        words = ProblemWords(self.env, self, self.company_id, buyer_name=buyer.name,
                             lines=[line.product_id for line in self.lines])
        try:
            invoice = self._l10n_vn_einvoice_invoice_data(
                form, symbol, number, code, issue_date, related=related, buyer=buyer,
                moment=moment)
            if cause:
                invoice = replace(invoice, general_extra=(
                    *invoice.general_extra, model.ExtraField(CAUSE_TAG, cause)))
            root, problems = issue_xml.build_and_validate(invoice)
        except StandardError as error:
            raise UserError(words.message([error_problem(error)])[0]) from None
        if problems:
            raise UserError(words.message(problems)[0])
        xml, _signed = issue_xml.sign_and_serialize(root)  # cash register: never signed
        requested = request.requested_at
        return self._l10n_vn_einvoice_create_document(
            invoice, xml, original, cause_code=cause or False,
            corrected_document_ids=[(6, 0, original.ids)],
            agreement_name=request._agreement_label(),
            agreement_date=pytz.utc.localize(requested).astimezone(VN_TZ).date())

    # ------------------------------------------------------------------ the request
    def _l10n_vn_einvoice_request_vals(self, original, buyer, channel, moment,
                                       client_hash=""):
        """The request as kept, with the agreed statement of the error (TT 91/2026 Đ10
        k1 b): the invoice concerned, what it lacked, what the buyer asked for, how."""
        day = original.issue_date
        had = (f"ghi người mua {original.buyer_name}, mã số thuế "
               f"{original.buyer_tax_code or 'không có'}" if original.buyer_tax_code
               else "không có mã số thuế người mua")
        by = ("trang yêu cầu hóa đơn của vé (mã QR trên hóa đơn máy tính tiền)"
              if channel == "ticket" else f"bộ phận kế toán ({self.env.user.name})")
        statement = "\n".join([
            "Thỏa thuận về hóa đơn lập sai (Thông tư 91/2026/TT-BTC Điều 10 khoản 1 điểm b).",
            f"Hóa đơn: Mẫu số {original.form} ký hiệu {original.symbol} mã "
            f"{original.tax_authority_code} ngày {day.day:02d}/{day.month:02d}/{day.year}, "
            f"đơn {self.pos_reference or self.name}, tổng thanh toán "
            f"{vnd(original.amount_total)} đồng.",
            f"Nội dung sai: hóa đơn {had}.",
            f"Người mua đề nghị ghi: {buyer.name}; mã số thuế "
            f"{buyer.tax_code or buyer.personal_id}; địa chỉ {buyer.address or '—'}; "
            f"thư điện tử {buyer.email or '—'}.",
            "Cách xử lý: người bán lập hóa đơn thay thế (Điều 10 khoản 1 điểm c); hàng hóa, "
            "số tiền không thay đổi.",
            f"Đề nghị qua {by}, lúc {moment:%H:%M} ngày {moment:%d/%m/%Y} (giờ Việt Nam).",
        ])
        return {
            "company_id": self.company_id.id, "pos_order_id": self.id,
            "original_document_id": original.id, "channel": channel,
            "requested_at": moment.astimezone(pytz.utc).replace(tzinfo=None),
            "buyer_name": buyer.name, "buyer_tax_code": buyer.tax_code or buyer.personal_id,
            "buyer_address": buyer.address, "buyer_email": buyer.email,
            "client_hash": client_hash or False, "statement": statement,
        }

    def _l10n_vn_einvoice_ticket_request(self, values, client_hash):
        """The ticket page's request, already checked field by field: lock the order,
        look again, record the request, then invoice the order through Odoo's own flow
        (its posting issues the replacement)."""
        self.ensure_one()
        order = self.sudo()
        # Two requests for one ticket: the second waits here, then finds the first.
        self.env.cr.execute("SELECT id FROM pos_order WHERE id = %s FOR UPDATE", [order.id])
        order.invalidate_recordset()
        situation, original = order._l10n_vn_einvoice_request_situation()
        if situation != OPEN:
            raise UserError(order._l10n_vn_einvoice_request_refusal(situation, original))
        partner = order._l10n_vn_einvoice_ticket_partner(values)
        moment = vietnam_now()
        request = self.env["l10n_vn_einvoice.buyer_request"].sudo().create(
            order._l10n_vn_einvoice_request_vals(
                original, model.Buyer(name=values["name"], tax_code=values["tax_code"],
                                      address=values["address"], email=values["email"]),
                "ticket", moment, client_hash))
        order.partner_id = partner
        order.with_context(generate_pdf=False).action_pos_order_invoice()
        if not request.document_id:
            raise UserError(self.env._(
                "%(order)s: the invoice was posted but no e-invoice was issued for it.\n"
                "%(order)s: đã ghi sổ hóa đơn nhưng chưa lập được hóa đơn điện tử.",
                order=order.pos_reference or order.name))
        return request

    def _l10n_vn_einvoice_ticket_partner(self, values):
        """The customer for Odoo's invoice: the company's partner with exactly these
        details if there is one, else a new one (what a visitor typed never changes an
        existing partner)."""
        Partner = self.env["res.partner"].sudo()
        vals = {"name": values["name"], "vat": values["tax_code"],
                "street": values["address"], "email": values["email"],
                "is_company": len(values["tax_code"]) != 12,
                "country_id": self.env.ref("base.vn").id, "company_id": self.company_id.id}
        found = Partner.search([(key, "=", value) for key, value in vals.items()], limit=1)
        return found or Partner.create(vals)

