"""Corrections of an issued e-invoice: which method the law allows on a given date, the
04/SS-HĐĐT notice and the data a correcting invoice carries about the invoices it fixes.

The rules are asked of ``standard.regimes`` with the date of the *correction*, not of the
original: invoices issued under Decree 70 are corrected under Decree 254 once it is in
force (NĐ 254 Đ24 k2)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..standard import regimes
from ..standard.regimes import DECREE_254
from .einvoice_access import MANAGER, USER, check_group
from .einvoice_correction_list import CAUSE_SELECTION

# States in which the tax authority holds the invoice, so that it can be corrected.
CORRECTABLE_STATES = ("sent", "accepted", "adjusted", "notified")
# A correcting document that was voided or rejected never became a correction.
DEAD_STATES = ("draft", "voided", "rejected")
METHOD_FOR_TYPE = {"adjustment": regimes.ADJUST, "replacement": regimes.REPLACE}
# TT 91/2026 Đ10 k6 a: later corrections use the method of the first one.
SAME_METHOD_FROM = DECREE_254.valid_from


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    notice_attachment_ids = fields.Many2many(
        "ir.attachment", "l10n_vn_einvoice_document_notice_rel", "document_id",
        "attachment_id", string="04/SS notices", readonly=True, copy=False)
    corrected_document_ids = fields.Many2many(
        "l10n_vn_einvoice.document", "l10n_vn_einvoice_document_corrected_rel",
        "correction_id", "original_id", string="Corrects (01/BK-ĐCTT list)", readonly=True,
        copy=False, help="All invoices corrected by this one when it corrects several "
                         "invoices of one buyer in one month.")
    # The web client's expression language has no len(): the form shows the list only
    # when it holds more than the one corrected_document_id already shows.
    corrected_document_count = fields.Integer(string="Number of invoices corrected",
                                              compute="_compute_corrected_document_count")
    agreement_name = fields.Char(string="Agreement document", readonly=True, copy=False)
    agreement_date = fields.Date(readonly=True, copy=False)
    cause_code = fields.Selection(CAUSE_SELECTION, string="Cause code", readonly=True,
                                  copy=False)
    correction_list_attachment_id = fields.Many2one(
        "ir.attachment", string="01/BK-ĐCTT list", readonly=True, copy=False,
        index="btree_not_null")

    @api.depends("corrected_document_ids")
    def _compute_corrected_document_count(self):
        for doc in self:
            doc.corrected_document_count = len(doc.corrected_document_ids)

    # ------------------------------------------------------------------ rules
    def _l10n_vn_einvoice_live_corrections(self):
        self.ensure_one()
        corrections = self.search([("corrected_document_ids", "in", self.ids)])
        return (corrections | self.corrected_by_ids).filtered(
            lambda d: d.state not in DEAD_STATES)

    def _l10n_vn_einvoice_agreement_required(self, on_date):
        """A business buyer signs an agreement before the correction (NĐ 70 k13 Đ1 ý 4);
        from 2026-07-01 not for data sent by summary table, which in this addon are the
        uncoded invoices (NĐ 254 Đ16 k3 a.1)."""
        self.ensure_one()
        if not self.buyer_tax_code:
            return False
        return not (on_date >= DECREE_254.valid_from and self.kind == "uncoded")

    def _l10n_vn_einvoice_check_correction(self, method, on_date):
        """Refuse, with the rule, a correction the law does not allow on ``on_date``."""
        for doc in self:
            if doc.state not in CORRECTABLE_STATES:
                raise UserError(self.env._(
                    "E-invoice %(name)s is %(state)s: only an invoice the tax authority has "
                    "received can be adjusted or replaced.\nHóa đơn %(name)s chưa được gửi "
                    "đến cơ quan thuế hoặc đã bị thay thế: không thể điều chỉnh, thay thế.",
                    name=doc.name, state=doc.state))
            allowed = regimes.correction_methods(on_date, doc.kind)
            if method not in allowed:
                raise UserError(self.env._(
                    "From 1 July 2026 a cash-register invoice can only be replaced, not "
                    "adjusted (Circular 91/2026, art. 10.1.c): %(name)s.\nTừ ngày 01/07/2026 "
                    "hóa đơn khởi tạo từ máy tính tiền chỉ được thay thế, không được điều "
                    "chỉnh (Thông tư 91/2026, Điều 10 khoản 1 điểm c): %(name)s.",
                    name=doc.name))
            first = doc._l10n_vn_einvoice_live_corrections().sorted("id")[:1]
            first_method = METHOD_FOR_TYPE.get(first.correction_type)
            if on_date >= SAME_METHOD_FROM and first_method and first_method != method:
                raise UserError(self.env._(
                    "E-invoice %(name)s was first corrected by %(first)s %(by)s: later "
                    "corrections must use the same method (Circular 91/2026, art. 10.6.a)."
                    "\nHóa đơn %(name)s đã được xử lý lần đầu bằng hình thức %(first)s "
                    "(%(by)s): các lần sau phải dùng cùng hình thức.",
                    name=doc.name, first=first.correction_type, by=first.name))

    # ------------------------------------------------------------------ 04/SS notice
    def _l10n_vn_einvoice_store_notice(self, xml_bytes):
        """Keep the notice for 10 years next to the invoice it concerns."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].sudo().create({
            "name": f"{self.form}{self.symbol}_{self.number or self.tax_authority_code}"
                    f"_04SS_{len(self.notice_attachment_ids) + 1}.xml",
            "raw": xml_bytes, "mimetype": "application/xml",
            "res_model": self._name, "res_id": self.id, "company_id": self.company_id.id,
        })
        self._l10n_vn_einvoice_set_outcome({"notice_attachment_ids": [(4, attachment.id)]})
        return attachment

    def _l10n_vn_einvoice_notice_xml(self):
        """The latest 04/SS notice of this document: what the outbox sends."""
        self.ensure_one()
        notice = self.notice_attachment_ids.sorted("id")[-1:]
        if not notice:
            raise UserError(self.env._("E-invoice %(name)s has no 04/SS-HĐĐT notice to send.\nHóa "
                                       "đơn %(name)s không có thông báo 04/SS-HĐĐT để gửi.",
                                       name=self.name))
        return notice.sudo().raw

    # ------------------------------------------------------------------ buttons
    def _l10n_vn_einvoice_open_wizard(self, res_model, title):
        return {
            "type": "ir.actions.act_window", "name": title, "res_model": res_model,
            "view_mode": "form", "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids,
                        "active_id": self[:1].id},
        }

    def action_l10n_vn_einvoice_correct(self):
        check_group(self.env, MANAGER, self.env._("Adjust or replace the e-invoice"))
        return self._l10n_vn_einvoice_open_wizard("l10n_vn_einvoice.correction.wizard",
                                                  self.env._("Adjust or replace the e-invoice"))

    def action_l10n_vn_einvoice_notice(self):
        check_group(self.env, USER, self.env._("Notify a wrong buyer name or address"))
        return self._l10n_vn_einvoice_open_wizard("l10n_vn_einvoice.notice.wizard",
                                                  self.env._(
                                                      "Notify a wrong buyer name or address"))

    def action_l10n_vn_einvoice_void(self):
        check_group(self.env, MANAGER, self.env._("Void the e-invoice"))
        return self._l10n_vn_einvoice_open_wizard("l10n_vn_einvoice.void.wizard",
                                                  self.env._("Void the e-invoice"))
