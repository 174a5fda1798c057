from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    l10n_vn_einvoice_agent_consignment = fields.Boolean(
        string="Consignment to sales agents",
        help="Transfers of this operation type send goods to a sales agent (the transfer's "
             "contact) on consignment: validating one issues an agent delivery note "
             "(phiếu xuất kho hàng gửi bán đại lý, form 6, letter B).")
