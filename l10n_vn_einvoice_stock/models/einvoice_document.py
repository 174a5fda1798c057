from odoo import fields, models
from odoo.addons.l10n_vn_einvoice.models.einvoice_document import FROZEN_STATES
from odoo.addons.l10n_vn_einvoice.models.server_owned import is_server
from odoo.exceptions import UserError


class L10nVnEinvoiceDocument(models.Model):
    _inherit = "l10n_vn_einvoice.document"

    l10n_vn_einvoice_picking_id = fields.Many2one(
        "stock.picking", string="Transfer", index="btree_not_null", check_company=True,
        ondelete="restrict", readonly=True,
        help="The transfer whose goods this delivery note (form 6) accompanies.")
    l10n_vn_einvoice_is_note = fields.Boolean(
        string="Delivery note", compute="_compute_l10n_vn_einvoice_is_note",
        search="_search_l10n_vn_einvoice_is_note")

    def _compute_l10n_vn_einvoice_is_note(self):
        for doc in self:
            doc.l10n_vn_einvoice_is_note = doc.form == "6"

    def _search_l10n_vn_einvoice_is_note(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        return [("form", "=" if positive else "!=", "6")]

    def write(self, vals):
        # EXTEND 'l10n_vn_einvoice': the transfer of an issued note is legal content too.
        if is_server(self.env) and "l10n_vn_einvoice_picking_id" in vals and self.filtered(
                lambda d: d.state in FROZEN_STATES):
            raise UserError(self.env._(
                "E-invoice %(name)s is issued: its transfer cannot be changed.\nHóa đơn "
                "%(name)s đã phát hành, không thể đổi phiếu chuyển kho.", name=self[0].name))
        return super().write(vals)
