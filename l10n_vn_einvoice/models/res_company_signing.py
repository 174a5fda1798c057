"""Who signs the company's e-invoices: the provider (remote signing) or the company itself
with its own certificate (issue 15 §1).

"We sign" sends the seller's signature to the provider through its hash flow
(providers/vnpt_token.py): only VNPT (and the sandbox speaking VNPT's contract) offer one
the addon implements; Viettel's and BKAV's public documentation describes none, so for
them the provider keeps signing.  The certificate is refused when it cannot make the
seller's legal signature: another company's MST, expired, not yet valid, or no private
key.  Managers are warned 30 and 7 days before it expires (a daily cron, Vietnam dates).
"""

import base64
import datetime

from cryptography import x509

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..standard import codes, xmldsig
from ..standard.errors import InvalidCode, StandardError
from ..standard.signature_layout import VN_TZ, certificate_tax_code
from ..standard.vn_dates import day_text
from .res_company import MANAGER

SIGNING_MODES = [("provider", "The provider signs (its remote signing)"),
                 ("seller", "We sign with our certificate")]
# Providers whose certificate-signed flow the addon implements.
SELLER_SIGNING_PROVIDERS = ("vnpt", "sandbox", "easyinvoice", "misa")
EXPIRY_WARNINGS = (30, 7)  # days before the certificate's end


def certificate_facts(certificate):
    """(x509 certificate or None, holder, MST, issuer) of a ``certificate.certificate``."""
    if not certificate or not certificate.pem_certificate:
        return None, "", "", ""
    try:
        cert = x509.load_pem_x509_certificate(base64.b64decode(certificate.pem_certificate))
    except ValueError:
        return None, "", "", ""
    holder = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    issuer = cert.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return (cert, holder[0].value if holder else cert.subject.rfc4514_string(),
            certificate_tax_code(cert),
            issuer[0].value if issuer else cert.issuer.rfc4514_string())


def vn_date(moment):
    """The Vietnam calendar date of a naive-UTC datetime (Odoo's Datetime values)."""
    return moment.replace(tzinfo=datetime.UTC).astimezone(VN_TZ).date()


class ResCompany(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_signing_mode = fields.Selection(
        SIGNING_MODES, string="Who signs the e-invoices", default="provider", required=True,
        groups=MANAGER,
        help="The provider signs with the certificate it holds for the company (remote "
             "signing), or the company signs each invoice with its own certificate and the "
             "provider receives that signature (VNPT, EasyInvoice, MISA meInvoice and the "
             "sandbox).")
    l10n_vn_einvoice_certificate_alert = fields.Char(
        string="Certificate expiry warning sent", groups=MANAGER, copy=False,
        help="The last expiry warning sent: certificate id and days before expiry.")

    @api.constrains("l10n_vn_einvoice_signing_mode", "l10n_vn_einvoice_certificate_id",
                    "l10n_vn_einvoice_provider", "vat")
    def _check_l10n_vn_einvoice_signing(self):
        for company in self.sudo():
            if company.l10n_vn_einvoice_signing_mode == "seller":
                company._l10n_vn_einvoice_check_seller_signing()

    def _l10n_vn_einvoice_check_seller_signing(self):
        """Refuse, with what to do, a setting under which the company could not sign."""
        self.ensure_one()
        company = self.sudo()
        if company.l10n_vn_einvoice_provider not in SELLER_SIGNING_PROVIDERS:
            raise ValidationError(self.env._(
                "%(company)s: %(provider)s publishes no way to receive the seller's own "
                "signature; keep \"The provider signs\" or choose VNPT.\n%(company)s: "
                "%(provider)s không công bố cách nhận chữ ký số của người bán; hãy giữ "
                "\"Nhà cung cấp ký\" hoặc chọn VNPT.", company=company.name,
                provider=dict(company._fields["l10n_vn_einvoice_provider"].selection)[
                    company.l10n_vn_einvoice_provider]))
        certificate = company.l10n_vn_einvoice_certificate_id
        if not certificate:
            raise ValidationError(self.env._(
                "%(company)s signs its e-invoices itself: choose its signing certificate.\n"
                "%(company)s tự ký hóa đơn điện tử: hãy chọn chứng thư số ký hóa đơn.",
                company=company.name))
        cert, _holder, tax_code, _issuer = certificate_facts(certificate)
        try:
            company_mst = codes.validate_tax_id(company.vat or "")
            cert_mst = codes.validate_tax_id(tax_code) if tax_code else ""
        except InvalidCode:
            company_mst, cert_mst = company.vat or "", tax_code
        if cert is None or not cert_mst or cert_mst != company_mst:
            raise ValidationError(self.env._(
                "Certificate %(certificate)s is issued to MST %(mst)s, not to %(company)s "
                "(MST %(company_mst)s): choose the company's own certificate.\nChứng thư "
                "%(certificate)s cấp cho MST %(mst)s, không phải của %(company)s (MST "
                "%(company_mst)s): hãy chọn chứng thư của chính công ty.",
                certificate=certificate.name, mst=tax_code or "-", company=company.name,
                company_mst=company.vat or "-"))
        now = datetime.datetime.now(datetime.UTC)
        if now > cert.not_valid_after.replace(tzinfo=datetime.UTC):
            raise ValidationError(self.env._(
                "Certificate %(certificate)s expired on %(date)s: renew it with the CA and "
                "upload the new one.\nChứng thư %(certificate)s đã hết hạn ngày %(date)s: "
                "hãy gia hạn với tổ chức cung cấp dịch vụ chứng thực và tải chứng thư mới "
                "lên.", certificate=certificate.name,
                date=day_text(vn_date(cert.not_valid_after))))
        if now < cert.not_valid_before.replace(tzinfo=datetime.UTC):
            raise ValidationError(self.env._(
                "Certificate %(certificate)s is valid only from %(date)s: keep the current "
                "one until then.\nChứng thư %(certificate)s chỉ có hiệu lực từ ngày %(date)s: "
                "hãy dùng chứng thư hiện tại đến ngày đó.", certificate=certificate.name,
                date=day_text(vn_date(cert.not_valid_before))))
        try:
            company._l10n_vn_einvoice_signing_key()
        except StandardError as error:
            raise ValidationError(self.env._(
                "Certificate %(certificate)s cannot sign: %(reason)s. Upload the PKCS#12 "
                "file holding its private key.\nChứng thư %(certificate)s không ký được: "
                "%(reason_vi)s. Hãy tải lên tệp PKCS#12 có khóa bí mật.",
                certificate=certificate.name, reason=error.message,
                reason_vi=error.message_vi)) from None

    def _l10n_vn_einvoice_signing_key(self):
        """The company's signing key (a :class:`..standard.signer.Signer`), or None; raises
        StandardError when the certificate holds no usable private key."""
        self.ensure_one()
        certificate = self.sudo().l10n_vn_einvoice_certificate_id
        if not certificate:
            return None
        cache_key = (certificate.id, str(certificate.write_date))
        if cache_key not in _KEY_CACHE:
            if certificate.content_format == "pkcs12":
                key = xmldsig.load_pkcs12(base64.b64decode(certificate.content),
                                          certificate.pkcs12_password)
            elif certificate.private_key_id:
                key = xmldsig.load_pem(base64.b64decode(certificate.private_key_id.pem_key),
                                       base64.b64decode(certificate.pem_certificate))
            else:
                raise StandardError("certificate", "certificate.no_private_key",
                                    "the certificate has no private key",
                                    "chứng thư số không có khóa bí mật")
            _KEY_CACHE[cache_key] = key
        return _KEY_CACHE[cache_key]

    @api.model
    def _cron_l10n_vn_einvoice_certificate_expiry(self):
        """An activity for each e-invoice manager of a company whose signing certificate
        ends in 30 days or fewer, and again at 7 (Vietnam dates), once per threshold."""
        today = datetime.datetime.now(VN_TZ).date()
        managers = self.env.ref(MANAGER).sudo().all_user_ids.filtered(lambda u: not u.share)
        for company in self.sudo().search([("l10n_vn_einvoice_certificate_id", "!=", False)]):
            cert = certificate_facts(company.l10n_vn_einvoice_certificate_id)[0]
            if cert is None:
                continue
            end = vn_date(cert.not_valid_after)
            left = (end - today).days
            due = [days for days in EXPIRY_WARNINGS if left <= days]
            if not due or left < 0:
                continue
            marker = f"{company.l10n_vn_einvoice_certificate_id.id}:{min(due)}"
            if company.l10n_vn_einvoice_certificate_alert == marker:
                continue
            company.l10n_vn_einvoice_certificate_alert = marker
            note = self.env._(
                "The e-invoice signing certificate %(certificate)s of %(company)s expires on "
                "%(date)s (in %(days)s days): renew it with the CA and upload the new one in "
                "the e-invoicing settings.\nChứng thư số ký hóa đơn %(certificate)s của "
                "%(company)s hết hạn ngày %(date)s (còn %(days)s ngày): hãy gia hạn và tải "
                "chứng thư mới lên trong cấu hình hóa đơn điện tử.",
                certificate=company.l10n_vn_einvoice_certificate_id.name,
                company=company.name, date=end.isoformat(), days=left)
            for user in managers.filtered(lambda u, c=company: c in u.company_ids):
                company.partner_id.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=user.id, note=note,
                    summary=self.env._("Signing certificate expires / Chứng thư số sắp hết "
                                       "hạn"), date_deadline=end)


# Loaded signing keys by (certificate id, write date): parsing a PKCS#12 costs more than
# signing, and the key never leaves the server process.
_KEY_CACHE = {}
