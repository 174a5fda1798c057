"""A POS sale to a buyer with a tax code but without the buyer's name or address.

The register refuses such a buyer (``static/src/pos/buyer_data.js``), but an order can
still arrive that way: made offline by a register that ran older code, or sent over
JSON-RPC by hand.  The sale is real and is kept; its invoice is never issued with a tax
code and no name (Decree 123/2020 Art. 10(5), Art. 11(3)).  At sync:

1. the missing name or address is taken from the company's contact with that tax code
   when there is exactly one (the chatter says so);
2. otherwise the order is kept paid, without an e-invoice, marked *Needs buyer data*
   (``l10n_vn_einvoice_buyer_missing``, owned by the server) and the chatter says what is
   missing; a user types the buyer's name and address on the order and clicks
   *Issue e-invoice* (:meth:`action_l10n_vn_einvoice_issue_held`), which checks them
   again and issues the cash-register invoice with the register's code and the time of
   the sale.
"""

from odoo import fields, models
from odoo.addons.l10n_vn_einvoice.models.account_move_buyer_data import (
    address_given,
    buyer_gaps,
    gap_words,
)
from odoo.addons.l10n_vn_einvoice.models.einvoice_access import USER, check_group
from odoo.addons.l10n_vn_einvoice.models.server_owned import as_server
from odoo.addons.l10n_vn_einvoice.standard import codes
from odoo.exceptions import UserError


class PosOrder(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    l10n_vn_einvoice_buyer_missing = fields.Boolean(
        string="Needs buyer data", copy=False, readonly=True, index="btree_not_null",
        help="Paid with the buyer's tax code but without the buyer's name or address: the "
             "e-invoice waits until they are completed on the order (Issue e-invoice).")

    def _l10n_vn_einvoice_buyer_gaps(self):
        """What the buyer of this order lacks: ``"name"``, ``"address"`` (see
        ``account_move_buyer_data.buyer_gaps``)."""
        self.ensure_one()
        return buyer_gaps(self._l10n_vn_einvoice_buyer(
            self._l10n_vn_einvoice_issue_moment().date()))

    def _l10n_vn_einvoice_buyer_contact(self, tax_code):
        """The one contact of the order's company with ``tax_code`` (a company's contacts
        count once), or an empty recordset."""
        partners = self.env["res.partner"].sudo().with_context(active_test=True).search([
            ("vat", "ilike", tax_code), ("company_id", "in", [False, self.company_id.id])])
        found = partners.filtered(
            lambda p: p._l10n_vn_einvoice_tax_code() == tax_code).commercial_partner_id
        return found if len(found) == 1 else self.env["res.partner"]

    def _l10n_vn_einvoice_complete_buyer(self):
        """Fill the buyer's missing name and address from the one contact with the
        buyer's tax code; return what is still missing."""
        self.ensure_one()
        gaps = self._l10n_vn_einvoice_buyer_gaps()
        if not gaps:
            return gaps
        tax_code = self._l10n_vn_einvoice_buyer(
            self._l10n_vn_einvoice_issue_moment().date()).tax_code
        contact = self._l10n_vn_einvoice_buyer_contact(codes.normalise_tax_id(tax_code))
        address = contact._l10n_vn_einvoice_one_line_address() if contact else ""
        vals = {}
        if "name" in gaps and contact.name:
            vals["l10n_vn_einvoice_buyer_company_name"] = contact.name
        if "address" in gaps and address_given(address):
            vals["l10n_vn_einvoice_buyer_address"] = address
        if vals:
            self.sudo().write(vals)
            self.message_post(body=self.env._(
                "The buyer's tax code %(mst)s came without the buyer's name or address: "
                "completed from the contact %(contact)s.\nMã số thuế người mua %(mst)s "
                "không kèm tên hoặc địa chỉ: đã bổ sung từ liên hệ %(contact)s.",
                mst=tax_code, contact=contact.display_name))
        return self._l10n_vn_einvoice_buyer_gaps()

    def _l10n_vn_einvoice_issue(self):
        # EXTEND (this addon's pos_order.py): never a cash-register invoice with the
        # buyer's tax code and no name or address; the sale is kept and its e-invoice
        # waits for them (see the module docstring).  A refund replacing an issued
        # invoice carries that invoice's buyer.
        self.ensure_one()
        if not self._l10n_vn_einvoice_refunded_document()[1]:
            gaps = self._l10n_vn_einvoice_complete_buyer()
            if gaps:
                self._l10n_vn_einvoice_hold_for_buyer(gaps)
                return self.env["l10n_vn_einvoice.document"]
        if self.l10n_vn_einvoice_buyer_missing:
            as_server(self).write({"l10n_vn_einvoice_buyer_missing": False})
        return super()._l10n_vn_einvoice_issue()

    def _l10n_vn_einvoice_hold_for_buyer(self, gaps):
        if self.l10n_vn_einvoice_buyer_missing:
            return
        as_server(self).write({"l10n_vn_einvoice_buyer_missing": True})
        english, vietnamese = gap_words(gaps)
        tax_code = self._l10n_vn_einvoice_buyer(
            self._l10n_vn_einvoice_issue_moment().date()).tax_code
        self.message_post(body=self.env._(
            "No e-invoice yet: the buyer's tax code %(mst)s came without the buyer's "
            "%(missing)s. Type them on the E-invoice tab, then click Issue e-invoice.\n"
            "Chưa lập hóa đơn điện tử: mã số thuế người mua %(mst)s không kèm "
            "%(missing_vi)s. Hãy nhập trong tab Hóa đơn điện tử rồi bấm Lập hóa đơn điện tử.",
            mst=tax_code, missing=english, missing_vi=vietnamese))

    def action_l10n_vn_einvoice_issue_held(self):
        """Issue the e-invoice of orders that waited for the buyer's name and address,
        once they are on the order."""
        check_group(self.env, USER, self.env._("Issue e-invoice"))
        for order in self:
            # Two clicks at once: the second waits here, then finds the invoice issued.
            self.env.cr.execute("SELECT id FROM pos_order WHERE id = %s FOR UPDATE",
                                [order.id])
            order.invalidate_recordset()
            if not (order.l10n_vn_einvoice_buyer_missing
                    and order._l10n_vn_einvoice_applies()):
                raise UserError(self.env._(
                    "Order %(order)s is not waiting for the buyer's data: nothing to "
                    "issue.\nĐơn %(order)s không chờ thông tin người mua: không có gì để lập.",
                    order=order.name))
            gaps = order._l10n_vn_einvoice_buyer_gaps()
            if gaps:
                english, vietnamese = gap_words(gaps)
                raise UserError(self.env._(
                    "Order %(order)s: type the buyer's %(missing)s on the E-invoice tab "
                    "first; an invoice to a buyer with a tax code carries them.\nĐơn "
                    "%(order)s: hãy nhập %(missing_vi)s trong tab Hóa đơn điện tử trước; "
                    "hóa đơn cho người mua có mã số thuế phải ghi các thông tin này.",
                    order=order.name, missing=english, missing_vi=vietnamese))
            order._l10n_vn_einvoice_issue()
        return True
