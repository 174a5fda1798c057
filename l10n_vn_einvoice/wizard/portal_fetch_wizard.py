"""Fetch a reconciliation's period from the tax portal without leaving Odoo (issue 24 item 3).

The wizard shows the portal's captcha (its SVG, as an image), the accountant types the
login (the company's tax code), the password and the captcha's text, and **Fetch** logs in,
downloads every page of the period's lists (``query`` and ``sco-query``) and each
invoice's detail, paced (:mod:`..providers.portal_client`), attaches what the portal sent
as one file of the reconciliation and runs it.

The password is never stored: ``password`` is a non-stored field (what the web client
sends of it on save is dropped by the ORM, as for any non-stored field without inverse)
and reaches :meth:`action_fetch` only in the button's context, evaluated in the browser
(the button has ``close="1"``: the web client then saves the dialog without reloading it,
so the context still sees the typed password; a failed fetch closes the dialog too, and
reopening it brings the new captcha a failed login needs anyway); the token lives in the
client object for the fetch.  The dialog closes on success
(``act_window_close``): a returned window action would carry the button's context — the
password — into the next screen.  Every network call happens before anything is written:
a refused login, a firewall block or a timeout leaves the reconciliation as it was.

The portal's base URL, timeout and pace are system parameters
(:data:`PARAM_URL`, :data:`PARAM_TIMEOUT`, :data:`PARAM_PACE`) that only administrators
set; the client refuses plain HTTP except to a loopback address.
"""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.einvoice_access import check_company
from ..providers import portal_client
from ..providers.portal_client import PortalClient, PortalError

PARAM_URL = "l10n_vn_einvoice.portal_url"
PARAM_TIMEOUT = "l10n_vn_einvoice.portal_timeout"
PARAM_PACE = "l10n_vn_einvoice.portal_pace"
PASSWORD_KEY = "l10n_vn_einvoice_portal_password"
FETCHED_PREFIX = "hoadondientu.gdt.gov.vn"
DIRECTION = {"purchase": "purchase", "sale": "sold"}


class L10nVnEinvoicePortalFetch(models.TransientModel):
    _name = "l10n_vn_einvoice.portal_fetch"
    _description = "Vietnam e-invoices: fetch a period from the tax portal"

    reconciliation_id = fields.Many2one("l10n_vn_einvoice.portal_reconciliation",
                                        required=True, ondelete="cascade")
    company_id = fields.Many2one(related="reconciliation_id.company_id")
    username = fields.Char(string="Login (tax code)", required=True)
    password = fields.Char(store=False,
                           help="Sent to the portal for this fetch only; never stored.")
    captcha_key = fields.Char(string="Captcha key")
    captcha_svg = fields.Text(string="Captcha image (SVG)")
    captcha_image = fields.Binary(string="Captcha", compute="_compute_captcha_image")
    captcha_text = fields.Char(string="Characters in the image")
    portal_url = fields.Char(string="Portal address", compute="_compute_portal_url")

    def _compute_portal_url(self):
        self.portal_url = self._base_url()

    @api.depends("captcha_svg")
    def _compute_captcha_image(self):
        """The image shown (computed, never stored: Odoo refuses SVG uploads from
        non-administrators), cleaned again so that a written ``captcha_svg`` draws only."""
        for wizard in self:
            try:
                svg = portal_client.clean_svg(wizard.captcha_svg) if wizard.captcha_svg \
                    else ""
            except ValueError:
                svg = ""
            wizard.captcha_image = base64.b64encode(svg.encode()) if svg else False

    # ------------------------------------------------------------------ setup
    def _base_url(self):
        return self.env["ir.config_parameter"].sudo().get_param(
            PARAM_URL, portal_client.DEFAULT_BASE_URL)

    def _client(self):
        params = self.env["ir.config_parameter"].sudo()
        try:
            return PortalClient(
                self._base_url(),
                timeout=float(params.get_param(PARAM_TIMEOUT, portal_client.DEFAULT_TIMEOUT)),
                pace=float(params.get_param(PARAM_PACE, portal_client.DEFAULT_PACE)))
        except ValueError as exc:
            raise UserError(self.env._(
                "The tax portal's address (system parameter %(param)s) is refused: %(error)s. "
                "Ask an administrator to set it to https://hoadondientu.gdt.gov.vn/api.\n"
                "Địa chỉ cổng hóa đơn điện tử (tham số hệ thống %(param)s) không hợp lệ: "
                "%(error)s. Hãy nhờ quản trị viên đặt lại thành "
                "https://hoadondientu.gdt.gov.vn/api.", param=PARAM_URL, error=exc)) from None

    @api.model
    def _check_reconciliation(self, reconciliation):
        if not reconciliation:
            raise UserError(self.env._("Open the fetch from a reconciliation.\nHãy mở chức "
                                       "năng tải từ một phiếu đối chiếu."))
        reconciliation.check_access("write")
        check_company(self.env, reconciliation.company_id)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        reconciliation = self.env["l10n_vn_einvoice.portal_reconciliation"].browse(
            values.get("reconciliation_id") or self.env.context.get("default_reconciliation_id"))
        if reconciliation:
            self._check_reconciliation(reconciliation)
            values.setdefault("username", reconciliation.company_id._l10n_vn_einvoice_tax_code())
            if "captcha_key" in fields_list:  # opening the dialog, not filling a create
                values.update(self._new_captcha())
        return values

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:  # after the defaults: the dialog sends no reconciliation
            self._check_reconciliation(wizard.reconciliation_id)
        return wizards

    def write(self, vals):
        if "reconciliation_id" in vals:
            self._check_reconciliation(self.env["l10n_vn_einvoice.portal_reconciliation"]
                                       .browse(vals["reconciliation_id"]))
        return super().write(vals)

    def _new_captcha(self):
        client = self._client()
        try:
            captcha = client.captcha()
        except PortalError as exc:
            raise UserError(self._error_message(exc)) from None
        finally:
            client.close()
        return {"captcha_key": captcha.key, "captcha_text": False, "captcha_svg": captcha.svg}

    # ------------------------------------------------------------------ actions
    def action_new_captcha(self):
        """Another image (a captcha is used once, also by a failed login)."""
        self.ensure_one()
        self._check_reconciliation(self.reconciliation_id)
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "view_mode": "form",
            "target": "new", "name": self.env._("Fetch from the tax portal"),
            "context": {"default_reconciliation_id": self.reconciliation_id.id,
                        "default_username": self.username},
        }

    def action_fetch(self):
        self.ensure_one()
        password = self.env.context.get(PASSWORD_KEY) or ""
        # the password leaves the context here: nothing called from now on sees it
        return self.with_context(**{PASSWORD_KEY: None})._fetch(password)

    def _fetch(self, password):
        reconciliation = self.reconciliation_id
        self._check_reconciliation(reconciliation)
        if not (self.username and password and self.captcha_text and self.captcha_key):
            raise UserError(self.env._(
                "Type the login, the password and the characters of the image.\n"
                "Hãy nhập tên đăng nhập, mật khẩu và các ký tự trong hình."))
        client = self._client()
        try:
            client.login(self.username.strip(), password, self.captcha_key,
                         self.captcha_text.strip())
            fetched = client.fetch_period(DIRECTION[reconciliation.kind],
                                          reconciliation.date_from, reconciliation.date_to)
        except PortalError as exc:
            raise UserError(self._error_message(exc)) from None
        finally:
            client.close()
        self._attach(reconciliation, fetched)
        reconciliation._run()
        return {"type": "ir.actions.act_window_close"}

    def _attach(self, reconciliation, fetched):
        """The fetch as one file of the reconciliation, replacing an earlier fetch's."""
        earlier = reconciliation.file_ids.filtered(
            lambda a: (a.name or "").startswith(FETCHED_PREFIX))
        stamp = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        attachment = self.env["ir.attachment"].create({
            "name": f"{FETCHED_PREFIX} {reconciliation.kind} {reconciliation.date_from} "
                    f"{reconciliation.date_to} {stamp:%Y-%m-%d %H%M%S}.json",
            "raw": fetched.as_set(), "mimetype": "application/json",
            "res_model": reconciliation._name, "res_id": reconciliation.id})
        reconciliation.write({"file_ids": [(3, a.id) for a in earlier] + [(4, attachment.id)]})
        earlier.unlink()

    def _error_message(self, exc):
        """What the person must do, in English and Vietnamese, with the portal's words."""
        detail = exc.detail or exc.step
        messages = {
            portal_client.CAPTCHA: self.env._(
                "The tax portal refused the characters of the image (%(detail)s). Open "
                "\"Fetch from the portal\" again and type the characters of the new image."
                "\nCổng hóa đơn điện tử không chấp nhận mã xác nhận (%(detail)s). Hãy mở lại "
                "\"Tải từ cổng\" và nhập các ký tự của hình mới.", detail=detail),
            portal_client.LOGIN: self.env._(
                "The tax portal refused the login or the password (%(detail)s). Check them "
                "(the login is the tax code), open \"Fetch from the portal\" again and try "
                "again.\nCổng hóa đơn điện tử từ chối tên đăng nhập hoặc mật khẩu "
                "(%(detail)s). Hãy kiểm tra lại (tên đăng nhập là mã số thuế), mở lại \"Tải "
                "từ cổng\" rồi thử lại.", detail=detail),
            portal_client.FIREWALL: self.env._(
                "The tax portal's firewall blocked the request (%(detail)s). Wait a few "
                "minutes and try again; if it stays blocked, download the files from the "
                "portal's web page and upload them here.\nTường lửa của cổng hóa đơn điện "
                "tử đã chặn yêu cầu (%(detail)s). Hãy đợi vài phút rồi thử lại; nếu vẫn bị "
                "chặn, hãy tải các tệp từ trang web của cổng và tải lên tại đây.",
                detail=detail),
            portal_client.TIMEOUT: self.env._(
                "The tax portal did not answer in time (%(detail)s). Nothing was saved; try "
                "again later, or for a shorter period.\nCổng hóa đơn điện tử không trả lời "
                "kịp (%(detail)s). Chưa có gì được lưu; hãy thử lại sau hoặc với kỳ ngắn "
                "hơn.", detail=detail),
            portal_client.UNREACHABLE: self.env._(
                "The tax portal cannot be reached (%(detail)s). Check the server's internet "
                "connection and try again.\nKhông kết nối được cổng hóa đơn điện tử "
                "(%(detail)s). Hãy kiểm tra kết nối mạng của máy chủ rồi thử lại.",
                detail=detail),
            portal_client.SESSION: self.env._(
                "The tax portal ended the session (%(detail)s). Open \"Fetch from the "
                "portal\" again and log in again.\nCổng hóa đơn điện tử đã kết thúc phiên "
                "đăng nhập (%(detail)s). Hãy mở lại \"Tải từ cổng\" và đăng nhập lại.",
                detail=detail),
        }
        return messages.get(exc.kind) or self.env._(
            "The tax portal answered something unexpected (%(detail)s). Nothing was saved; "
            "try again later, or upload the files downloaded from the portal's web page.\n"
            "Cổng hóa đơn điện tử trả lời không như mong đợi (%(detail)s). Chưa có gì được "
            "lưu; hãy thử lại sau hoặc tải lên các tệp tải từ trang web của cổng.",
            detail=detail)
