"""What a vendor bill imported from a supplier's e-invoice remembers of it, and shows.

The identity of the invoice (seller's tax code, form, symbol, number — the key the tax
authority uses), its tax-authority or cash-register code and the checks made at import
are written once, by the import, and never by a user: a check result edited to hide a
signature that did not verify would defeat it.  So these fields are readonly in the
views *and* owned by the server (models/server_owned.py): ``create``/``write`` refuse
them unless the context carries the server's marker, which the import writes them with
(:data:`IMPORT_CONTEXT`), in the same write as the bill's lines.

One unique index makes "the same invoice is booked once per company" true even when two
mails bring it at the same moment.
"""

from markupsafe import Markup, escape

from odoo import api, fields, models

from ..standard import purchase_checks
from .server_owned import CONTEXT_KEY, SERVER

BANNER_CHECKS = 4  # the banner names the most serious; the tab lists them all
IMPORT_CONTEXT = {CONTEXT_KEY: SERVER}  # the import's own write (see the module docstring)
SEVERITY_LABELS = {"ok": ("OK", "Đạt"), "info": ("Info", "Thông tin"),
                   "warning": ("Warning", "Cảnh báo"), "error": ("Error", "Lỗi")}
SEVERITY_BADGES = {"ok": "text-bg-success", "info": "text-bg-info",
                   "warning": "text-bg-warning", "error": "text-bg-danger"}


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_in_key = fields.Char(
        "E-invoice identity", copy=False, readonly=True,
        help="Seller's tax code | form | symbol | number of the imported e-invoice.")
    l10n_vn_einvoice_in_form = fields.Char("Form (KHMSHDon)", copy=False, readonly=True)
    l10n_vn_einvoice_in_symbol = fields.Char("Symbol (KHHDon)", copy=False, readonly=True)
    l10n_vn_einvoice_in_number = fields.Char("Number (SHDon)", copy=False, readonly=True)
    l10n_vn_einvoice_in_seller_tax_code = fields.Char(
        "Seller's tax code (NBan/MST)", copy=False, readonly=True)
    l10n_vn_einvoice_in_buyer_tax_code = fields.Char(
        "Buyer's tax code (NMua/MST)", copy=False, readonly=True)
    l10n_vn_einvoice_in_tax_authority_code = fields.Char(
        "Tax authority code (MCCQT)", copy=False, readonly=True,
        help="The tax authority's code of a coded invoice, or the cash-register code.")
    l10n_vn_einvoice_in_version = fields.Char("Format version (PBan)", copy=False,
                                              readonly=True)
    l10n_vn_einvoice_in_correction = fields.Selection(
        [("replacement", "Replacement"), ("adjustment", "Adjustment")],
        string="Corrects an invoice", copy=False, readonly=True)
    l10n_vn_einvoice_in_corrected_ref = fields.Char("Corrected invoice", copy=False,
                                                    readonly=True)
    l10n_vn_einvoice_in_corrected_move_id = fields.Many2one(
        "account.move", string="Corrected bill", copy=False, readonly=True,
        index="btree_not_null")
    l10n_vn_einvoice_in_checks = fields.Json("E-invoice checks", copy=False, readonly=True)
    l10n_vn_einvoice_in_status = fields.Selection(
        [("ok", "Checks passed"), ("info", "Checks passed (with notes)"),
         ("warning", "Warnings"), ("error", "Errors")],
        string="E-invoice checks status", copy=False, readonly=True)
    l10n_vn_einvoice_in_checks_html = fields.Html(
        "E-invoice check results", compute="_compute_l10n_vn_einvoice_in_checks_html",
        sanitize=False)

    _l10n_vn_einvoice_in_key_uniq = models.UniqueIndex(
        "(company_id, l10n_vn_einvoice_in_key) WHERE l10n_vn_einvoice_in_key IS NOT NULL",
        "This e-invoice is already in Odoo.\nHóa đơn điện tử này đã có trong Odoo.")

    def _l10n_vn_einvoice_text(self, message, message_vi):
        """Vietnamese only for a Vietnamese user, both languages otherwise (house rule)."""
        if (self.env.lang or "").startswith("vi"):
            return message_vi or message
        return f"{message}\n{message_vi}" if message_vi and message_vi != message else message

    @api.depends("l10n_vn_einvoice_in_checks")
    @api.depends_context("lang")
    def _compute_l10n_vn_einvoice_in_checks_html(self):
        for move in self:
            checks = move.l10n_vn_einvoice_in_checks or []
            if not checks:
                move.l10n_vn_einvoice_in_checks_html = False
                continue
            rows = Markup().join(move._l10n_vn_einvoice_check_row(check) for check in checks)
            move.l10n_vn_einvoice_in_checks_html = Markup(
                '<table class="table table-sm o_l10n_vn_einvoice_in_checks"><tbody>%s'
                '</tbody></table>') % rows

    def _l10n_vn_einvoice_check_row(self, check):
        severity = check.get("severity", "info")
        label_en, label_vi = SEVERITY_LABELS.get(severity, (severity, severity))
        label = label_vi if (self.env.lang or "").startswith("vi") else label_en
        text = self._l10n_vn_einvoice_text(check.get("message", ""), check.get("message_vi", ""))
        signer = check.get("signer_tax_code") or ""
        extra = Markup('<br/><small class="text-muted">%s</small>') % self.env._(
            "Signer's tax code: %(code)s", code=signer) if signer else Markup()
        return Markup('<tr data-severity="%s" data-rule="%s"><td><span class="badge %s">%s'
                      '</span></td><td style="white-space: pre-wrap;">%s%s</td></tr>') % (
            severity, check.get("rule", ""), SEVERITY_BADGES.get(severity, ""), label,
            escape(text), extra)

    @api.depends("l10n_vn_einvoice_in_checks", "l10n_vn_einvoice_in_corrected_move_id")
    @api.depends_context("lang")
    def _compute_alerts(self):
        # EXTEND 'account': the import's warnings and errors in the bill's banner.
        return super()._compute_alerts()

    def _get_alerts(self):
        # EXTEND 'account'
        alerts = super()._get_alerts()
        if not self.l10n_vn_einvoice_in_key:
            return alerts
        serious = sorted(
            (check for check in self.l10n_vn_einvoice_in_checks or []
             if check.get("severity") in (purchase_checks.WARNING, purchase_checks.ERROR)),
            key=lambda check: check["severity"] != purchase_checks.ERROR)
        for index, check in enumerate(serious[:BANNER_CHECKS]):
            alerts[f"l10n_vn_einvoice_in_{index}"] = {
                "level": "danger" if check["severity"] == purchase_checks.ERROR else "warning",
                "message": self._l10n_vn_einvoice_text(check["message"], check.get("message_vi")),
            }
        if len(serious) > BANNER_CHECKS:
            alerts["l10n_vn_einvoice_in_more"] = {
                "level": "warning",
                "message": self.env._(
                    "%(count)s more findings: see the Vietnamese e-invoice tab.\nCòn %(count)s "
                    "nội dung khác: xem thẻ Hóa đơn điện tử Việt Nam.",
                    count=len(serious) - BANNER_CHECKS),
            }
        corrected = self.l10n_vn_einvoice_in_corrected_move_id
        if corrected:
            if self.l10n_vn_einvoice_in_correction == "replacement":
                message = self.env._(
                    "This invoice replaces %(ref)s, booked as %(bill)s.\nHóa đơn này thay thế "
                    "hóa đơn %(ref)s, đã ghi sổ là %(bill)s.",
                    ref=self.l10n_vn_einvoice_in_corrected_ref, bill=corrected.display_name)
            else:
                message = self.env._(
                    "This invoice adjusts %(ref)s, booked as %(bill)s.\nHóa đơn này điều chỉnh "
                    "hóa đơn %(ref)s, đã ghi sổ là %(bill)s.",
                    ref=self.l10n_vn_einvoice_in_corrected_ref, bill=corrected.display_name)
            alerts["l10n_vn_einvoice_in_corrected"] = {
                "level": "info", "message": message,
                "action_text": self.env._("Open the corrected bill"),
                "action": corrected._get_records_action(),
            }
        return alerts
