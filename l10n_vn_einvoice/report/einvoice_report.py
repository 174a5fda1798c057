import base64
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import qrcode

from odoo import api, models

from ..standard import model, xmldsig
from ..standard.errors import StandardError
from ..standard.money import format_amount_vi
from ..standard.xml_parse import parse_invoice

# Printed titles by form digit (TT 78/2021, TT 32/2025 and TT 91/2026 Phụ lục I).
TITLES = {
    "1": "HÓA ĐƠN GIÁ TRỊ GIA TĂNG",
    "2": "HÓA ĐƠN BÁN HÀNG",
    "3": "HÓA ĐƠN BÁN TÀI SẢN CÔNG",
    "4": "HÓA ĐƠN BÁN HÀNG DỰ TRỮ QUỐC GIA",
    "5": "HÓA ĐƠN KHÁC",
    "6": "PHIẾU XUẤT KHO KIÊM VẬN CHUYỂN NỘI BỘ",
    "7": "HÓA ĐƠN THƯƠNG MẠI",
    "8": "HÓA ĐƠN GIÁ TRỊ GIA TĂNG KIÊM TỜ KHAI HOÀN THUẾ",
    "9": "HÓA ĐƠN BÁN HÀNG KIÊM CHỨNG TỪ THU THUẾ, PHÍ, LỆ PHÍ",
}
# A cash-register invoice says so in its title (NĐ 123 Đ11 k2 a: "identifiable").
CASH_REGISTER_TITLES = {
    "1": "HÓA ĐƠN GTGT KHỞI TẠO TỪ MÁY TÍNH TIỀN",
    "2": "HÓA ĐƠN BÁN HÀNG KHỞI TẠO TỪ MÁY TÍNH TIỀN",
}
CORRECTION_TITLES = {
    model.ADJUSTMENT: "(HÓA ĐƠN ĐIỀU CHỈNH)",
    model.REPLACEMENT: "(HÓA ĐƠN THAY THẾ)",
}
RATE_LABELS = {"KCT": "Không chịu thuế", "KKKNT": "Không kê khai, tính nộp"}
# The rows of the per-rate summary: "Thuế suất 8%", but no "Thuế suất" before KCT/KKKNT.
SUMMARY_LABELS = {"KCT": "Không chịu thuế GTGT", "KKKNT": "Không kê khai, tính nộp thuế GTGT"}
ROLE_LABELS = {"seller": "Người bán", "buyer": "Người mua", "tax_authority": "Cơ quan thuế"}
_CN = re.compile(r"(?:^|,)CN=((?:[^,\\]|\\.)*)")


def vi_date(date):
    return f"Ngày {date.day:02d} tháng {date.month:02d} năm {date.year}" if date else ""


def vi_quantity(value: Decimal | None) -> str:
    """Quantities and prices as printed: Vietnamese separators, no useless zeros."""
    if value is None:
        return ""
    text = f"{value.normalize():,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vi_price(value: Decimal | None, digits: int) -> str:
    """A unit price as printed: rounded to ``digits`` (Odoo's "Product Price" accuracy,
    the decimals prices are typed in), trailing zeros dropped — ``32.407,41`` where the
    XML says 32407.407407, ``185.000`` for 185000 — so one price prints the same on an
    invoice and on its replacement; the XML keeps its 6 decimals."""
    if value is None:
        return ""
    return vi_quantity(value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def signer_name(subject: str) -> str:
    """The common name of an RFC 4514 subject, which is what invoices print after "Ký bởi"."""
    found = _CN.search(subject or "")
    return re.sub(r"\\(.)", r"\1", found.group(1)) if found else subject


def qr_data_uri(data: str) -> str:
    """A PNG QR code inline, so wkhtmltopdf needs no HTTP round trip to the server."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4,
                         border=1)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


class ReportEinvoice(models.AbstractModel):
    """Prepares the printed e-invoice from the stored XML, never from the live records, so
    the PDF shows exactly what was issued even if the partner or products changed since."""

    _name = "report.l10n_vn_einvoice.report_einvoice"
    _description = "Vietnamese e-invoice PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["l10n_vn_einvoice.document"].browse(docids)
        return {"doc_ids": docids, "doc_model": docs._name, "docs": docs,
                "views": {doc.id: self._einvoice_view(doc) for doc in docs}}

    @api.model
    def _einvoice_xml(self, doc):
        """The tax authority's copy (with MCCQT and its signature) once there is one."""
        attachment = doc.provider_xml_attachment_id or doc.xml_attachment_id
        return attachment.sudo().raw or b""

    @api.model
    def _einvoice_view(self, doc):
        xml = self._einvoice_xml(doc)
        invoice = parse_invoice(xml)
        currency = invoice.currency or "VND"
        kind = doc.kind or invoice.kind
        if kind == model.KIND_CASH_REGISTER:
            title = CASH_REGISTER_TITLES.get(invoice.form, TITLES.get(invoice.form, ""))
        else:
            title = TITLES.get(invoice.form, (invoice.title or "").upper())
        code = invoice.tax_authority_code or doc.tax_authority_code or ""
        lookup_url = doc._l10n_vn_einvoice_lookup_url()
        related = invoice.related
        price_digits = self.env["decimal.precision"].precision_get("Product Price")
        return {
            "invoice": invoice,
            "title": title,
            "correction_title": CORRECTION_TITLES.get(related.nature, "") if related else "",
            "correction_note": self._correction_note(related),
            "form_symbol": f"{invoice.form}{invoice.symbol}",
            "number": str(invoice.number) if invoice.number is not None else "",
            "date": vi_date(invoice.issue_date),
            "code": code,
            "code_is_cash_register": kind == model.KIND_CASH_REGISTER,
            "lookup_code": doc.lookup_code or "",
            "lookup_url": lookup_url,
            "qr": qr_data_uri(invoice.qr_data or doc._l10n_vn_einvoice_lookup_url(code=True)),
            "lines": [self._line_view(line, currency, price_digits) for line in invoice.lines],
            "rates": [{"rate": RATE_LABELS.get(r.vat_rate, r.vat_rate),
                       "label": SUMMARY_LABELS.get(r.vat_rate, f"Thuế suất {r.vat_rate}"),
                       "amount": format_amount_vi(r.amount, currency),
                       "vat": format_amount_vi(r.vat, currency)}
                      for r in invoice.totals.by_rate],
            "amount_untaxed": format_amount_vi(invoice.totals.amount_untaxed, currency),
            "vat": format_amount_vi(invoice.totals.vat, currency),
            "total": format_amount_vi(invoice.totals.total, currency),
            "other_deduction": format_amount_vi(invoice.totals.other_deduction, currency)
            if invoice.totals.other_deduction else "",
            "fees": [(fee.name, format_amount_vi(fee.amount, currency))
                     for fee in invoice.totals.fees],
            "words": invoice.totals.total_in_words,
            "signatures": self._signatures(xml),
            "final": doc.state in ("accepted", "adjusted", "replaced", "notified"),
            # The sandbox writes VNPT's code in MSTTCGP (required by format 2.1.0) but is
            # nobody's provider: the printed copy names no provider for it.
            "provider_tax_code": "" if doc.provider == "sandbox" else invoice.provider_tax_code,
        }

    @api.model
    def _line_view(self, line, currency, price_digits):
        def money(value):
            return format_amount_vi(value, currency) if value is not None else ""

        return {
            "seq": line.seq or "", "name": line.name, "unit": line.unit,
            "quantity": vi_quantity(line.quantity),
            "price": vi_price(line.unit_price, price_digits),
            "discount": money(line.discount_amount), "amount": money(line.amount),
            "rate": RATE_LABELS.get(line.vat_rate, line.vat_rate),
            "note": line.nature == model.NOTE,
            "nature": {model.PROMOTION: "Khuyến mại", model.TRADE_DISCOUNT: "Chiết khấu"}.get(
                line.nature, ""),
        }

    @api.model
    def _correction_note(self, related):
        if not related:
            return ""
        if related.note:
            return related.note
        verb = "Thay thế cho" if related.nature == model.REPLACEMENT else "Điều chỉnh cho"
        return (f"{verb} hóa đơn Mẫu số {related.form} ký hiệu {related.symbol} số "
                f"{related.number} {vi_date(related.date).lower()}")

    @api.model
    def _signatures(self, xml):
        """Who signed and when, read from the signatures themselves (not from settings)."""
        try:
            checks = xmldsig.verify_signatures(xml)
        except StandardError:
            return []
        return [{
            "role": ROLE_LABELS.get(check.role, check.role),
            "name": signer_name(check.subject),
            "time": check.signing_time.strftime("%d/%m/%Y %H:%M:%S")
            if check.signing_time else "",
            "ok": check.ok,
            "reason": check.reason_vi,
        } for check in checks]

