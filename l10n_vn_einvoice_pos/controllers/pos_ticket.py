"""Odoo's ticket self-invoicing page (``/pos/ticket``), for tickets of e-invoicing cash
registers: the buyer asks for the invoice in their company's name after paying.

Odoo's page would post an accounting invoice after updating the ticket's customer with
whatever the visitor types.  For these tickets the page is the addon's own instead: the
buyer's tax code, name, address and e-mail, checked; then Odoo's invoicing of the order,
whose posting replaces the cash-register invoice by one in the buyer's name
(``models/pos_order_buyer_request.py``).  Afterwards the same address shows that
document's status and, once accepted, its PDF and XML.

The page is reached only with the ticket's own access token (the receipt's QR carries
it, as Odoo's does); the token is the only key, so no other ticket can be reached from
it.  Every post, and every unknown token, counts against the per-client limit of the
lookup page; Odoo's search by ticket number and code (``/pos/ticket``, POST) counts too,
so neither can be used to walk a shop's tickets.  Input is bounded before anything reads
the database.
"""

import datetime
import hashlib
import re

import pytz

from odoo import http
from odoo.addons.l10n_vn_einvoice.controllers.lookup import count_public_try, public_client_address
from odoo.addons.l10n_vn_einvoice.models.einvoice_document_delivery import FINAL_STATES
from odoo.addons.l10n_vn_einvoice.standard import codes
from odoo.addons.l10n_vn_einvoice.standard.errors import InvalidCode
from odoo.addons.point_of_sale.controllers.main import PosController
from odoo.exceptions import UserError
from odoo.http import content_disposition, request
from odoo.tools import email_normalize

from ..models.pos_order_buyer_request import INVOICED, NOT_TRANSMITTED, OPEN, REQUESTED, vnd

# Odoo's access tokens are UUIDs; anything else is refused before a query is made.
TOKEN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Field: (maximum length, XML field it fills).  NMua/DCTDTu holds 50 characters.
FORM_FIELDS = {"tax_code": 20, "name": 400, "address": 400, "email": 50}
STATE_WORDS = {
    "ready": ("Đang gửi đến cơ quan thuế", "Being sent to the tax authority"),
    "sent": ("Đã gửi, chờ cơ quan thuế", "Sent, awaiting the tax authority"),
    "accepted": ("Đã được cơ quan thuế chấp nhận", "Accepted by the tax authority"),
    "error": ("Chưa gửi được; cửa hàng đã được báo", "Not sent yet; the shop has been told"),
    "rejected": ("Bị từ chối; cửa hàng đã được báo", "Rejected; the shop has been told"),
    "replaced": ("Đã được thay thế", "Replaced"),
    "adjusted": ("Đã được điều chỉnh", "Adjusted"),
    "notified": ("Đã thông báo sai sót", "Error notice sent"),
}
VN_TZ = pytz.timezone("Asia/Ho_Chi_Minh")


def _is_date(text):
    """A YYYY-MM-DD date (what the form sends); Odoo's search parses it unchecked."""
    try:
        datetime.date.fromisoformat(text or "")
    except ValueError:
        return False
    return len(text) == 10


class PosTicketInvoiceRequest(PosController):

    @http.route()
    def invoice_request_screen(self, **kwargs):
        # EXTEND 'point_of_sale': the search by ticket number, date and code is counted
        # against the client's limit and its input bounded, so it cannot walk tickets.
        if request.httprequest.method == "POST":
            if not self._l10n_vn_try():
                return self._l10n_vn_too_many()
            if (len(kwargs.get("pos_reference") or "") > 64
                    or len(kwargs.get("ticket_code") or "") > 16
                    or (kwargs.get("date_order") and not _is_date(kwargs["date_order"]))):
                return request.render("point_of_sale.ticket_request_with_code", {
                    "errors": {"generic": "Không tìm thấy đơn hàng. / No sale order found."},
                    "banner_error": "", "form_values": {},
                }, status=400)
        return super().invoice_request_screen(**kwargs)

    @http.route()
    def show_ticket_validation_screen(self, access_token="", **kwargs):
        # EXTEND 'point_of_sale': tickets of e-invoicing cash registers get the invoice
        # in the buyer's name as a replacement e-invoice (module docstring).
        order = self._l10n_vn_order(access_token)
        if order is None:
            return self._l10n_vn_unknown()
        if not order:
            return super().show_ticket_validation_screen(access_token=access_token, **kwargs)
        values = {"form": {}, "errors": {}}
        status = 200
        if request.httprequest.method == "POST":
            if not self._l10n_vn_try():
                return self._l10n_vn_too_many()
            values["form"], values["errors"] = self._l10n_vn_form(kwargs)
            if not values["errors"]:
                try:
                    with request.env.cr.savepoint():
                        order._l10n_vn_einvoice_ticket_request(values["form"],
                                                               self._l10n_vn_client_hash())
                except UserError as error:
                    values["errors"] = {"generic": (str(error), "")}
                else:
                    return request.redirect(
                        f"/pos/ticket/validate?access_token={order.access_token}", code=303)
            status = 400
        return self._l10n_vn_page(order, values, status)

    @http.route("/pos/ticket/einvoice", type="http", auth="public", methods=["GET"],
                sitemap=False)
    def l10n_vn_ticket_einvoice(self, access_token="", file_format="pdf", **_kw):
        """The PDF or XML of the e-invoice this page produced for the ticket, once final."""
        order = self._l10n_vn_order(access_token)
        if not order:
            return self._l10n_vn_unknown()
        situation, doc = order._l10n_vn_einvoice_request_situation()
        if not doc or situation == OPEN or doc.state not in FINAL_STATES:
            return self._l10n_vn_not_found()
        if file_format == "xml":
            attachment = doc._l10n_vn_einvoice_legal_xml()
            if not attachment:  # the legal file is still being fetched from the provider
                return self._l10n_vn_not_found()
            mimetype = "application/xml"
        else:
            attachment = doc._l10n_vn_einvoice_pdf()
            mimetype = "application/pdf"
        return request.make_response(attachment.sudo().raw, headers=[
            ("Content-Type", mimetype),
            ("Content-Disposition", content_disposition(attachment.name)),
            ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")])

    # ------------------------------------------------------------------ helpers
    def _l10n_vn_order(self, access_token):
        """The ticket of an e-invoicing cash register with this token; an empty record for
        any other ticket (Odoo's own page); None when no ticket has it (counted)."""
        if not TOKEN.match(access_token or ""):
            return None
        order = request.env["pos.order"].sudo().search(
            [("access_token", "=", access_token)], limit=1)
        if not order:
            return None
        config = order.config_id
        if not (config.l10n_vn_einvoice_enabled
                and config.l10n_vn_einvoice_kind == "cash_register"):
            return order.browse()
        return order.with_company(order.company_id).with_context(
            allowed_company_ids=order.company_id.ids)

    def _l10n_vn_client_hash(self):
        return hashlib.sha256(public_client_address().encode()).hexdigest()

    def _l10n_vn_try(self):
        """True when the client may go on; else the wait is kept for the answer."""
        request.l10n_vn_einvoice_wait = count_public_try()
        return not request.l10n_vn_einvoice_wait

    def _l10n_vn_too_many(self):
        wait = getattr(request, "l10n_vn_einvoice_wait", 0) or 600
        return request.render("l10n_vn_einvoice_pos.pos_ticket_too_many", {}, status=429,
                              headers=[("Retry-After", str(wait)), ("Cache-Control", "no-store")])

    def _l10n_vn_unknown(self):
        """A 404 page (a response, not a raised error, so the counted try is kept)."""
        if not self._l10n_vn_try():
            return self._l10n_vn_too_many()
        return self._l10n_vn_not_found()

    def _l10n_vn_not_found(self):
        return request.render("l10n_vn_einvoice_pos.pos_ticket_not_found", {}, status=404,
                              headers=[("Cache-Control", "no-store")])

    def _l10n_vn_form(self, kwargs):
        """(values, errors): the buyer's details checked; each error is (VI, EN)."""
        values, errors = {}, {}
        for field, limit in FORM_FIELDS.items():
            value = " ".join(str(kwargs.get(field) or "").split())
            if not value:
                errors[field] = ("Vui lòng nhập thông tin này.", "Please fill this in.")
            elif len(value) > limit or CONTROL.search(value):
                errors[field] = (f"Tối đa {limit} ký tự, không có ký tự điều khiển.",
                                 f"At most {limit} characters, no control characters.")
            values[field] = value[:limit]
        if "tax_code" not in errors:
            try:
                values["tax_code"] = codes.validate_tax_id(values["tax_code"], field="MST")
            except InvalidCode as error:
                errors["tax_code"] = (f"Mã số thuế không hợp lệ: {error.message_vi}",
                                      f"Invalid tax code: {error.message}")
        if "email" not in errors and not email_normalize(values["email"]):
            errors["email"] = ("Địa chỉ thư điện tử không hợp lệ.", "Invalid e-mail address.")
        if not kwargs.get("agree"):
            errors["agree"] = ("Vui lòng xác nhận đề nghị.", "Please confirm the request.")
        return values, errors

    def _l10n_vn_page(self, order, values, status):
        situation, doc = order._l10n_vn_einvoice_request_situation()
        original = order.l10n_vn_einvoice_document_id
        # A status the worker will change: the page follows it (models/
        # pos_order_live_status.py) and shows the new one without being reloaded.
        live = situation in (REQUESTED, INVOICED, NOT_TRANSMITTED) \
            and doc.state not in FINAL_STATES
        moment = pytz.utc.localize(order.date_order).astimezone(VN_TZ)
        company = order.company_id
        return request.render("l10n_vn_einvoice_pos.pos_ticket_request_page", {
            **values,
            "situation": situation, "doc": doc, "original": original,
            "order_ref": order.pos_reference or order.name,
            "order_date": moment.strftime("%d/%m/%Y %H:%M"),
            "order_total": vnd(order.amount_total), "currency": order.currency_id.name,
            "state_words": STATE_WORDS.get(doc.state, (doc.state or "", doc.state or "")),
            "final": doc.state in FINAL_STATES,
            "access_token": order.access_token,
            "live_channel": order._l10n_vn_einvoice_ticket_channel() if live else "",
            "shop_name": company.name, "shop_phone": company.phone or "",
            "shop_email": company.email or "",
        }, status=status, headers=[("Cache-Control", "no-store")])
