"""Live status of the POS order form and of the buyer's ticket page (``/pos/ticket``).

The back-office form follows its order's channel like the invoice's
(``einvoice_live_status.py``).  The ticket page is public: its visitor has no user, only
the ticket's access token.  Its channel is a keyed hash of that token (HMAC with the
database secret), written into the page the token opened: whoever can subscribe to it
could open the page already, and no ticket's channel can be derived from another's or
from anything printed (order reference, code).  The notification says only "look
again"; the page then reloads its own status through the token, as it was shown.
"""

from odoo import models
from odoo.tools.misc import hmac

TICKET_SCOPE = "l10n_vn_einvoice.ticket_live"
TICKET_NOTIFICATION = "l10n_vn_einvoice.ticket_live"


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_live_orders(self):
        """The POS orders whose screens show these documents: the order a document was
        issued for (the cash-register invoice and its replacements) and the orders an
        invoice of the back office invoiced."""
        return (self.pos_order_id | self.move_id.pos_order_ids).sudo()

    def _l10n_vn_einvoice_live_targets(self):
        # the POS order form follows its e-invoices too
        targets = super()._l10n_vn_einvoice_live_targets()
        return list(dict.fromkeys(targets + list(self._l10n_vn_einvoice_live_orders())))

    def _l10n_vn_einvoice_send_public_live(self):
        # the ticket pages of the orders
        result = super()._l10n_vn_einvoice_send_public_live()
        bus = self.env["bus.bus"].sudo()
        for order in self._l10n_vn_einvoice_live_orders():
            channel = order._l10n_vn_einvoice_ticket_channel()
            if channel:
                bus._sendone(channel, TICKET_NOTIFICATION, {})
        return result


class PosOrder(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_ticket_channel(self):
        """The ticket page's bus channel (module docstring); empty without a token."""
        self.ensure_one()
        token = self.sudo().access_token
        if not token:
            return ""
        return f"l10n_vn_einvoice.ticket:{hmac(self.env(su=True), TICKET_SCOPE, token)}"


class IrWebsocket(models.AbstractModel):
    # The POS part of models/ir_websocket.py, kept with the POS code.
    _inherit = "ir.websocket"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_live_models(self):
        # the POS order form
        return super()._l10n_vn_einvoice_live_models() | {"pos.order"}
