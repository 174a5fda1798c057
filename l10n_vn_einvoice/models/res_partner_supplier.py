"""The supplier of a received e-invoice, found by its tax code or created from ``NBan``.

Tax codes are typed every way (``0100 109 106``, ``VN0100109106``, ``0100109106001``), so
partners are matched on the digits of their ``vat`` — the way Odoo's own
``_retrieve_partner_with_vat`` matches — then on the legal form.  A branch
(``0100109106-001``) is the partner carrying that branch code; when only the head office
is known, the head office is proposed and the bill says so.  An unknown seller is created
from what the invoice says (name, tax code, address, phone, e-mail, bank account), as a
Vietnamese company; a tax code that fails its check digit is not written on the partner
(the constraint would refuse it) and the bill's checks report it.
"""

import re

from odoo import Command, api, models
from odoo.tools import SQL

from ..standard import codes
from ..standard.errors import InvalidCode

_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")


class ResPartner(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _l10n_vn_einvoice_supplier(self, company, seller):
        """(partner, notes for the bill's chatter) of the invoice's seller."""
        tax_code = codes.normalise_tax_id(seller.tax_code)
        found = self._l10n_vn_einvoice_by_tax_code(company, tax_code)
        if found:
            return found, []
        if "-" in tax_code:
            head = self._l10n_vn_einvoice_by_tax_code(company, tax_code.split("-")[0])
            if head:
                return head, [self.env._(
                    "The seller is the branch %(code)s of %(partner)s, which has no partner of "
                    "its own: the head office is proposed as vendor.\nNgười bán là đơn vị phụ "
                    "thuộc %(code)s của %(partner)s, chưa có đối tác riêng: đề xuất trụ sở "
                    "chính làm nhà cung cấp.", code=tax_code, partner=head.display_name)]
        partner = self._l10n_vn_einvoice_create_supplier(seller, tax_code)
        return partner, [self.env._(
            "The seller %(name)s (%(code)s) was not a partner yet: it was created from the "
            "invoice.\nNgười bán %(name)s (%(code)s) chưa có trong danh bạ: đã tạo từ hóa "
            "đơn.", name=partner.name, code=tax_code or "-")]

    @api.model
    def _l10n_vn_einvoice_by_tax_code(self, company, tax_code):
        digits = re.sub(r"\D", "", tax_code or "")
        if not digits:
            return self.browse()
        query = self._search([*self._check_company_domain(company)])
        query.add_where(SQL("regexp_replace(%s, '[^0-9]', '', 'g') = %s",
                            self._field_to_sql(self._table, "vat", query), digits))
        partners = self.browse(query)
        exact = partners.filtered(
            lambda p: codes.normalise_tax_id(re.sub(r"^[A-Za-z]{2}", "", p.vat or "")) ==
            tax_code)
        return exact.sorted(lambda p: (bool(p.parent_id), p.id))[:1]

    @api.model
    def _l10n_vn_einvoice_create_supplier(self, seller, tax_code):
        try:
            vat = codes.validate_tax_id(tax_code) if tax_code else False
        except InvalidCode:
            vat = False
        email = _EMAIL.search(seller.email or "")
        vals = {
            "name": (seller.name or tax_code or "?")[:400], "vat": vat, "is_company": True,
            "street": (seller.address or "")[:400] or False,
            "phone": (seller.phone or "")[:64] or False,
            "email": email.group(0) if email else False,
            "country_id": self.env.ref("base.vn").id, "supplier_rank": 1,
        }
        if seller.bank_account:
            bank = self.env["res.bank"].sudo().search(
                [("name", "=", seller.bank_name)], limit=1) if seller.bank_name else False
            if seller.bank_name and not bank:
                bank = self.env["res.bank"].sudo().create({"name": seller.bank_name[:400]})
            vals["bank_ids"] = [Command.create({
                "acc_number": seller.bank_account[:64], "bank_id": bank.id if bank else False})]
        return self.sudo().create(vals).sudo(False)
