import logging
from dataclasses import replace

from odoo import fields, models
from odoo.exceptions import UserError

from ..providers import registry
from ..providers.sandbox.core import DEFAULT_ACCOUNT as SANDBOX_ACCOUNT
from ..providers.sandbox.core import DEFAULT_PASSWORD as SANDBOX_PASSWORD
from ..standard import issue_xml, model, xml_parse
from ..standard.errors import StandardError
from .res_company import MANAGER

_logger = logging.getLogger(__name__)


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_related(self, nature):
        """The TTHDLQuan block that points at this document from a correction."""
        self.ensure_one()
        date = self.issue_date
        verb = "Thay thế cho" if nature == model.REPLACEMENT else "Điều chỉnh cho"
        return model.RelatedInvoice(
            nature=nature, form=self.form, symbol=self.symbol, number=str(self.number or ""),
            date=date, invoice_type=1,
            note=(f"{verb} hóa đơn Mẫu số {self.form} ký hiệu {self.symbol} số "
                  f"{self.number} ngày {date.day:02d} tháng {date.month:02d} năm {date.year}"))

    def _l10n_vn_einvoice_signing_key(self):
        certificate = self.company_id.sudo().l10n_vn_einvoice_certificate_id
        try:
            return self.company_id.sudo()._l10n_vn_einvoice_signing_key()
        except StandardError as error:
            raise UserError(self.env._(
                "The signing certificate %(name)s cannot be used: %(reason)s\nKhông dùng "
                "được chứng thư số %(name)s: %(reason_vi)s", name=certificate.name,
                reason=error.message, reason_vi=error.message_vi)) from None

    def _l10n_vn_einvoice_sign(self, root):
        """(bytes, signed) of the validated ``HDon`` element ``root``, signed in place with
        the company certificate when there is one; else the provider signs with the
        seller's key it holds (VNPT ImportAndPublishInv, Viettel, BKAV)."""
        self.ensure_one()
        if self.kind == "cash_register":
            # no digital signature required (NĐ 123 Đ11 k2 b)
            return issue_xml.sign_and_serialize(root)
        return issue_xml.sign_and_serialize(root, self._l10n_vn_einvoice_signing_key())

    def _l10n_vn_einvoice_invoice_data(self):
        """The invoice as stored (parsed back from the frozen XML: one source of truth)."""
        self.ensure_one()
        invoice = xml_parse.parse_invoice(self._l10n_vn_einvoice_xml())
        return invoice if invoice.kind == self.kind else replace(invoice, kind=self.kind)

    def _l10n_vn_einvoice_attach(self, data, suffix):
        self.ensure_one()
        return self.env["ir.attachment"].sudo().create({
            "name": f"{self.form}{self.symbol}_{self.number or self.tax_authority_code}"
                    f"_{suffix}.xml",
            "raw": data, "mimetype": "application/xml",
            "res_model": self._name, "res_id": self.id, "company_id": self.company_id.id,
        })

    def _l10n_vn_einvoice_alert_manager(self, message):
        """An activity for the e-invoice managers of the company (AC-04)."""
        self.ensure_one()
        group = self.env.ref(MANAGER)
        manager = group.sudo().all_user_ids.filtered(
            lambda u: self.company_id in u.company_ids and not u.share)[:1]
        self.sudo().message_post(body=message)
        if manager:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo", user_id=manager.id,
                summary=self.env._("E-invoice needs attention / Hóa đơn điện tử cần xử lý"),
                note=message, date_deadline=fields.Date.context_today(self))


# The credentials each provider's client sends (field of res.company per provider).  The
# sandbox speaks VNPT's contract and checks its own account: left empty, it is called
# with its public default account.
REQUIRED_CREDENTIALS = {
    "vnpt": ("l10n_vn_einvoice_username", "l10n_vn_einvoice_password",
             "l10n_vn_einvoice_account", "l10n_vn_einvoice_account_password"),
    "viettel": ("l10n_vn_einvoice_username", "l10n_vn_einvoice_password"),
    "bkav": ("l10n_vn_einvoice_account", "l10n_vn_einvoice_account_password"),
    "easyinvoice": ("l10n_vn_einvoice_username", "l10n_vn_einvoice_password"),
    "misa": ("l10n_vn_einvoice_username", "l10n_vn_einvoice_password",
             "l10n_vn_einvoice_account"),
}
REQUIRED_CREDENTIALS["sandbox"] = REQUIRED_CREDENTIALS["vnpt"]


class ResCompany(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_missing_credentials(self):
        """Labels of the credentials this company's provider needs and that are empty."""
        self.ensure_one()
        company = self.sudo()
        return [company._fields[fname].get_description(self.env)["string"]
                for fname in REQUIRED_CREDENTIALS[company.l10n_vn_einvoice_provider]
                if not company[fname]]

    def _l10n_vn_einvoice_client(self):
        """The provider client of this company; the sandbox speaks VNPT's contract but
        logs and introduces itself as the sandbox."""
        self.ensure_one()
        name = self.l10n_vn_einvoice_provider
        # Without credentials of its own, the sandbox uses its public default account.
        sandbox = name == "sandbox"
        account = SANDBOX_ACCOUNT if sandbox else ""
        password = SANDBOX_PASSWORD if sandbox else ""
        credentials = {
            "username": self.l10n_vn_einvoice_username or account,
            "password": self.l10n_vn_einvoice_password or password,
            "account": self.l10n_vn_einvoice_account or account,
            "account_password": self.l10n_vn_einvoice_account_password or password,
        }
        if name == "bkav":  # the partner GUID and token, kept as account and its password
            credentials.update(username=credentials["account"],
                               password=credentials["account_password"])
        client = registry.make_client(
            "vnpt" if name == "sandbox" else name,
            self.l10n_vn_einvoice_provider_url or "http://127.0.0.1:8899",
            seller_tax_code=self._l10n_vn_einvoice_tax_code(),
            # Odoo numbers gap-free and the number is in the stored XML: keep it.
            caller_numbers=True,
            # "We sign": the provider gets the seller's signature (VNPT's hash flow), made
            # in the outbox worker that calls the client.
            signer=self._l10n_vn_einvoice_signing_key()
            if self.sudo().l10n_vn_einvoice_signing_mode == "seller" else None,
            **credentials,
        )
        if name == "sandbox":
            client.name = "sandbox"
            client.title = "Sandbox provider (VNPT contract)"
            client.title_vi = "Nhà cung cấp thử nghiệm (giao thức VNPT)"
        return client
