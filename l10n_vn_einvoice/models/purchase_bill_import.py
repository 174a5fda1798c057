"""The decoder Odoo's import mechanism calls for a Vietnamese e-invoice: fill the bill.

Shaped like ``account_edi_ubl_cii``'s ``_import_invoice_ubl_cii``: the draft bill Odoo
created for the file is filled inside ``_get_edi_creation`` (lines first, taxes computed
once), then the tax lines are set to the invoice's VAT per rate in a second pass, as
Odoo's UBL import corrects "the tax amount from the file" — here to the đồng, whatever
the difference, because the input VAT declared is the invoice's (the difference and its
reason are logged in the chatter, and the inbound rules' verdict on that VAT is among the
checks).  What the file says is turned into bill lines by ``standard.purchase_bill``; the
supplier is found or created by ``res.partner``'s tax-code lookup; the checks come from
``standard.purchase_checks`` plus the two that need the books (duplicate, correction).
"""

from decimal import Decimal

from markupsafe import Markup

from odoo import Command, api, models
from odoo.tools import config

from ..standard import model, purchase_bill, purchase_checks, trust, xmldsig
from ..standard.errors import StandardError
from .account_move_purchase import IMPORT_CONTEXT

# TSuat → l10n_vn's purchase tax (deductible VAT, goods and services bought in Vietnam).
# The server's trusted certificate issuers (a directory of PEM/DER files, odoo.conf):
# a file of the server, not a row a database writer could add (standard/trust.py).
TRUSTED_CA_OPTION = "l10n_vn_einvoice_trusted_ca_dir"
PURCHASE_TAXES = {"0%": "tax_purchase_vat0", "5%": "tax_purchase_vat5",
                  "8%": "tax_purchase_vat8", "10%": "tax_purchase_vat10",
                  "KCT": "tax_purchase_vat_exemption"}


class BillImport(models.AbstractModel):
    _name = "l10n_vn_einvoice.bill_import"
    _description = "Vietnam e-invoicing: supplier e-invoice to vendor bill"

    # ------------------------------------------------------------------ decoder
    def _import_bill(self, bill, file_data, new=False):
        """Decoder of ``_get_edi_decoder``: None when the bill is filled, else the reason."""
        bill.ensure_one()
        if bill.invoice_line_ids:
            return bill._reason_cannot_decode_has_invoice_lines()
        if bill.journal_id.type != "purchase":
            return self.env._(
                "a supplier's Vietnamese e-invoice becomes a vendor bill: import it on a "
                "purchase journal (Vendor Bills).\nhóa đơn điện tử của người bán được nhập "
                "thành hóa đơn mua vào: hãy nhập ở sổ nhật ký mua hàng (Hóa đơn mua vào).")
        outcome = bill._l10n_vn_einvoice_outcome(file_data, bill.company_id)
        if outcome.refusal:
            return bill._l10n_vn_einvoice_text(*outcome.refusal)
        if outcome.existing and outcome.existing != bill:
            return self.env._(
                "this e-invoice is already in Odoo as %(bill)s.\nhóa đơn điện tử này đã có "
                "trong Odoo: %(bill)s.", bill=outcome.existing.display_name)
        self._fill(bill, outcome, file_data)
        return None

    def _fill(self, bill, outcome, file_data):
        """One write fills the bill (lines, taxes computed once on leaving the edi
        context), a second pass only when Odoo's VAT differs from the invoice's."""
        invoice = outcome.result.invoice
        data = purchase_bill.bill_from_invoice(invoice, self._price_digits())
        company = bill.company_id
        move_type = "in_refund" if data.refund else "in_invoice"
        if bill.move_type != move_type:
            bill.move_type = move_type
        partner, notes = self.env["res.partner"]._l10n_vn_einvoice_supplier(company,
                                                                             invoice.seller)
        currency, currency_notes = self._currency(invoice.currency)
        notes += currency_notes
        taxes = {code: self._purchase_tax(company, code)
                 for code in {line.rate_code for line in data.lines if line.rate_code}}
        signatures = xmldsig.verify_signatures(file_data["xml_tree"])
        related_vals, related_checks = self._related(bill, invoice, data)
        anchors = trust.load_anchors(config.get(TRUSTED_CA_OPTION))
        checks = [*purchase_checks.invoice_checks(outcome.result, signatures, company.vat,
                                                  anchors),
                  *self._tax_checks(data, taxes), *related_checks]
        values = {
            "partner_id": partner.id, "currency_id": currency.id,
            "invoice_date": invoice.issue_date, "ref": data.reference,
            "partner_bank_id": partner.bank_ids.filtered(
                lambda b: b.acc_number == invoice.seller.bank_account)[:1].id,
            "invoice_line_ids": [Command.create(vals) for vals in
                                 self._line_vals(company, data, taxes)],
            **self._import_values(outcome, data, checks), **related_vals,
        }
        if invoice.exchange_rate and currency != company.currency_id:
            values["invoice_currency_rate"] = 1 / float(invoice.exchange_rate)
        with bill._get_edi_creation() as bill:
            bill.with_context(**IMPORT_CONTEXT, tracking_disable=True).write(values)
        differences, vat_checks = self._vat_differences(bill, data, taxes)
        vat_notes = []
        if differences or vat_checks:
            with bill._get_edi_creation() as bill:
                vat_notes = self._set_vat(bill, differences)
                if vat_checks:
                    bill.with_context(**IMPORT_CONTEXT).write(
                        self._checks_values([*checks, *vat_checks]))
        self._attach(bill, file_data)
        self._log(bill, invoice, notes + vat_notes)

    # ------------------------------------------------------------------ lines
    def _price_digits(self):
        return self.env["decimal.precision"].precision_get("Product Price")

    def _currency(self, code):
        Currency = self.env["res.currency"].with_context(active_test=False)
        currency = Currency.search([("name", "=", code)], limit=1)
        if not currency:
            raise StandardError("DVTTe", "currency.unknown", f"unknown currency {code}",
                                f"không có đơn vị tiền tệ {code}")
        notes = []
        if not currency.active:
            notes.append(self.env._(
                "The currency %(currency)s is not active: activate it to post the bill.\n"
                "Đơn vị tiền tệ %(currency)s chưa được kích hoạt: hãy kích hoạt để ghi sổ.",
                currency=currency.name))
        return currency, notes

    @api.model
    def _purchase_tax(self, company, rate_code):
        """l10n_vn's purchase tax for a TSuat, or a purchase tax of the company carrying
        that e-invoice rate code (KKKNT, KHAC:x% have none in l10n_vn)."""
        if not rate_code:
            return self.env["account.tax"]
        xmlid = PURCHASE_TAXES.get(rate_code)
        if xmlid:
            tax = self.env["account.chart.template"].with_company(company).ref(
                xmlid, raise_if_not_found=False)
            if tax and tax.active:
                return tax
        code, _sep, percent = rate_code.partition(":")
        domain = [*self.env["account.tax"]._check_company_domain(company),
                  ("type_tax_use", "=", "purchase"), ("l10n_vn_einvoice_rate_code", "=", code)]
        if percent:
            domain.append(("amount", "=", float(percent.rstrip("%"))))
        return self.env["account.tax"].search(domain, order="sequence, id", limit=1)

    def _products(self, company, data):
        codes = {line.code for line in data.lines if line.code}
        if not codes:
            return {}
        products = self.env["product.product"].search([
            *self.env["product.product"]._check_company_domain(company),
            ("default_code", "in", list(codes))])
        return {product.default_code: product for product in products}

    def _line_vals(self, company, data, taxes):
        products = self._products(company, data)
        deduction = self.env._("Other deduction (TGTKhac)")
        vals_list = []
        for line in data.lines:
            if line.kind == purchase_bill.KIND_NOTE:
                vals_list.append({"display_type": "line_note", "name": line.name})
                continue
            tax = taxes.get(line.rate_code)
            vals = {"name": deduction if line.kind == purchase_bill.KIND_DEDUCTION
                    else line.name or line.code or "-",
                    "quantity": float(line.quantity), "price_unit": float(line.price_unit),
                    "discount": float(line.discount),
                    "tax_ids": [Command.set(tax.ids if tax else [])]}
            product = products.get(line.code)
            if product:
                vals["product_id"] = product.id
            vals_list.append(vals)
        return vals_list

    # ------------------------------------------------------------------ VAT
    def _vat_differences(self, bill, data, taxes):
        """[(rate, invoice's VAT, Odoo's VAT, tax lines)] where they differ, and checks."""
        differences, checks = [], []
        currency = bill.currency_id
        sign = -1 if bill.is_inbound(include_receipts=True) else 1
        for rate_code, vat in data.vat_by_rate:
            tax = taxes.get(rate_code) or self._purchase_tax(bill.company_id, rate_code)
            lines = bill.line_ids.filtered(lambda ln, t=tax: t and ln.tax_line_id == t)
            computed = Decimal(str(currency.round(sign * sum(lines.mapped("amount_currency")))))
            if vat == computed:
                continue
            if lines:
                differences.append((rate_code, vat, computed, lines))
                continue
            checks.append(purchase_checks.Check(
                "tax", purchase_checks.WARNING, "tax.vat_line",
                f"the invoice states VAT {vat} at {rate_code}, the bill has no tax line for "
                f"that rate to carry it",
                f"hóa đơn ghi thuế GTGT {vat} ở thuế suất {rate_code}, hóa đơn mua vào không "
                f"có dòng thuế nào cho thuế suất này"))
        return differences, checks

    def _set_vat(self, bill, differences):
        """Set each rate's tax lines to the invoice's VAT; the notes for the chatter."""
        notes = []
        sign = -1 if bill.is_inbound(include_receipts=True) else 1
        for rate_code, vat, computed, lines in differences:
            line = lines[0]
            amount_currency = line.amount_currency + sign * float(vat - computed)
            line.write({"amount_currency": amount_currency,
                        "balance": bill.company_currency_id.round(
                            amount_currency / (bill.invoice_currency_rate or 1.0))})
            notes.append(self.env._(
                "VAT at %(rate)s: Odoo computes %(computed)s, the invoice states %(vat)s; the "
                "bill keeps the invoice's amount.\nThuế GTGT %(rate)s: Odoo tính %(computed)s, "
                "hóa đơn ghi %(vat)s; hóa đơn mua vào giữ số tiền của hóa đơn.",
                rate=rate_code, computed=bill.currency_id.format(float(computed)),
                vat=bill.currency_id.format(float(vat))))
        return notes

    def _tax_checks(self, data, taxes):
        missing = sorted(code for code in {line.rate_code for line in data.lines
                                            if line.rate_code} if not taxes.get(code))
        return [purchase_checks.Check(
            "tax", purchase_checks.WARNING, "tax.missing",
            f"no purchase tax of the company carries the rate {code}: its lines have no tax; "
            f"set the e-invoice rate code on a purchase tax, then the tax on those lines",
            f"không có thuế mua vào nào của công ty mang thuế suất {code}: các dòng này chưa "
            f"có thuế; hãy khai báo mã thuế suất trên một thuế mua vào rồi gán cho các dòng")
            for code in missing]

    # ------------------------------------------------------------------ corrections
    def _related(self, bill, invoice, data):
        """(values, checks) of the invoice this one replaces or adjusts (TTHDLQuan)."""
        related = invoice.related
        if related is None:
            return {}, []
        kind = "replacement" if related.nature == model.REPLACEMENT else "adjustment"
        kind_vi = "thay thế" if kind == "replacement" else "điều chỉnh"
        ref = f"{related.form}{related.symbol}-{related.number}"
        corrected = self.env["account.move"]
        if data.related_key:
            corrected = self.env["account.move"].search([
                ("company_id", "=", bill.company_id.id),
                ("l10n_vn_einvoice_in_key", "=", data.related_key)], limit=1)
        values = {"l10n_vn_einvoice_in_correction": kind,
                  "l10n_vn_einvoice_in_corrected_ref": ref,
                  "l10n_vn_einvoice_in_corrected_move_id": corrected.id}
        if not corrected:
            return values, [purchase_checks.Check(
                "related", purchase_checks.WARNING, "related.missing",
                f"this invoice is the {kind} of {ref}, which is not in Odoo: import that "
                f"invoice first, or book the correction by hand",
                f"hóa đơn này {kind_vi} hóa đơn {ref}, chưa có trong Odoo: hãy nhập hóa đơn "
                f"đó trước hoặc ghi sổ thủ công")]
        if data.refund and not bill.reversed_entry_id:
            values["reversed_entry_id"] = corrected.id
        return values, [purchase_checks.Check(
            "related", purchase_checks.OK, f"related.{kind}",
            f"{kind} of {ref}, booked as {corrected.display_name}",
            f"{kind_vi} hóa đơn {ref}, đã ghi sổ là {corrected.display_name}")]

    # ------------------------------------------------------------------ record
    def _import_values(self, outcome, data, checks):
        """What the import read and checked (written once: see account_move_purchase)."""
        invoice = outcome.result.invoice
        texts = {
            "l10n_vn_einvoice_in_key": data.key,
            "l10n_vn_einvoice_in_form": invoice.form,
            "l10n_vn_einvoice_in_symbol": invoice.symbol,
            "l10n_vn_einvoice_in_number": str(invoice.number) if invoice.number is not None
            else "",
            "l10n_vn_einvoice_in_seller_tax_code": invoice.seller.tax_code,
            "l10n_vn_einvoice_in_buyer_tax_code": invoice.buyer.tax_code,
            "l10n_vn_einvoice_in_tax_authority_code": invoice.tax_authority_code,
            "l10n_vn_einvoice_in_version": outcome.result.version,
        }
        return {**{name: value or False for name, value in texts.items()},
                **self._checks_values(checks)}

    def _checks_values(self, checks):
        return {"l10n_vn_einvoice_in_checks": [check.as_dict() for check in checks],
                "l10n_vn_einvoice_in_status": purchase_checks.worst(checks)}

    def _attach(self, bill, file_data):
        """The XML (and a PDF brought with it) stay on the bill: the buyer keeps them."""
        attachment = file_data.get("attachment")
        if attachment and (attachment.res_model, attachment.res_id) != (bill._name, bill.id):
            attachment.sudo().write({"res_model": bill._name, "res_id": bill.id})

    def _log(self, bill, invoice, notes):
        title = self.env._(
            "Vietnamese e-invoice imported: form %(form)s, symbol %(symbol)s, number "
            "%(number)s, format %(version)s.\nĐã nhập hóa đơn điện tử: mẫu số %(form)s, ký "
            "hiệu %(symbol)s, số %(number)s, định dạng %(version)s.",
            form=invoice.form, symbol=invoice.symbol,
            number=invoice.number if invoice.number is not None else "-",
            version=invoice.version)
        body = Markup("<p style='white-space: pre-wrap;'>%s</p>") % title
        if notes:
            body += Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li style='white-space: pre-wrap;'>%s</li>") % note for note in notes)
        bill._message_log(body=body)
