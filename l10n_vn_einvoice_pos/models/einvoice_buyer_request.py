"""A buyer who asks, after paying at a cash register, for an invoice in their name.

The cash-register invoice was issued at the sale without the buyer's details (they are
printed only if the buyer asks, NĐ 254/2026 Đ10 k4 b), and an invoice without them is
worth nothing to a business for its costs (NĐ 254/2026 Phụ lục, k4 b).  Giving the buyer
a second invoice for the same sale would declare the revenue twice; the law's way is to
treat the missing tax code as an error of the cash-register invoice, which is corrected
by replacement only (TT 91/2026 Đ10 k1 b, c).  Before the replacement, the seller and a
business buyer state the error in a written agreement that the seller keeps (k1 b).

This record is what the seller keeps: who asked, when, through which channel, the details
given and the agreed statement; and the one replacement issued for it.  There is one
request per cash-register invoice (unique index): a second request for the same ticket,
however it races the first, finds the first instead of issuing a second document.
"""

import pytz

from odoo import api, fields, models

CHANNELS = [("ticket", "Ticket page (QR on the receipt)"), ("back_office", "Back office")]


class L10nVnEinvoiceBuyerRequest(models.Model):
    _name = "l10n_vn_einvoice.buyer_request"
    _description = "Buyer's request for an invoice in their name after a cash-register sale"
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    pos_order_id = fields.Many2one("pos.order", string="POS order", required=True,
                                   index=True, readonly=True, ondelete="restrict",
                                   check_company=True)
    original_document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="Cash-register invoice", required=True,
        readonly=True, ondelete="restrict", check_company=True,
        help="The invoice the request corrects; it is replaced once, by one document.")
    document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="Replacement", readonly=True, index=True,
        ondelete="restrict", check_company=True)
    move_id = fields.Many2one("account.move", string="Invoice (accounting)", readonly=True,
                              check_company=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    requested_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Recorded by", readonly=True,
                              default=lambda self: self.env.user)
    client_hash = fields.Char(readonly=True,
                              help="SHA-256 of the requesting client's address (ticket page).")
    buyer_name = fields.Char(readonly=True)
    buyer_tax_code = fields.Char(string="Buyer MST", readonly=True)
    buyer_address = fields.Char(readonly=True)
    buyer_email = fields.Char(readonly=True)
    statement = fields.Text(
        string="Agreement", readonly=True,
        help="The error and its correction as agreed with the buyer (TT 91/2026 Đ10 k1 b), "
             "kept by the seller.")

    _one_request_per_invoice = models.Constraint(
        "UNIQUE(original_document_id)",
        "This cash-register invoice already has a buyer's request.")

    @api.depends("requested_at")
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"YC-{request.id or 0:06d}"

    def _agreement_label(self):
        """How the replacement names the agreement (its ``agreement_name``)."""
        self.ensure_one()
        day = pytz.utc.localize(self.requested_at).astimezone(
            pytz.timezone("Asia/Ho_Chi_Minh"))
        return (f"Đề nghị của người mua {self.display_name} ngày {day.day:02d}/{day.month:02d}"
                f"/{day.year}")[:255]
