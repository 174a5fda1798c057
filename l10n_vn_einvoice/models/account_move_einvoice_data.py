"""account.move → standard.model.Invoice: the one place where accounting data becomes
e-invoice data.  Amounts come from Odoo's own tax computation, grouped by rate code, so
the e-invoice totals are the journal entry's totals to the last đồng."""

from decimal import Decimal

from odoo import models
from odoo.exceptions import UserError

from ..standard import amount_words, model, money, regimes
from .res_company import provider_tax_code

TITLES = {"1": "Hóa đơn giá trị gia tăng", "2": "Hóa đơn bán hàng"}
ANONYMOUS_BUYER_BEFORE_254 = "Người mua không cung cấp thông tin"
ANONYMOUS_BUYER_254 = "Bán cho người tiêu dùng"
UNIT_PRICE_STEP = Decimal("0.000001")  # DGia is Số(21,6)


def dec(value, currency_digits):
    """Odoo floats → Decimal at the currency's precision (never a binary float in XML)."""
    return Decimal(repr(round(value, currency_digits))).quantize(
        Decimal(1).scaleb(-currency_digits))


def qty_dec(value):
    return Decimal(repr(round(value, 6))).normalize()


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_seller(self):
        company = self.company_id
        partner = company.partner_id
        bank = partner.bank_ids[:1]
        return model.Seller(
            name=company.l10n_vn_einvoice_legal_name or company.name,
            tax_code=company._l10n_vn_einvoice_tax_code(),
            address=company.l10n_vn_einvoice_legal_address
            or partner._l10n_vn_einvoice_one_line_address(),
            phone=partner.phone or "",
            email=partner.email or "",
            bank_account=bank.acc_number or "",
            bank_name=bank.bank_id.name or "",
            website=(partner.website or "")[:100],
        )

    def _l10n_vn_einvoice_buyer(self):
        partner = self.partner_id
        commercial = partner.commercial_partner_id
        if partner == self.env.ref("l10n_vn_einvoice.partner_walk_in", raise_if_not_found=False):
            on_254 = regimes.regime_on(self.invoice_date).name == "ND254"
            return model.Buyer(name=ANONYMOUS_BUYER_254 if on_254 else ANONYMOUS_BUYER_BEFORE_254)
        tax_code = commercial._l10n_vn_einvoice_tax_code()
        if commercial.country_id and commercial.country_id.code != "VN":
            tax_code = ""  # a foreign VAT number is not an MST
        return model.Buyer(
            name=commercial.name or "",
            tax_code=tax_code,
            budget_unit_code=commercial.l10n_vn_einvoice_budget_unit_code or "",
            address=partner._l10n_vn_einvoice_one_line_address(),
            customer_code=commercial.ref or "",
            phone=partner.phone or "",
            personal_id=partner.l10n_vn_einvoice_personal_id or "",
            passport=partner.l10n_vn_einvoice_passport or "",
            email=partner.email or "",
            contact_name=partner.name if partner != commercial else "",
        )

    def _l10n_vn_einvoice_line_rate(self, line):
        taxes = line.tax_ids.filtered(lambda t: t.l10n_vn_einvoice_rate_code)
        if len(taxes) != 1:
            raise UserError(self.env._(
                "Line \"%(line)s\" must have exactly one VAT tax to be invoiced electronically "
                "(use the KCT tax for goods not subject to VAT).\nDòng \"%(line)s\" phải có "
                "đúng một thuế GTGT (dùng thuế KCT cho hàng hóa không chịu thuế).",
                line=line.name or line.product_id.display_name))
        return taxes._l10n_vn_einvoice_tsuat()

    def _l10n_vn_einvoice_booked(self, line):
        """A line's amount in the invoice currency as the journal entry books it, positive
        for a sale: the lines then add up to the entry's totals to the last đồng (Odoo
        puts the rounding of prices including VAT on the lines' balances)."""
        digits = self.currency_id.decimal_places
        booked = -line.amount_currency if self.move_type == "out_invoice" \
            else line.amount_currency
        return dec(booked, digits)

    def _l10n_vn_einvoice_check_reduced_rate(self, rate_date):
        """No line at the reduced 8 % once the reduction has ended — except on a correction
        of an invoice dated within it (``rate_date`` is then that invoice's date)."""
        if money.reduced_rate_allowed(rate_date):
            return
        lines = self.invoice_line_ids.filtered(lambda ln: ln.display_type == "product" and any(
            tax.l10n_vn_einvoice_rate_code == "8%" for tax in ln.tax_ids))
        if not lines:
            return
        ended = regimes.last_vat_reduction_before(rate_date)
        raise UserError(self.env._(
            "%(move)s is dated %(date)s: the reduced VAT rate of 8%% no longer applies "
            "(Resolution %(resolution)s allowed it until %(end)s). Change the tax of "
            "\"%(line)s\" to 10%%.\n%(move)s lập ngày %(date)s: thuế suất giảm 8%% không còn "
            "áp dụng (Nghị quyết %(resolution)s chỉ cho phép đến hết %(end)s). Hãy đổi thuế "
            "của dòng \"%(line)s\" sang 10%%.", move=self.display_name,
            date=rate_date.strftime("%d/%m/%Y"), line=lines[0].name or lines[0].product_id.name,
            resolution=ended.resolution if ended else "—",
            end=ended.valid_to.strftime("%d/%m/%Y") if ended else "—"))

    def _l10n_vn_einvoice_lines(self, sign, direct):
        digits = self.currency_id.decimal_places
        lines = []
        reductions = self._l10n_vn_einvoice_reduction_lines()
        for line in self.invoice_line_ids.filtered(
                lambda ln: ln.display_type in ("product", "line_note")) - reductions:
            if line.display_type == "line_note":
                lines.append(model.Line(name=line.name[:500], nature=model.NOTE,
                                        seq=len(lines) + 1))
                continue
            amount = self._l10n_vn_einvoice_booked(line)
            quantity = qty_dec(line.quantity)
            gross = amount
            discount_amount = None
            if line.discount:
                gross = dec(float(amount) / (1 - line.discount / 100.0), digits) \
                    if line.discount < 100 else dec(line.price_unit * line.quantity, digits)
                discount_amount = gross - amount
            unit_price = self._l10n_vn_einvoice_unit_price(line, gross, quantity)
            lines.append(model.Line(
                name=(line.product_id.name or line.name or "")[:500],
                seq=len(lines) + 1,
                code=(line.product_id.default_code or "")[:50],
                unit=line.product_uom_id._l10n_vn_einvoice_unit() if line.product_uom_id
                else "",
                quantity=quantity,
                unit_price=sign * unit_price if unit_price is not None else None,
                discount_rate=qty_dec(line.discount) if line.discount else None,
                discount_amount=sign * discount_amount if discount_amount else None,
                amount=sign * amount,
                vat_rate="" if direct else self._l10n_vn_einvoice_line_rate(line),
            ))
        if direct and reductions:
            # The prescribed note of the reduction, where every reader of the invoice sees it.
            lines.append(model.Line(name=reductions[0].name[:500], nature=model.NOTE,
                                    seq=len(lines) + 1))
        return tuple(lines)

    def _l10n_vn_einvoice_unit_price(self, line, gross, quantity):
        """DGia, the unit price before VAT to 6 decimals: the line's gross over its
        quantity — unless the price includes VAT, then the typed price less that VAT, so
        one price is the same figure on every invoice whatever the quantity (185.000 incl.
        5 % is 176190.47619 on 1 unit and on 2, where 352.381 ÷ 2 gave 176190.5).  That
        price is kept only while quantity × price rounds to the gross, as the rule
        ThTien = SLuong × DGia − STCKhau of the tax authority wants."""
        if not quantity:
            return None
        from_amount = (gross / quantity).quantize(UNIT_PRICE_STEP).normalize()
        included = line.tax_ids.filtered("price_include")
        if not included or any(tax.amount_type != "percent" for tax in included):
            return from_amount
        percent = sum((Decimal(str(tax.amount)) for tax in included), Decimal(0))
        typed = (Decimal(str(line.price_unit)) * 100 / (100 + percent)).quantize(
            UNIT_PRICE_STEP).normalize()
        if money.round_money(typed * quantity, self.currency_id.name) != gross:
            return from_amount
        return typed

    def _l10n_vn_einvoice_totals(self, sign, direct):
        """Per-rate groups from the journal entry: amounts from the product lines, VAT from
        the tax lines (so the e-invoice's VAT is the booked VAT), checked against the
        move's totals and against the rule the tax authority applies to each group."""
        digits = self.currency_id.decimal_places
        currency = self.currency_id.name
        total = dec(self.amount_total, digits) * sign
        words = amount_words.amount_in_words(total, currency)
        untaxed = dec(self.amount_untaxed, digits) * sign
        if direct:
            reduction = self._l10n_vn_einvoice_reduction_amount() * sign
            return model.Totals(by_rate=(), amount_untaxed=untaxed + reduction, vat=Decimal(0),
                                total=total, total_in_words=words,
                                other_deduction=reduction or None)
        amounts, vats = {}, {}
        for line in self.invoice_line_ids.filtered(lambda ln: ln.display_type == "product"):
            rate = self._l10n_vn_einvoice_line_rate(line)
            amounts[rate] = amounts.get(rate, Decimal(0)) + self._l10n_vn_einvoice_booked(line)
        for line in self.line_ids.filtered(lambda ln: ln.display_type == "tax"):
            rate = line.tax_line_id._l10n_vn_einvoice_tsuat()
            vats[rate] = vats.get(rate, Decimal(0)) + self._l10n_vn_einvoice_booked(line)
        by_rate = tuple(
            model.RateTotal(rate, amount * sign, vats.get(rate, Decimal(0)) * sign)
            for rate, amount in sorted(amounts.items(),
                                       key=lambda item: money.rate_sort_key(item[0])))
        vat = sum((g.vat for g in by_rate), Decimal(0))
        if sum((g.amount for g in by_rate), Decimal(0)) != untaxed or untaxed + vat != total \
                or set(vats) - set(amounts):
            raise UserError(self.env._(
                "The e-invoice totals (%(untaxed)s + %(vat)s) do not reconcile with the "
                "invoice total %(total)s.\nTổng hóa đơn điện tử không khớp tổng hóa đơn.",
                untaxed=untaxed, vat=vat, total=total))
        for group in by_rate:
            self._l10n_vn_einvoice_check_group_vat(group, currency)
        return model.Totals(by_rate=by_rate, amount_untaxed=untaxed, vat=vat, total=total,
                            total_in_words=words)

    def _l10n_vn_einvoice_check_group_vat(self, group, currency):
        """The tax authority checks each rate group's VAT against its amount; Odoo's
        rounding per line can drift several đồng from it (10 × 12 345 đ at 8 %: 9 880
        instead of 9 876).  Say so with the fix, before the e-invoice is refused."""
        percent = money.rate_percent(group.vat_rate)
        if percent is None:
            return
        unit = Decimal(1).scaleb(-money.currency_places(currency))
        before = money.round_money(group.amount * percent / 100, currency)
        including = money.round_money((group.amount + group.vat) * percent / (100 + percent),
                                      currency)
        if min(abs(group.vat - before), abs(group.vat - including)) <= unit:
            return
        raise UserError(self.env._(
            "%(move)s: the VAT at %(rate)s is %(vat)s but the tax authority computes "
            "%(rule)s on %(amount)s (more than 1 đồng apart) because %(company)s rounds VAT "
            "line by line. Set Accounting > Configuration > Settings > Taxes > Rounding "
            "Method to \"Round Globally\", then post the invoice again.\n%(move)s: tiền "
            "thuế GTGT %(rate)s là %(vat)s nhưng cơ quan thuế tính "
            "%(rule)s trên %(amount)s (lệch quá 1 đồng) vì %(company)s làm tròn thuế theo "
            "từng dòng. Hãy chọn \"Làm tròn tổng\" (Round Globally) trong Cài đặt kế toán > "
            "Thuế rồi vào sổ lại hóa đơn.",
            move=self.display_name, rate=group.vat_rate, vat=group.vat, rule=before,
            amount=group.amount, company=self.company_id.name))

    def _l10n_vn_einvoice_invoice_data(self, form, symbol, number, related=None):
        """The e-invoice of this move; ``related`` is a standard RelatedInvoice or None."""
        self.ensure_one()
        company = self.company_id
        direct = company.l10n_vn_einvoice_tax_method == "direct"
        sign = -1 if self.move_type == "out_refund" else 1
        self._l10n_vn_einvoice_check_reduced_rate(
            regimes.vat_rate_date(self.invoice_date, related.date if related else None))
        lines = self._l10n_vn_einvoice_lines(sign, direct)
        totals = self._l10n_vn_einvoice_totals(sign, direct)
        exchange_rate = None
        if self.currency_id != company.currency_id and self.invoice_currency_rate:
            exchange_rate = Decimal(repr(round(1.0 / self.invoice_currency_rate, 2)))
        kind = model.KIND_UNCODED if symbol.startswith("K") else model.KIND_CODED
        return model.Invoice(
            form=form, symbol=symbol, number=number, issue_date=self.invoice_date,
            seller=self._l10n_vn_einvoice_seller(), buyer=self._l10n_vn_einvoice_buyer(),
            lines=lines, totals=totals,
            version=regimes.format_version_on(self.invoice_date),
            title=TITLES.get(form, "Hóa đơn"),
            currency=self.currency_id.name, exchange_rate=exchange_rate,
            payment_method="TM/CK",
            provider_tax_code=provider_tax_code(company),
            related=related, kind=kind,
            extra=(model.ExtraField("OdooRef", self.name or ""),),
        )
