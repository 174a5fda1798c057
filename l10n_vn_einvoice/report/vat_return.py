"""VAT return 01/GTGT from l10n_vn's tax report: one SQL sum of the journal items per tax
tag, mapped to the report lines by their expressions (so a tag added to l10n_vn's report
is picked up here), then the form's arithmetic of :mod:`..standard.declaration_01gtgt`.

Purchases are the ``VAT_PURCHASE_<rate>`` and ``VAT_PURCHASE_IMPORTED_<rate>`` lines
(the import duty line ``VAT_PURCHASE_IMPORT_TAX`` is not VAT and stays out); sales are the
``VAT_SALES_<rate>`` lines.  Items from the period's posted moves only, by accounting date.
"""

import base64
import datetime
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ..models.einvoice_access import check_company
from ..standard import declaration_01gtgt as gtgt
from ..standard import declaration_01gtgt_xml as gtgt_xml
from ..standard import regimes
from .tax_tags import report_line_tags, report_line_totals

PURCHASE_RATES = ("0", "5", "8", "10", "EXEMPTION")
IMPORT_RATES = ("0", "5", "8", "10")
SALES_CODES = ("VAT_SALES_0", "VAT_SALES_5", "VAT_SALES_8", "VAT_SALES_10",
               "VAT_SALES_EXEMPTION")
REPORT_CODES = (tuple(f"VAT_PURCHASE_{r}" for r in PURCHASE_RATES)
                + tuple(f"VAT_PURCHASE_IMPORTED_{r}" for r in IMPORT_RATES) + SALES_CODES)

INDICATOR_LABELS = {
    "21": "Không phát sinh hoạt động mua, bán trong kỳ / No activity",
    "22": "Thuế GTGT còn được khấu trừ kỳ trước chuyển sang / Carried forward",
    "23": "Giá trị HHDV mua vào / Purchases",
    "23a": "Trong đó: hàng hóa nhập khẩu / of which imports",
    "24": "Thuế GTGT của HHDV mua vào / Input VAT",
    "24a": "Trong đó: hàng hóa nhập khẩu / of which imports",
    "25": "Tổng số thuế GTGT được khấu trừ kỳ này / Deductible input VAT",
    "26": "HHDV bán ra không chịu thuế GTGT / Sales not subject to VAT",
    "27": "HHDV bán ra chịu thuế GTGT / Sales subject to VAT",
    "28": "Thuế GTGT của HHDV bán ra / Output VAT",
    "29": "HHDV bán ra chịu thuế suất 0% / Sales at 0 %",
    "30": "HHDV bán ra chịu thuế suất 5% / Sales at 5 %",
    "31": "Thuế GTGT 5% / VAT at 5 %",
    "32": "HHDV bán ra chịu thuế suất 10% (gồm 8%) / Sales at 10 % (8 % included)",
    "32a": "HHDV bán ra không phải kê khai, tính nộp thuế / Sales not declared",
    "33": "Thuế GTGT 10% (gồm 8%) / VAT at 10 % (8 % included)",
    "34": "Tổng doanh thu HHDV bán ra / Total sales",
    "35": "Tổng số thuế GTGT của HHDV bán ra / Total output VAT",
    "36": "Thuế GTGT phát sinh trong kỳ / VAT arising in the period",
    "37": "Điều chỉnh giảm / Adjustment decreasing",
    "38": "Điều chỉnh tăng / Adjustment increasing",
    "39a": "Thuế GTGT nhận bàn giao từ dự án đầu tư / VAT from investment projects",
    "40a": "Thuế GTGT phải nộp của hoạt động SXKD / VAT payable",
    "40b": "Thuế GTGT mua vào của dự án đầu tư được bù trừ / Offset",
    "40": "Thuế GTGT còn phải nộp trong kỳ / VAT payable for the period",
    "41": "Thuế GTGT chưa khấu trừ hết kỳ này / VAT not yet deducted",
    "42": "Thuế GTGT đề nghị hoàn / VAT refund requested",
    "43": "Thuế GTGT còn được khấu trừ chuyển kỳ sau / Carried forward to next period",
}


def report_tag_map(env, country):
    """{tag id: [(report line code, 'base'|'vat', sign)]} for :data:`REPORT_CODES`."""
    return report_line_tags(env, country, REPORT_CODES)


def figures_from_totals(totals, **manual):
    """:class:`gtgt.Figures` from the report line totals plus the user's entries."""
    def get(code, column):
        return Decimal(str(round(totals.get((code, column), 0.0))))

    purchase_codes = ([f"VAT_PURCHASE_{r}" for r in PURCHASE_RATES]
                      + [f"VAT_PURCHASE_IMPORTED_{r}" for r in IMPORT_RATES])
    imports = [f"VAT_PURCHASE_IMPORTED_{r}" for r in IMPORT_RATES]
    reduced = ("VAT_PURCHASE_8", "VAT_PURCHASE_IMPORTED_8")
    return gtgt.Figures(
        purchases_base=sum((get(c, "base") for c in purchase_codes), Decimal(0)),
        purchases_vat=sum((get(c, "vat") for c in purchase_codes), Decimal(0)),
        purchases_8=sum((get(c, "base") for c in reduced), Decimal(0)),
        purchases_vat_8=sum((get(c, "vat") for c in reduced), Decimal(0)),
        imports_base=sum((get(c, "base") for c in imports), Decimal(0)),
        imports_vat=sum((get(c, "vat") for c in imports), Decimal(0)),
        sales_exempt=get("VAT_SALES_EXEMPTION", "base"),
        sales_0=get("VAT_SALES_0", "base"),
        sales_5=get("VAT_SALES_5", "base"), vat_5=get("VAT_SALES_5", "vat"),
        sales_10=get("VAT_SALES_10", "base"), vat_10=get("VAT_SALES_10", "vat"),
        sales_8=get("VAT_SALES_8", "base"), vat_8=get("VAT_SALES_8", "vat"),
        **{name: Decimal(str(round(value))) for name, value in manual.items()})


class L10nVnEinvoiceVatReturn(models.TransientModel):
    _name = "l10n_vn_einvoice.report.vat_return"
    _description = "Vietnam VAT return 01/GTGT"

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection([(regimes.MONTHLY, "Monthly"),
                                    (regimes.QUARTERLY, "Quarterly")], required=True,
                                   default=lambda self: self._default_period_type())
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(
        self).year)
    month = fields.Integer(default=lambda self: fields.Date.context_today(self).month)
    quarter = fields.Integer(default=lambda self: (fields.Date.context_today(
        self).month - 1) // 3 + 1)
    date_from = fields.Date(compute="_compute_dates")
    date_to = fields.Date(compute="_compute_dates")
    form_circular = fields.Char(compute="_compute_dates", string="Form of")
    carried_forward = fields.Monetary(string="[22] Carried forward from last period")
    adjust_decrease = fields.Monetary(string="[37] Adjustment decreasing")
    adjust_increase = fields.Monetary(string="[38] Adjustment increasing")
    refund_requested = fields.Monetary(string="[42] Refund requested")
    supplement_number = fields.Integer(string="Supplement no. (0 = first declaration)")
    line_ids = fields.One2many("l10n_vn_einvoice.report.vat_return.line", "return_id")
    reduction_base = fields.Monetary(string="8 % sales (appendix)", readonly=True)
    reduction_amount = fields.Monetary(string="VAT reduced (appendix)", readonly=True)
    reduction_resolution = fields.Char(readonly=True)

    # What of the XML was held against real files is listed in the README: say the rest
    # where the file is downloaded.
    unverified_notice = fields.Text(string="Notice", compute="_compute_unverified_notice")

    @api.depends("period_type", "month", "quarter", "year")
    @api.depends_context("lang")
    def _compute_unverified_notice(self):
        for wizard in self:
            notice = self.env._(
                "The XML file has the layout of files written by HTKK, but it has not been "
                "imported into HTKK or eTax here and some of its elements come from "
                "descriptions, not from real files: import it into HTKK and check it before "
                "filing.\nTệp XML có bố cục như tệp do HTKK tạo ra, nhưng chưa được thử nhập "
                "vào HTKK hay eTax và một số phần tử dựa trên mô tả chứ không phải tệp thật: "
                "hãy nhập thử vào HTKK và kiểm tra trước khi nộp.")
            try:
                verified = gtgt.form_regime(wizard._period()).verified
            except UserError:
                verified = True
            if not verified:
                notice += "\n" + self.env._(
                    "For this period the form number and version written in the file are "
                    "placeholders (Circular 89/2026).\nVới kỳ này, mã và phiên bản tờ khai "
                    "ghi trong tệp là giá trị tạm (Thông tư 89/2026).")
            wizard.unverified_notice = notice

    @api.depends("period_type", "month", "quarter", "year")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for wizard in self:
            number = wizard.month if wizard.period_type == regimes.MONTHLY else wizard.quarter
            if wizard.period_type == regimes.MONTHLY:
                period = self.env._("month %(number)s/%(year)s", number=number,
                                    year=wizard.year)
            else:
                period = self.env._("quarter %(number)s/%(year)s", number=number,
                                    year=wizard.year)
            wizard.display_name = self.env._("VAT return 01/GTGT, %(period)s", period=period)

    def _default_period_type(self):
        today = fields.Date.context_today(self)
        company = self.env.company
        return regimes.vat_period(self._previous_year_revenue(company, today.year))

    def _previous_year_revenue(self, company, year):
        """Sales of ``year - 1`` (all VAT_SALES lines, base), which decide the period."""
        totals = report_line_totals(
            self.env.cr, company.id, datetime.date(year - 1, 1, 1),
            datetime.date(year - 1, 12, 31),
            report_tag_map(self.env, company.account_fiscal_country_id))
        return Decimal(str(round(sum(totals.get((code, "base"), 0.0)
                                     for code in SALES_CODES))))

    @api.depends("period_type", "year", "month", "quarter")
    def _compute_dates(self):
        for wizard in self:
            try:
                period = wizard._period()
            except UserError:
                wizard.date_from = wizard.date_to = wizard.form_circular = False
                continue
            wizard.date_from, wizard.date_to = period.date_from, period.date_to
            wizard.form_circular = gtgt.form_regime(period).circular

    def _period(self):
        self.ensure_one()
        number = self.month if self.period_type == regimes.MONTHLY else self.quarter
        kind = gtgt.MONTH if self.period_type == regimes.MONTHLY else gtgt.QUARTER
        try:
            return gtgt.Period(kind, self.year, number)
        except gtgt.StandardError as error:
            raise UserError(self.env._(
                "The declaration period is not valid: %(reason)s\nKỳ kê khai không hợp lệ: "
                "%(reason_vi)s", reason=error.message, reason_vi=error.message_vi)) from error

    def _declaration(self):
        self.ensure_one()
        period = self._period()
        company = self.company_id
        check_company(self.env, company)
        self.env.flush_all()
        totals = report_line_totals(self.env.cr, company.id, period.date_from,
                                    period.date_to,
                                    report_tag_map(self.env, company.account_fiscal_country_id))
        figures = figures_from_totals(
            totals, carried_forward=self.carried_forward, adjust_decrease=self.adjust_decrease,
            adjust_increase=self.adjust_increase, refund_requested=self.refund_requested)
        try:
            return gtgt.make_declaration(
                period, company.l10n_vn_einvoice_legal_name or company.name,
                company._l10n_vn_einvoice_tax_code(),
                figures, address=company.l10n_vn_einvoice_legal_address or "",
                tax_office_code=company.l10n_vn_einvoice_tax_office_code or "",
                tax_office_name=company.l10n_vn_einvoice_tax_office_name or "",
                signer_name=self.env.user.name, signed_on=fields.Date.context_today(self),
                supplement_number=self.supplement_number)
        except gtgt.StandardError as error:
            raise UserError(self.env._(
                "The VAT return 01/GTGT cannot be made: %(reason)s\nKhông lập được tờ khai "
                "01/GTGT: %(reason_vi)s", reason=error.message, reason_vi=error.message_vi,
            )) from error

    def action_compute(self):
        self.ensure_one()
        declaration = self._declaration()
        self.line_ids.unlink()
        self.env["l10n_vn_einvoice.report.vat_return.line"].create([{
            "return_id": self.id, "sequence": seq, "indicator": name,
            "label": INDICATOR_LABELS[name],
            "amount": float(declaration.indicators[name]),
        } for seq, name in enumerate(gtgt.INDICATORS)])
        rows = declaration.reduction_rows
        self.write({"reduction_base": float(sum(r.amount for r in rows)),
                    "reduction_amount": float(sum(r.reduction for r in rows)),
                    "reduction_resolution": gtgt.reduction_resolution(declaration.period)
                    if rows else False})
        return True  # the form reloads the record in place (one breadcrumb)

    def _xml_bytes(self):
        """The declaration XML, refused unless it passes the project's 01/GTGT schema."""
        data = gtgt_xml.declaration_to_bytes(self._declaration())
        problems = gtgt_xml.validate_declaration(data)
        if problems:
            details = "\n".join(f"{p.xpath}: {p.message}" for p in problems[:5])
            raise UserError(self.env._(
                "The 01/GTGT file is not valid:\n%(details)s\nTờ khai 01/GTGT "
                "không hợp lệ.", details=details))
        return data

    def action_download_xml(self):
        self.ensure_one()
        period = self._period()
        attachment = self.env["ir.attachment"].create({
            "name": f"01GTGT_{self.company_id.vat or ''}_{period.label.replace('/', '_')}.xml",
            "datas": base64.b64encode(self._xml_bytes()), "mimetype": "application/xml",
            "res_model": "res.users", "res_id": self.env.uid})
        return {"type": "ir.actions.act_url", "target": "download",
                "url": f"/web/content/{attachment.id}?download=true"}

    def action_export_xlsx(self):
        self.ensure_one()
        self.action_compute()
        rows = [(f"[{line.indicator}]", line.label, line.amount) for line in self.line_ids]
        if self.reduction_base:
            rows += [("PL", self.env._("Appendix %(res)s: 8 %% sales / VAT reduced",
                                       res=self.reduction_resolution), self.reduction_base),
                     ("PL", self.env._("VAT reduced"), self.reduction_amount)]
        Export = self.env["l10n_vn_einvoice.report.export"]
        return Export._download_xlsx(
            f"01GTGT_{self._period().label.replace('/', '_')}.xlsx",
            Export._preamble(self.env._("Tờ khai thuế GTGT 01/GTGT / VAT return"),
                             self.company_id, self.display_name, self.env._(
                                 "The figures of form 01/GTGT, to check or type in; this sheet "
                                 "is not a file the declaration software imports. / Số liệu "
                                 "tờ khai 01/GTGT để đối chiếu hoặc nhập; bảng tính này không "
                                 "phải tệp nhập vào phần mềm khai thuế.")),
            [self.env._("Indicator"), self.env._("Description"), self.env._("Amount")], rows)


class L10nVnEinvoiceVatReturnLine(models.TransientModel):
    _name = "l10n_vn_einvoice.report.vat_return.line"
    _description = "Vietnam VAT return 01/GTGT indicator"
    _order = "sequence, id"

    return_id = fields.Many2one("l10n_vn_einvoice.report.vat_return", required=True,
                                ondelete="cascade")
    currency_id = fields.Many2one(related="return_id.currency_id")
    sequence = fields.Integer()
    indicator = fields.Char(required=True)
    label = fields.Char()
    amount = fields.Monetary()
    value = fields.Char(compute="_compute_value",
                        help="As the form prints it: [21] is a box ticked when nothing was "
                             "bought or sold; amounts are whole đồng.")

    @api.depends("indicator", "amount")
    def _compute_value(self):
        for line in self:
            if line.indicator == "21":
                line.value = "[x]" if line.amount else "[ ]"
            else:
                line.value = formatLang(self.env, line.amount, digits=0)
