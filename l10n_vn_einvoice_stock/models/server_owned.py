"""Which fields of this bridge users may write (the core's rule, models/server_owned.py).

The core's table names the fields users may write per model; everything else an
``l10n_vn_einvoice*`` addon defines is the server's.  This bridge adds its models' lines:
the transport data a stock user types on a transfer before validating it, the price of a
line, the marker of an agent's operation type, the company's delivery-note symbols.  The
note itself (the document, its kind, its state and code) is the server's.
"""

from odoo.addons.l10n_vn_einvoice.models.server_owned import EDITABLE, USER_WRITABLE

PICKING_FIELDS = frozenset({
    "l10n_vn_einvoice_dispatch_order", "l10n_vn_einvoice_dispatch_date",
    "l10n_vn_einvoice_dispatch_by", "l10n_vn_einvoice_dispatch_purpose",
    "l10n_vn_einvoice_contract_number", "l10n_vn_einvoice_contract_date",
    "l10n_vn_einvoice_transport_contract", "l10n_vn_einvoice_carrier",
    "l10n_vn_einvoice_transport_means", "l10n_vn_einvoice_issuer_person",
    "l10n_vn_einvoice_receiver_person", "l10n_vn_einvoice_dest_warehouse_id",
    # on a return: the transfer is cancelled, its note to be adjusted (a manager's
    # decision: validating such a return checks the caller as the correction does)
    "l10n_vn_einvoice_cancels_note",
})

USER_WRITABLE.update({
    "stock.picking": (PICKING_FIELDS, "What the warehouse states about a transfer before it "
                                      "leaves: dispatch order or agent contract, transport, "
                                      "people, receiving warehouse (frozen once its delivery "
                                      "note is issued). The note, its kind and state are the "
                                      "server's."),
    "stock.move": ({"l10n_vn_einvoice_price_unit"},
                   "The unit price a delivery note prints for the line, chosen before "
                   "validation (cost or sales price by default)."),
    "stock.picking.type": (EDITABLE, "Whether an operation type sends goods to sales agents "
                                     "on consignment (inventory managers)."),
})
