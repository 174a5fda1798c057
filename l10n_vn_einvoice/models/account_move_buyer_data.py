"""A buyer with a tax code is named and located on its invoice.

Decree 123/2020 Art. 10(5) (and Art. 11(3) for cash-register invoices, as amended by
Decree 70/2025): when the buyer has a tax code the invoice carries the buyer's name,
address and tax code.  An anonymous buyer, or one known only by a personal ID or a phone
number, needs neither.  A tax code that is not valid is left to the e-invoice's own
checks, which say what is wrong with it.
"""

from odoo import models
from odoo.exceptions import UserError

from ..standard import codes
from ..standard.errors import InvalidCode

# The country alone (what a contact with a country and nothing else prints) is no address.
COUNTRY_ONLY = {"việt nam", "viet nam", "vietnam"}


def address_given(address):
    """Whether ``address`` says more than the country."""
    parts = (part.strip() for part in (address or "").split(","))
    return any(part and part.casefold() not in COUNTRY_ONLY for part in parts)


def buyer_gaps(buyer):
    """What a buyer (``standard.model.Buyer``) with a valid tax code lacks of the name and
    address the law asks for: a tuple of ``"name"``, ``"address"`` (empty when nothing is
    missing, or when the buyer has no valid tax code)."""
    tax_code = (buyer.tax_code or "").strip()
    if not tax_code:
        return ()
    try:
        codes.validate_tax_id(tax_code, field="NMua/MST")
    except InvalidCode:
        return ()  # the e-invoice's checks refuse it with the reason
    return tuple(gap for gap, given in (("name", (buyer.name or "").strip()),
                                        ("address", address_given(buyer.address)))
                 if not given)


def gap_words(gaps):
    """(English, Vietnamese) words for ``gaps`` — each goes into its own half of a
    bilingual message: "name and address" / "tên và địa chỉ người mua"."""
    english = {"name": "name", "address": "address"}
    vietnamese = {"name": "tên", "address": "địa chỉ"}
    return (" and ".join(english[gap] for gap in gaps),
            " và ".join(vietnamese[gap] for gap in gaps) + " người mua")


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _post(self, soft=True):
        # EXTEND 'account' (and this addon's account_move.py): a customer invoice that
        # becomes an e-invoice is refused before it is numbered when its buyer has a tax
        # code but no name or address.
        for move in self:
            if move._l10n_vn_einvoice_applies() or move._l10n_vn_einvoice_pos_invoiced():
                move._l10n_vn_einvoice_check_buyer_data()
        return super()._post(soft=soft)

    def _l10n_vn_einvoice_check_buyer_data(self):
        self.ensure_one()
        buyer = self._l10n_vn_einvoice_buyer()
        gaps = buyer_gaps(buyer)
        if not gaps:
            return
        english, vietnamese = gap_words(gaps)
        customer = self.partner_id.commercial_partner_id
        raise UserError(self.env._(
            "%(move)s cannot be confirmed: the customer %(customer)s has a tax code (MST "
            "%(mst)s) but no %(missing)s, and an e-invoice to a buyer with a tax code must "
            "carry the buyer's name and address (Decree 123/2020, Art. 10). Fill in the "
            "customer's %(missing)s (street, ward, province) on the customer, then confirm "
            "again.\n%(move)s chưa thể xác nhận: khách hàng %(customer)s có mã số thuế "
            "%(mst)s nhưng thiếu %(missing_vi)s; hóa đơn cho người mua có mã số thuế phải "
            "ghi tên và địa chỉ người mua (Nghị định 123/2020, Điều 10). Hãy bổ sung "
            "%(missing_vi)s (số nhà, đường, phường/xã, tỉnh/thành phố) trên khách hàng rồi "
            "xác nhận lại.",
            move=self.display_name, customer=customer.display_name or "—",
            mst=buyer.tax_code, missing=english, missing_vi=vietnamese))
