"""The printed delivery note (form 6): the core's e-invoice report, in the note's layout.

One report action prints every e-invoice document (``l10n_vn_einvoice.action_report_einvoice``:
the e-invoice list's *Print* menu, the document's *Download PDF*, the PDF frozen once
accepted, e-mailed and served by the lookup page); a form-6 document is drawn by this
bridge's template from the same values the core prepares from the **stored XML** (code,
QR target, lookup address, total, amount in words, signatures), plus the note's own:
title by kind (N/B), the dispatch order or the agent contract, transport, the issuing
and receiving warehouses.  Nothing is read from the transfer: the print shows what was
issued.

*Thực nhập* (quantity received) is left blank: the PDF is frozen when the note is
accepted, before the goods arrive, and the receiving storekeeper writes it on the paper
that travels with them, as on the pre-printed form.
"""

from odoo import api, models
from odoo.addons.l10n_vn_einvoice.report.einvoice_report import vi_date
from odoo.addons.l10n_vn_einvoice.standard import model
from odoo.addons.l10n_vn_einvoice.standard.money import format_amount_vi
from odoo.exceptions import UserError


class ReportEinvoice(models.AbstractModel):
    _inherit = "report.l10n_vn_einvoice.report_einvoice"

    @api.model
    def _einvoice_view(self, doc):
        # EXTEND 'l10n_vn_einvoice': a delivery note prints only once issued, in its own
        # layout (title by kind, dispatch order or contract, transport, warehouses).
        if doc.form != model.DELIVERY_FORM:
            return super()._einvoice_view(doc)
        if doc.state == "draft" or not self._einvoice_xml(doc):
            raise UserError(self.env._(
                "Delivery note %(name)s is not issued yet: there is nothing to print. It is "
                "issued when its transfer is validated.\nPhiếu xuất kho %(name)s chưa được "
                "lập: chưa có gì để in. Phiếu được lập khi xác nhận phiếu chuyển kho.",
                name=doc.name))
        view = super()._einvoice_view(doc)
        view["note"] = self._delivery_note_view(view["invoice"])
        view["title"] = view["note"]["title"]
        return view

    @api.model
    def _delivery_note_view(self, invoice):
        note = invoice.delivery or model.DeliveryNote()
        letter = invoice.symbol[3:4]
        currency = invoice.currency or "VND"
        price_digits = self.env["decimal.precision"].precision_get("Product Price")
        lines = []
        for line in invoice.lines:
            line_view = self._line_view(line, currency, price_digits)
            line_view["code"] = line.code
            lines.append(line_view)
        return {
            "agent": letter == model.NOTE_AGENT,
            "title": model.NOTE_TITLES.get(letter, model.NOTE_TITLES[model.NOTE_INTERNAL])
            .upper(),
            "delivery": note,
            "dispatch_date": vi_date(note.dispatch_date).lower(),
            "contract_date": vi_date(note.contract_date).lower(),
            "from_warehouse": note.from_warehouse or invoice.seller.name,
            "to_warehouse": note.to_warehouse or invoice.buyer.name,
            "lines": lines,
            "total": format_amount_vi(invoice.totals.total, currency),
        }
