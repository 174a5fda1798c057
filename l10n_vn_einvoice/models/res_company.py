from urllib.parse import urlparse

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..standard import codes
from ..standard.errors import InvalidCode

PROVIDERS = [
    ("sandbox", "Sandbox (loopback test provider)"),
    ("vnpt", "VNPT Invoice (SOAP)"),
    ("viettel", "Viettel S-Invoice (REST)"),
    ("bkav", "BKAV eHoaDon (SOAP)"),
    ("easyinvoice", "EasyInvoice / Softdreams (REST)"),
    ("misa", "MISA meInvoice (REST)"),
]
SANDBOX_URL = "http://127.0.0.1:8899"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
MANAGER = "l10n_vn_einvoice.group_manager"
# MSTTCGP: tax code of the e-invoice solution provider (required from format 2.1.0).
# The sandbox stands in for VNPT and declares VNPT's code.
PROVIDER_TAX_CODES = {"sandbox": "0100684378", "vnpt": "0100684378", "viettel": "0100109106",
                      "easyinvoice": "0105987432", "misa": "0101243150"}


def provider_tax_code(company):
    return (company.l10n_vn_einvoice_provider_tax_code
            or PROVIDER_TAX_CODES.get(company.l10n_vn_einvoice_provider, ""))


class ResCompany(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_provider = fields.Selection(
        PROVIDERS, string="E-invoice provider", default="sandbox", required=True)
    l10n_vn_einvoice_provider_url = fields.Char(
        string="Provider endpoint", default=SANDBOX_URL,
        help="Base URL of the provider's service. The sandbox only runs on loopback.")
    l10n_vn_einvoice_provider_tax_code = fields.Char(
        string="Provider tax code (MSTTCGP)", size=14,
        help="Tax code of the e-invoice provider written in every invoice. Empty: the "
             "known code of the chosen provider.")
    # Credentials: readable by e-invoice managers only; never sent to the POS.
    l10n_vn_einvoice_username = fields.Char(string="Provider username", groups=MANAGER)
    l10n_vn_einvoice_password = fields.Char(string="Provider password", groups=MANAGER)
    l10n_vn_einvoice_account = fields.Char(
        string="Provider account", groups=MANAGER,
        help="VNPT: the Account of the web service (with its ACpass); "
             "BKAV: the partner GUID; MISA meInvoice: the AppID.")
    l10n_vn_einvoice_account_password = fields.Char(
        string="Provider account password", groups=MANAGER,
        help="VNPT: ACpass; BKAV: the partner token (key and IV).")
    l10n_vn_einvoice_certificate_id = fields.Many2one(
        "certificate.certificate", string="Signing certificate", groups=MANAGER,
        domain="[('scope', '=', 'l10n_vn_einvoice')]",
        help="PKCS#12 certificate of the seller used for XML-DSig signatures.")
    l10n_vn_einvoice_tax_method = fields.Selection(
        [("deduction", "Deduction method (VAT invoices, form 1)"),
         ("direct", "Direct method (sales invoices, form 2)")],
        string="VAT method", default="deduction", required=True)
    l10n_vn_einvoice_form = fields.Selection(
        [(str(n), str(n)) for n in range(1, 10)], string="Default form digit",
        compute="_compute_l10n_vn_einvoice_form", store=True, readonly=False)
    l10n_vn_einvoice_symbol = fields.Char(
        string="Default invoice symbol", size=6,
        help="Symbol of coded/uncoded invoices, e.g. C26TAA. Empty: C<year>TAA.")
    l10n_vn_einvoice_pos_symbol = fields.Char(
        string="Default cash-register symbol", size=6,
        help="Symbol of the first cash-register POS, e.g. C26MAA (empty: C<year>MAA); each "
             "further POS gets the next free last two characters (C26MAB…), so that every "
             "register numbers its own invoices.")
    l10n_vn_einvoice_legal_name = fields.Char(
        string="Legal name on invoices", help="Empty: the company name.")
    l10n_vn_einvoice_legal_address = fields.Char(
        string="Legal address on invoices", help="Empty: the company address.")

    @api.depends("l10n_vn_einvoice_tax_method")
    def _compute_l10n_vn_einvoice_form(self):
        for company in self:
            company.l10n_vn_einvoice_form = (
                "2" if company.l10n_vn_einvoice_tax_method == "direct" else "1")

    @api.constrains("vat", "account_fiscal_country_id")
    def _check_l10n_vn_einvoice_vat(self):
        for company in self:
            if company.account_fiscal_country_id.code != "VN" or not company.vat:
                continue
            try:
                codes.validate_tax_id(company.vat)
            except InvalidCode as error:
                raise ValidationError(self.env._(
                    "Company %(company)s: the tax code (MST) %(vat)s is not valid: "
                    "%(reason)s\nMã số thuế %(vat)s không hợp lệ: %(reason_vi)s",
                    company=company.name, vat=company.vat, reason=error.message,
                    reason_vi=error.message_vi)) from None

    @api.constrains("l10n_vn_einvoice_symbol", "l10n_vn_einvoice_pos_symbol")
    def _check_l10n_vn_einvoice_symbols(self):
        today = fields.Date.context_today(self)
        checks = (("l10n_vn_einvoice_symbol", None),
                  ("l10n_vn_einvoice_pos_symbol", "cash_register"))
        for company in self:
            for fname, kind in checks:
                symbol = company[fname]
                if not symbol:
                    continue
                try:
                    codes.validate_symbol(symbol, today, kind=kind)
                except InvalidCode as error:
                    raise ValidationError(self.env._(
                        "Invoice symbol %(symbol)s: %(reason)s\nKý hiệu hóa đơn %(symbol)s: "
                        "%(reason_vi)s", symbol=symbol, reason=error.message,
                        reason_vi=error.message_vi)) from None

    @api.constrains("l10n_vn_einvoice_provider", "l10n_vn_einvoice_provider_url")
    def _check_l10n_vn_einvoice_provider_url(self):
        for company in self:
            url = company.l10n_vn_einvoice_provider_url or ""
            parsed = urlparse(url)
            if url and (parsed.scheme not in ("http", "https") or not parsed.hostname):
                raise ValidationError(self.env._(
                    "The provider endpoint %(url)s is not an http(s) URL.\n"
                    "Địa chỉ dịch vụ %(url)s không phải URL http(s).", url=url))
            if company.l10n_vn_einvoice_provider == "sandbox" and url \
                    and parsed.hostname not in LOOPBACK_HOSTS:
                raise ValidationError(self.env._(
                    "The sandbox provider only runs on this machine (127.0.0.1); "
                    "%(url)s is not a loopback address.\nMôi trường thử nghiệm chỉ chạy "
                    "trên máy này (127.0.0.1); %(url)s không phải địa chỉ loopback.", url=url))

    def _l10n_vn_einvoice_tax_code(self):
        """The company's tax code in its legal form (10 digits, 10-3, or a household
        business's 12-digit personal ID), however it was typed."""
        self.ensure_one()
        return codes.normalise_tax_id(self.vat)

    def _l10n_vn_einvoice_symbol_for(self, kind, on_date):
        """The symbol to issue with on ``on_date``.

        The symbol's year digits must be the issue year, so a symbol configured last year
        (C25TAB) carries on as C26TAB; with nothing configured, C<yy>TAA / C<yy>MAA.
        """
        self.ensure_one()
        symbol = (self.l10n_vn_einvoice_pos_symbol if kind == "cash_register"
                  else self.l10n_vn_einvoice_symbol)
        if not symbol:
            return codes.suggest_symbol(kind, on_date)
        return f"{symbol[0]}{on_date.year % 100:02d}{symbol[3:]}"
