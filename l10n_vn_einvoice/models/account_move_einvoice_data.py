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
            tax_code=company.vat or "",
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
        tax_code = commercial.vat or ""
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

    def _l10n_vn_einvoice_lines(self, sign, direct):
        digits = self.currency_id.decimal_places
        lines = []
        for line in self.invoice_line_ids.filtered(
                lambda ln: ln.display_type in ("product", "line_note")):
            if line.display_type == "line_note":
                lines.append(model.Line(name=line.name[:500], nature=model.NOTE,
                                        seq=len(lines) + 1))
                continue
            amount = dec(line.price_subtotal, digits)
            quantity = qty_dec(line.quantity)
            gross = amount
            discount_amount = None
            if line.discount:
                gross = dec(line.price_subtotal / (1 - line.discount / 100.0), digits)
                discount_amount = gross - amount
            unit_price = (gross / quantity).quantize(Decimal("0.000001")).normalize() \
                if quantity else None
            lines.append(model.Line(
                name=(line.product_id.name or line.name or "")[:500],
                seq=len(lines) + 1,
                code=(line.product_id.default_code or "")[:50],
                unit=(line.product_uom_id.name or "")[:50],
                quantity=quantity,
                unit_price=sign * unit_price if unit_price is not None else None,
                discount_rate=qty_dec(line.discount) if line.discount else None,
                discount_amount=sign * discount_amount if discount_amount else None,
                amount=sign * amount,
                vat_rate="" if direct else self._l10n_vn_einvoice_line_rate(line),
            ))
        return tuple(lines)

    def _l10n_vn_einvoice_totals(self, sign, direct):
        """Per-rate groups from Odoo's own line amounts and taxes (so VAT is the journal
        entry's VAT, per line rounding included), checked against the move's totals."""
        digits = self.currency_id.decimal_places
        currency = self.currency_id.name
        total = dec(self.amount_total, digits) * sign
        words = amount_words.amount_in_words(total, currency)
        untaxed = dec(self.amount_untaxed, digits) * sign
        if direct:
            return model.Totals(by_rate=(), amount_untaxed=untaxed, vat=Decimal(0),
                                total=total, total_in_words=words)
        sums = {}
        for line in self.invoice_line_ids.filtered(lambda ln: ln.display_type == "product"):
            amount, vat = sums.get(self._l10n_vn_einvoice_line_rate(line), (0.0, 0.0))
            sums[self._l10n_vn_einvoice_line_rate(line)] = (
                amount + line.price_subtotal, vat + line.price_total - line.price_subtotal)
        by_rate = tuple(
            model.RateTotal(rate, dec(amount, digits) * sign, dec(vat, digits) * sign)
            for rate, (amount, vat) in sorted(sums.items(),
                                              key=lambda item: money.rate_sort_key(item[0])))
        vat = sum((g.vat for g in by_rate), Decimal(0))
        if sum((g.amount for g in by_rate), Decimal(0)) != untaxed or untaxed + vat != total:
            raise UserError(self.env._(
                "The e-invoice totals (%(untaxed)s + %(vat)s) do not reconcile with the "
                "invoice total %(total)s.\nTổng hóa đơn điện tử không khớp tổng hóa đơn.",
                untaxed=untaxed, vat=vat, total=total))
        return model.Totals(by_rate=by_rate, amount_untaxed=untaxed, vat=vat, total=total,
                            total_in_words=words)

    def _l10n_vn_einvoice_invoice_data(self, form, symbol, number, related=None):
        """The e-invoice of this move; ``related`` is a standard RelatedInvoice or None."""
        self.ensure_one()
        company = self.company_id
        direct = company.l10n_vn_einvoice_tax_method == "direct"
        sign = -1 if self.move_type == "out_refund" else 1
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
