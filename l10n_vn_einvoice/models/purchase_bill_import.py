"""The decoder Odoo's import mechanism calls for a Vietnamese e-invoice: fill the bill.

Shaped like ``account_edi_ubl_cii``'s ``_import_invoice_ubl_cii``: the draft bill Odoo
created for the file is filled inside ``_get_edi_creation`` (lines first, taxes computed
once), then the tax lines are set to the invoice's VAT per rate in a second pass, as
Odoo's UBL import corrects "the tax amount from the file" — here to the đồng, whatever
the difference, because the input VAT declared is the invoice's.  Odoo rounding otherwise
is not the supplier's fault and is not reported; a VAT the invoice's own amount does not
give is named in the chatter, and is among the checks (the inbound rules' verdict).

An e-invoice's prices are before VAT (``DGia``, ``ThTien``).  A company pricing VAT
included (``account_price_include``) has l10n_vn's taxes include the price, and a line
of 3 447 000 on such a tax would be 3 133 636 + VAT.  As ``account_edi_ubl_cii`` looks
for a tax that does not include the price first, the line takes the price-excluded twin
of l10n_vn's tax — same rate, group and repartition (so the same 01/GTGT tags) — and
that twin is created once per company when none exists.  (Converting the price to one
including VAT, UBL's fallback, loses đồng to the unit price's rounding on large
quantities; the twin keeps the invoice's own prices and subtotals exactly.)

What the file says is turned into bill lines by ``standard.purchase_bill``; the
supplier is found or created by ``res.partner``'s tax-code lookup; the checks come from
``standard.purchase_checks`` plus the two that need the books (duplicate, correction).
"""

from decimal import Decimal

from markupsafe import Markup

from odoo import Command, api, models
from odoo.tools import config

from ..standard import model, purchase_bill, purchase_checks, trust, xmldsig
from ..standard.errors import StandardError
from ..standard.money import format_amount_vi
from .account_move_purchase import IMPORT_CONTEXT

# TSuat → l10n_vn's purchase tax (deductible VAT, goods and services bought in Vietnam).
# The server's trusted certificate issuers (a directory of PEM/DER files, odoo.conf):
# a file of the server, not a row a database writer could add (standard/trust.py).
TRUSTED_CA_OPTION = "l10n_vn_einvoice_trusted_ca_dir"
PURCHASE_TAXES = {"0%": "tax_purchase_vat0", "5%": "tax_purchase_vat5",
                  "8%": "tax_purchase_vat8", "10%": "tax_purchase_vat10",
                  "KCT": "tax_purchase_vat_exemption"}


def money_text(amount, currency):
    """``1.234.567 ₫`` (Vietnamese grouping, whatever the user's language)."""
    return f"{format_amount_vi(amount, currency)} {'₫' if currency == 'VND' else currency}"


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
        taxes = {code: self._price_excluded(tax, notes) for code, tax in self._purchase_taxes(
            company, sorted({line.rate_code for line in data.lines if line.rate_code})).items()}
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
        if differences or vat_checks:
            with bill._get_edi_creation() as bill:
                self._set_vat(bill, differences)
                if vat_checks:
                    bill.with_context(**IMPORT_CONTEXT).write(
                        self._checks_values([*checks, *vat_checks]))
        self._attach(bill, file_data)
        self._log(bill, invoice, notes + self._disagreement_notes(bill, data))

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
    def _purchase_taxes(self, company, rate_codes):
        """{TSuat: :meth:`_purchase_tax`} for all the invoice's rates at once: l10n_vn's
        taxes are browsed together, so one query checks and reads them all (one per rate,
        each a round trip, was 1.4 % of a bill's import)."""
        IrModelData = self.env["ir.model.data"]
        ids = {}
        for code in rate_codes:
            xmlid = PURCHASE_TAXES.get(code)
            # as account.chart.template's ref: the company's tax, else its root company's
            for owner in (company, company.root_id) if xmlid else ():
                _model, res_id = IrModelData._xmlid_to_res_model_res_id(
                    f"account.{owner.id}_{xmlid}", raise_if_not_found=False)
                if res_id:
                    ids[code] = res_id
                    break
        known = self.env["account.tax"].browse(sorted(set(ids.values()))).exists()
        known.fetch(["active", "price_include"])  # one query for every rate's tax
        taxes = {}
        for code in rate_codes:
            tax = known & known.browse(ids.get(code, ()))
            taxes[code] = tax if tax and tax.active else self._purchase_tax(company, code,
                                                                            chart=False)
        return taxes

    @api.model
    def _purchase_tax(self, company, rate_code, chart=True):
        """l10n_vn's purchase tax for a TSuat, or a purchase tax of the company carrying
        that e-invoice rate code (KKKNT, KHAC:x% have none in l10n_vn)."""
        if not rate_code:
            return self.env["account.tax"]
        xmlid = PURCHASE_TAXES.get(rate_code)
        if xmlid and chart:
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

    @api.model
    def _price_excluded(self, tax, notes):
        """``tax`` when it does not include the price, else its price-excluded twin (found,
        or created once with ``sudo``: the importing user need not manage taxes)."""
        if not tax or not tax.price_include:
            return tax
        shape = self._tax_shape(tax)
        candidates = self.env["account.tax"].search([
            ("company_id", "=", tax.company_id.id), ("type_tax_use", "=", tax.type_tax_use),
            ("amount_type", "=", tax.amount_type), ("amount", "=", tax.amount),
            ("tax_group_id", "=", tax.tax_group_id.id), ("price_include", "=", False),
            ("include_base_amount", "=", tax.include_base_amount),
            ("l10n_vn_einvoice_rate_code", "=", tax.l10n_vn_einvoice_rate_code),
        ], order="sequence, id")
        twin = candidates.filtered(lambda t: self._tax_shape(t) == shape)[:1]
        if twin:
            return twin
        twin = tax.sudo().copy({
            "name": self._twin_name(tax), "price_include_override": "tax_excluded",
            "sequence": tax.sequence, "l10n_vn_einvoice_rate_code":
            tax.l10n_vn_einvoice_rate_code}).sudo(False)
        notes.append(self.env._(
            "The tax %(tax)s includes the price (the company prices VAT included) while the "
            "e-invoice's prices are before VAT: its lines take %(twin)s, created for that "
            "with the same rate and accounts.\nThuế %(tax)s tính trên giá đã gồm thuế (công "
            "ty đặt giá gồm thuế) còn giá trên hóa đơn điện tử là giá chưa thuế: các dòng "
            "dùng thuế %(twin)s, được tạo với cùng thuế suất và tài khoản.",
            tax=tax.name, twin=twin.name))
        return twin

    @api.model
    def _tax_shape(self, tax):
        """What makes two taxes book the same: repartition, accounts, tags."""
        return sorted((line.document_type, line.repartition_type, line.factor_percent,
                       line.account_id.id, tuple(sorted(line.tag_ids.ids)),
                       line.use_in_tax_closing) for line in tax.repartition_line_ids)

    @api.model
    def _twin_name(self, tax):
        base = self.env._("%(tax)s (price before VAT)", tax=tax.name)
        Tax = self.env["account.tax"].with_context(active_test=False).sudo()
        name, count = base, 1
        while Tax.search_count([("company_id", "=", tax.company_id.id), ("name", "=", name),
                                ("type_tax_use", "=", tax.type_tax_use)], limit=1):
            count += 1
            name = f"{base} {count}"
        return name

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
        deduction = self.env._("Other deduction on the e-invoice")
        vals_list = []
        for line in data.lines:
            if line.kind == purchase_bill.KIND_NOTE:
                vals_list.append({"display_type": "line_note", "name": line.name,
                                  "is_imported": True})
                continue
            tax = taxes.get(line.rate_code)
            # born marked as Odoo marks decoded lines (its own marking write follows)
            vals = {"is_imported": True,
                    "name": deduction if line.kind == purchase_bill.KIND_DEDUCTION
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
                f"the invoice states VAT {money_text(vat, currency.name)} at {rate_code}, the "
                f"bill has no tax line for that rate to carry it",
                f"hóa đơn ghi thuế GTGT {money_text(vat, currency.name)} ở thuế suất "
                f"{rate_code}, hóa đơn mua vào không có dòng thuế nào cho thuế suất này"))
        return differences, checks

    def _set_vat(self, bill, differences):
        """Set each rate's tax lines to the invoice's VAT (Odoo's rounding is not the
        supplier's: only :meth:`_disagreement_notes` speaks of a difference)."""
        sign = -1 if bill.is_inbound(include_receipts=True) else 1
        for _rate_code, vat, computed, lines in differences:
            line = lines[0]
            amount_currency = line.amount_currency + sign * float(vat - computed)
            line.write({"amount_currency": amount_currency,
                        "balance": bill.company_currency_id.round(
                            amount_currency / (bill.invoice_currency_rate or 1.0))})

    def _disagreement_notes(self, bill, data):
        """A rate whose VAT the invoice's own amount does not give: the supplier's figures
        disagree, and the bill keeps the VAT the invoice states (the one declared)."""
        currency = bill.currency_id.name
        return [self.env._(
            "VAT at %(rate)s: the invoice states %(vat)s on %(amount)s, where %(rate)s gives "
            "%(expected)s; the supplier's figures disagree and the bill keeps the invoice's "
            "VAT, the input VAT it declares.\nThuế GTGT %(rate)s: hóa đơn ghi %(vat)s trên "
            "%(amount)s, trong khi %(rate)s cho %(expected)s; số liệu của người bán không "
            "khớp nhau, hóa đơn mua vào giữ tiền thuế ghi trên hóa đơn (số thuế đầu vào được "
            "kê khai).",
            rate=d.rate_code, vat=money_text(d.vat, currency),
            amount=money_text(d.amount, currency),
            expected=money_text(d.expected, currency)) for d in data.disagreements]

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
