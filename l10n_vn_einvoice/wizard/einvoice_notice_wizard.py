"""Form 04/SS-HĐĐT for an invoice whose buyer name or address is wrong while its MST and
everything else are right: the law wants a notice, not a new invoice (NĐ 70/2025 k13 Đ1
ý 1; TT 91/2026 Đ10 k1 a).  The notice is built, validated and stored here, in the user's
transaction; the outbox sends it."""

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.account_move import problems_message
from ..models.einvoice_document_corrections import CORRECTABLE_STATES
from ..standard import notice, regimes, validate, xmldsig
from ..standard.errors import StandardError

DEFAULT_REASON = "Sai tên, địa chỉ người mua; mã số thuế và các nội dung khác đúng"


class L10nVnEinvoiceNoticeWizard(models.TransientModel):
    _name = "l10n_vn_einvoice.notice.wizard"
    _description = "E-invoice error notice (04/SS-HĐĐT)"

    document_id = fields.Many2one(
        "l10n_vn_einvoice.document", required=True, readonly=True,
        default=lambda self: self.env.context.get("active_id"))
    company_id = fields.Many2one(related="document_id.company_id")
    date = fields.Date(string="Notice date", required=True,
                       default=fields.Date.context_today)
    tax_office_code = fields.Char(string="Tax office code (MCQT)", size=5, required=True,
                                  compute="_compute_tax_office", store=True, readonly=False,
                                  precompute=True)
    tax_office_name = fields.Char(string="Tax office name", size=100, required=True,
                                  compute="_compute_tax_office", store=True, readonly=False,
                                  precompute=True)
    place = fields.Char(size=50, required=True, compute="_compute_tax_office", store=True,
                        readonly=False, precompute=True)
    reason = fields.Char(size=255, required=True, default=DEFAULT_REASON,
                         help="What is wrong and what is right (LDo, 255 characters).")

    @api.depends("document_id")
    def _compute_tax_office(self):
        for wizard in self:
            company = wizard.document_id.company_id
            wizard.tax_office_code = company.l10n_vn_einvoice_tax_office_code
            wizard.tax_office_name = company.l10n_vn_einvoice_tax_office_name
            wizard.place = (company.city or company.state_id.name or "")[:50]

    def _notice(self):
        doc = self.document_id
        company = doc.company_id
        return notice.ErrorNotice(
            tax_office_code=self.tax_office_code, tax_office_name=self.tax_office_name,
            taxpayer_name=company.l10n_vn_einvoice_legal_name or company.name,
            tax_code=company.vat or "", place=self.place, date=self.date,
            version=regimes.format_version_on(self.date),
            items=(notice.NoticeItem(
                seq=1, form=doc.form, symbol=doc.symbol, number=str(doc.number or ""),
                date=doc.issue_date, action=notice.ACTION_EXPLAIN, reason=self.reason,
                tax_authority_code=doc.tax_authority_code or ""),))

    def action_send(self):
        """Build, validate, sign (when the company signs) and queue the notice."""
        self.ensure_one()
        doc = self.document_id
        if doc.state not in CORRECTABLE_STATES:
            raise UserError(self.env._(
                "E-invoice %(name)s has not reached the tax authority or was replaced: there "
                "is nothing to notify.\nHóa đơn %(name)s chưa đến cơ quan thuế hoặc đã bị thay "
                "thế: không có gì để thông báo.", name=doc.name))
        try:
            xml = notice.build_notice(self._notice())
        except StandardError as error:
            raise UserError(self.env._("%(field)s: %(reason)s\n%(field)s: %(reason_vi)s",
                                       field=error.field, reason=error.message,
                                       reason_vi=error.message_vi)) from None
        xml = etree.tostring(xml, encoding="UTF-8", xml_declaration=True)
        problems = validate.validate_document(xml)
        if problems:
            raise UserError(problems_message(self.env, problems))
        key = doc._l10n_vn_einvoice_signing_key()
        if key is not None:
            xml = xmldsig.sign_element(xml, key)
        company = doc.company_id.sudo()
        if not company.l10n_vn_einvoice_tax_office_code:
            company.write({"l10n_vn_einvoice_tax_office_code": self.tax_office_code,
                           "l10n_vn_einvoice_tax_office_name": self.tax_office_name})
        doc._l10n_vn_einvoice_store_notice(xml)
        doc._l10n_vn_einvoice_set_outcome({"state": "notified"})
        doc._l10n_vn_einvoice_enqueue("notice")
        doc.message_post(body=self.env._(
            "04/SS-HĐĐT notice queued for the tax authority: %(reason)s\nĐã lập thông báo "
            "04/SS-HĐĐT gửi cơ quan thuế: %(reason)s", reason=self.reason))
        return {"type": "ir.actions.act_window_close"}
