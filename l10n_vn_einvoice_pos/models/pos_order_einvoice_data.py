"""pos.order → standard.model.Invoice: the cash-register invoice of an order.

POS prices are what the customer paid, VAT included, so lines go through
``money.compute_totals_from_gross``: each line's net is derived from its paid amount and
each rate group's VAT is the balance, so the invoice total is the till total to the last
đồng.  DGia is the net unit price before the line discount and STCKhau the discount, so
that ``ThTien = SLuong × DGia − STCKhau`` holds as the validator checks it.
"""

from decimal import Decimal

import pytz

from odoo import fields, models
from odoo.addons.l10n_vn_einvoice.models.account_move_einvoice_data import (
    ANONYMOUS_BUYER_254,
    ANONYMOUS_BUYER_BEFORE_254,
    TITLES,
    dec,
    qty_dec,
)
from odoo.addons.l10n_vn_einvoice.models.direct_reduction import REDUCTION_PRODUCT, reduction_for
from odoo.addons.l10n_vn_einvoice.models.res_company import provider_tax_code
from odoo.addons.l10n_vn_einvoice.standard import amount_words, codes, model, money, regimes
from odoo.exceptions import UserError

VN_TZ = pytz.timezone("Asia/Ho_Chi_Minh")


class PosOrder(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_issue_moment(self):
        """Time of issue in Vietnam (the receipt prints it; NLap is its date)."""
        moment = self.date_order or fields.Datetime.now()
        return pytz.utc.localize(moment).astimezone(VN_TZ)

    def _l10n_vn_einvoice_buyer(self, issue_date):
        """Buyer typed at the till first, then the chosen customer; else the anonymous
        wording of the regime in force."""
        partner = self.partner_id
        walk_in = self.env.ref("l10n_vn_einvoice.partner_walk_in", raise_if_not_found=False)
        if partner == walk_in:
            partner = self.env["res.partner"]
        commercial = partner.commercial_partner_id
        tax_code = codes.normalise_tax_id(self.l10n_vn_einvoice_buyer_tax_code)
        if not tax_code and commercial and (not commercial.country_id
                                            or commercial.country_id.code == "VN"):
            tax_code = commercial._l10n_vn_einvoice_tax_code()
        company_name = self.l10n_vn_einvoice_buyer_company_name or ""
        person = self.l10n_vn_einvoice_buyer_name or ""
        buyer = model.Buyer(
            # a company typed at the till is the buyer (Ten); the person buys for it
            name=company_name or person or commercial.name or "",
            contact_name=person if company_name else "",
            tax_code=tax_code,
            personal_id=(self.l10n_vn_einvoice_buyer_personal_id
                         or partner.l10n_vn_einvoice_personal_id or ""),
            address=(self.l10n_vn_einvoice_buyer_address
                     or (partner._l10n_vn_einvoice_one_line_address() if partner else ""))[:400],
            phone=(self.l10n_vn_einvoice_buyer_phone or partner.phone or "")[:20],
            email=(self.l10n_vn_einvoice_buyer_email or partner.email or "")[:50],
            customer_code=(commercial.ref or "")[:50] if commercial else "",
        )
        if buyer.is_anonymous:
            on_254 = regimes.regime_on(issue_date).name == "ND254"
            return model.Buyer(name=ANONYMOUS_BUYER_254 if on_254 else ANONYMOUS_BUYER_BEFORE_254)
        return buyer

    def _l10n_vn_einvoice_rate(self, line):
        taxes = line.tax_ids_after_fiscal_position.filtered(lambda t: t.l10n_vn_einvoice_rate_code)
        if len(taxes) != 1:
            raise UserError(self.env._(
                "Product \"%(product)s\" must have exactly one VAT tax to be invoiced "
                "electronically (use the KCT tax for goods not subject to VAT).\nSản phẩm "
                "\"%(product)s\" phải có đúng một thuế GTGT.",
                product=line.product_id.display_name))
        return taxes._l10n_vn_einvoice_tsuat()

    def _l10n_vn_einvoice_gross_lines(self, lines, direct):
        """(Line, gross) pairs; ``lines`` are (product line, quantity, gross) triples so a
        replacement can pass the quantities that remain after refunds.  With prices
        including VAT, ``money.compute_totals_from_gross`` sets each line's net amount and
        its DGia/STCKhau; on the direct method (no VAT) the paid amount is the amount."""
        digits = self.currency_id.decimal_places
        result = []
        for line, quantity, gross in lines:
            gross = dec(gross, digits)
            qty = qty_dec(quantity)
            item = model.Line(
                name=(line.full_product_name or line.product_id.name or "")[:500],
                seq=len(result) + 1,
                code=(line.product_id.default_code or "")[:50],
                unit=line.product_id.uom_id._l10n_vn_einvoice_unit() if line.product_id.uom_id
                else "",
                quantity=qty,
                discount_rate=qty_dec(line.discount) if line.discount else None,
                vat_rate="" if direct else self._l10n_vn_einvoice_rate(line),
            )
            if direct:
                item = money.line_with_amount(item, gross)
            result.append((item, gross))
        return result

    def _l10n_vn_einvoice_direct_totals(self, pairs, products, currency, rate_date,
                                        paid_reduction):
        """Lines at what was paid for them, then the VAT reduction of the rule of
        ``rate_date`` with its note; ``paid_reduction`` (the till's reduction line, None
        for a replacement, which recomputes it) must agree with the rule."""
        reduction, note = reduction_for(
            [(product, gross) for product, (_line, gross) in zip(products, pairs, strict=True)],
            rate_date, currency)
        if paid_reduction is not None and paid_reduction != reduction:
            raise UserError(self.env._(
                "Order %(order)s: the register deducted %(paid)s for the VAT reduction but the "
                "rule of %(date)s gives %(rule)s; check the products' categories and the "
                "register's date.\nĐơn %(order)s: máy tính tiền đã giảm %(paid)s nhưng theo "
                "quy định ngày %(date)s số giảm là %(rule)s.", order=self.name,
                paid=paid_reduction, rule=reduction, date=rate_date.strftime("%d/%m/%Y")))
        lines = [line for line, _gross in pairs]
        if reduction:
            lines.append(model.Line(name=note, nature=model.NOTE, seq=len(lines) + 1))
        goods = sum((gross for _line, gross in pairs), Decimal(0))
        total = goods - reduction
        return tuple(lines), model.Totals(
            by_rate=(), amount_untaxed=goods, vat=Decimal(0), total=total,
            total_in_words=amount_words.amount_in_words(total, currency),
            other_deduction=reduction or None)

    def _l10n_vn_einvoice_invoice_data(self, form, symbol, number, code, issue_date,
                                       lines=None, related=None, buyer=None, moment=None):
        """The cash-register invoice of this order (``lines`` default to its own, the
        buyer to the one given at the till, the time of issue to the order's).

        The till's VAT-reduction line (direct method) is not a line of goods: it becomes
        ``TGTKhac`` and the prescribed note, checked against the rule.  A replacement
        (``related``) keeps the rules of the invoice it replaces."""
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id.name
        direct = company.l10n_vn_einvoice_tax_method == "direct"
        digits = self.currency_id.decimal_places
        if lines is None:
            lines = [(line, line.qty, line.price_subtotal_incl) for line in self.lines]
        reduction_product = self.env.ref(REDUCTION_PRODUCT, raise_if_not_found=False)
        paid_reduction = -sum((dec(gross, digits) for line, _qty, gross in lines
                               if line.product_id == reduction_product), Decimal(0))
        lines = [item for item in lines if item[0].product_id != reduction_product]
        pairs = self._l10n_vn_einvoice_gross_lines(lines, direct)
        if not pairs:
            # Everything was returned: the replacement says so on a note line.
            inv_lines = (model.Line(name="Hàng hóa đã được trả lại toàn bộ", nature=model.NOTE,
                                    seq=1),)
            zero = money.round_money(Decimal(0), currency)
            totals = model.Totals(by_rate=(), amount_untaxed=zero, vat=zero, total=zero,
                                  total_in_words=amount_words.amount_in_words(zero, currency))
        elif direct:
            inv_lines, totals = self._l10n_vn_einvoice_direct_totals(
                pairs, [line.product_id for line, _qty, _gross in lines], currency,
                regimes.vat_rate_date(issue_date, related.date if related else None),
                None if related else paid_reduction)
        else:
            inv_lines, totals = money.compute_totals_from_gross(pairs, currency)
        moment = moment or self._l10n_vn_einvoice_issue_moment()
        return model.Invoice(
            form=form, symbol=symbol, number=number, issue_date=issue_date,
            seller=self.env["account.move"].with_company(company).new(
                {"company_id": company.id})._l10n_vn_einvoice_seller(),
            buyer=buyer or self._l10n_vn_einvoice_buyer(issue_date),
            lines=inv_lines, totals=totals,
            version=regimes.format_version_on(issue_date),
            title=TITLES.get(form, "Hóa đơn"),
            currency=currency, payment_method="TM/CK",
            provider_tax_code=provider_tax_code(company),
            related=related, kind=model.KIND_CASH_REGISTER, tax_authority_code=code,
            extra=(model.ExtraField("PosRef", self.pos_reference or self.name or ""),
                   model.ExtraField("ThoiDiemLap", moment.strftime("%Y-%m-%dT%H:%M:%S"),
                                    "dateTime")),
        )

