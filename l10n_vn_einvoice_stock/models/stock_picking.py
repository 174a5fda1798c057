from odoo import api, fields, models
from odoo.addons.l10n_vn_einvoice.models.server_owned import is_server
from odoo.exceptions import UserError

from .server_owned import PICKING_FIELDS

NOTE_KINDS = [("internal", "Internal transport (N)"), ("agent", "Agent consignment (B)")]
# Defaults a new transfer takes from the last note of its operation type (same agent for
# an agent's note): the carrier and vehicle usually repeat, the order number never does.
LAST_NOTE_DEFAULTS = ("l10n_vn_einvoice_carrier", "l10n_vn_einvoice_transport_means",
                      "l10n_vn_einvoice_issuer_person", "l10n_vn_einvoice_dispatch_by",
                      "l10n_vn_einvoice_transport_contract")
AGENT_DEFAULTS = ("l10n_vn_einvoice_contract_number", "l10n_vn_einvoice_contract_date",
                  "l10n_vn_einvoice_receiver_person")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    l10n_vn_einvoice_note_kind = fields.Selection(
        NOTE_KINDS, string="Delivery note", compute="_compute_l10n_vn_einvoice_note_kind",
        store=True,
        help="Which electronic delivery note (form 6) validating this transfer issues: "
             "internal transport when the goods leave a warehouse of the company for another "
             "one (directly or through a transit location), agent consignment when the "
             "operation type sends goods to sales agents; none otherwise.")
    l10n_vn_einvoice_dispatch_order = fields.Char(
        string="Dispatch order no.", size=255,
        help="Number of the internal dispatch order (lệnh điều động nội bộ, LDDNBo).")
    l10n_vn_einvoice_dispatch_date = fields.Date(string="Dispatch order date")
    l10n_vn_einvoice_dispatch_by = fields.Char(string="Dispatch order of",
                                               help="Who gave the order (của …).")
    l10n_vn_einvoice_dispatch_purpose = fields.Char(string="Dispatch order about",
                                                    help="What the order is about (về việc …).")
    l10n_vn_einvoice_contract_number = fields.Char(
        string="Agent contract no.", size=255,
        help="Economic contract with the sales agent (HDKTSo).")
    l10n_vn_einvoice_contract_date = fields.Date(string="Agent contract date")
    l10n_vn_einvoice_transport_contract = fields.Char(
        string="Transport contract no.", size=255, help="HDSo")
    l10n_vn_einvoice_carrier = fields.Char(string="Carrier", size=100,
                                           help="Name of the person transporting (TNVChuyen).")
    l10n_vn_einvoice_transport_means = fields.Char(
        string="Means of transport", size=50,
        help="Vehicle and plate number (PTVChuyen), required on every delivery note.")
    l10n_vn_einvoice_issuer_person = fields.Char(
        string="Issued by (person)", size=100, help="Who hands the goods out (HVTNXHang).")
    l10n_vn_einvoice_receiver_person = fields.Char(
        string="Received by (person)", size=100, help="Who receives the goods (HVTNNHang).")
    l10n_vn_einvoice_dest_warehouse_id = fields.Many2one(
        "stock.warehouse", string="Receiving warehouse",
        compute="_compute_l10n_vn_einvoice_dest_warehouse_id", store=True, readonly=False,
        check_company=True,
        help="The warehouse the goods go to; through a transit location, the one at the end "
             "of the route. Its address is printed as the receiving address.")
    l10n_vn_einvoice_document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="E-delivery note", copy=False, readonly=True,
        index="btree_not_null")
    l10n_vn_einvoice_document_ids = fields.One2many(
        "l10n_vn_einvoice.document", "l10n_vn_einvoice_picking_id", string="Delivery notes",
        readonly=True)
    l10n_vn_einvoice_state = fields.Selection(
        related="l10n_vn_einvoice_document_id.state", string="Delivery note status")
    l10n_vn_einvoice_note_name = fields.Char(
        related="l10n_vn_einvoice_document_id.name", string="Delivery note number")
    l10n_vn_einvoice_tax_authority_code = fields.Char(
        related="l10n_vn_einvoice_document_id.tax_authority_code",
        string="Delivery note code")

    # ------------------------------------------------------------------ which note
    @api.depends("location_id", "location_dest_id", "picking_type_id",
                 "picking_type_id.l10n_vn_einvoice_agent_consignment")
    def _compute_l10n_vn_einvoice_note_kind(self):
        for picking in self:
            picking.l10n_vn_einvoice_note_kind = picking._l10n_vn_einvoice_which_note()

    def _l10n_vn_einvoice_which_note(self):
        """internal, agent or False: the goods leave a warehouse of the company (the
        transfer takes them out of its stock) for another warehouse, a transit location
        or a sales agent.  Receipts, customer deliveries and moves inside one warehouse
        make none."""
        source = self.location_id.warehouse_id
        if not source or self.location_id.usage != "internal" \
                or self.company_id.account_fiscal_country_id.code != "VN":
            return False
        if self.picking_type_id.l10n_vn_einvoice_agent_consignment:
            return "agent"
        dest = self.location_dest_id
        if dest.usage == "transit":
            return "internal"
        if dest.usage == "internal" and dest.warehouse_id and dest.warehouse_id != source:
            return "internal"
        return False

    @api.depends("location_dest_id")
    def _compute_l10n_vn_einvoice_dest_warehouse_id(self):
        for picking in self:
            if picking.state == "done":
                continue
            dest = picking.location_dest_id
            warehouse = dest.warehouse_id
            if not warehouse and dest.usage == "transit":
                # the next leg of the route (transit → receiving warehouse)
                warehouse = picking.move_ids.move_dest_ids.location_dest_id.warehouse_id[:1]
            picking.l10n_vn_einvoice_dest_warehouse_id = warehouse or \
                picking.l10n_vn_einvoice_dest_warehouse_id

    # ------------------------------------------------------------------ defaults
    @api.model_create_multi
    def create(self, vals_list):
        pickings = super().create(vals_list)
        for picking, vals in zip(pickings, vals_list, strict=True):
            picking._l10n_vn_einvoice_default_from_last_note(vals)
        return pickings

    def _l10n_vn_einvoice_default_from_last_note(self, vals):
        """Fill what the caller left empty from the last note of the same operation type
        (and, for an agent, the same agent)."""
        if not self.l10n_vn_einvoice_note_kind:
            return
        domain = [("picking_type_id", "=", self.picking_type_id.id),
                  ("l10n_vn_einvoice_document_id", "!=", False), ("id", "!=", self.id)]
        names = list(LAST_NOTE_DEFAULTS)
        if self.l10n_vn_einvoice_note_kind == "agent" and self.partner_id:
            domain.append(("partner_id", "=", self.partner_id.id))
            names += AGENT_DEFAULTS
        last = self.search(domain, order="date_done desc, id desc", limit=1)
        defaults = {name: last[name] for name in names if last[name] and not vals.get(name)}
        if defaults:
            self.write(defaults)

    # ------------------------------------------------------------------ guards
    def write(self, vals):
        # EXTEND 'stock': what an issued delivery note says is frozen on its transfer.
        touched = PICKING_FIELDS.intersection(vals)
        # The server writes them once more when a replacement note states them right.
        if touched and not is_server(self.env):
            issued = self.filtered(lambda p: p.l10n_vn_einvoice_document_id)
            if issued:
                raise UserError(self.env._(
                    "Transfer %(picking)s has an issued delivery note %(note)s: its transport "
                    "data cannot change. Correct the note instead.\nPhiếu chuyển kho "
                    "%(picking)s đã có phiếu xuất kho điện tử %(note)s: không thể sửa thông "
                    "tin vận chuyển; hãy điều chỉnh hoặc thay thế phiếu.",
                    picking=issued[0].name, note=issued[0].l10n_vn_einvoice_document_id.name))
        return super().write(vals)

    def unlink(self):
        # EXTEND 'stock': checked before stock cancels the moves (whose own refusal of a
        # done move would not name the note); a cancelled transfer's note is corrected.
        self._unlink_except_l10n_vn_einvoice_note()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_l10n_vn_einvoice_note(self):
        for picking in self:
            if picking.l10n_vn_einvoice_document_ids:
                raise UserError(self.env._(
                    "Transfer %(picking)s has an electronic delivery note: it is kept, not "
                    "deleted. A cancelled transfer is returned (Return, \"Transfer "
                    "cancelled\") and its note adjusted.\nPhiếu chuyển kho %(picking)s đã có "
                    "phiếu xuất kho điện tử: không thể xóa; hãy trả hàng và điều chỉnh "
                    "phiếu.", picking=picking.name))

    # ------------------------------------------------------------------ validation
    def _action_done(self):
        # EXTEND 'stock': the note is issued in the validation transaction, like posting
        # an invoice; its required data is checked before anything is written.
        notes = self.filtered(lambda p: p.l10n_vn_einvoice_note_kind
                              and not p.l10n_vn_einvoice_document_id)
        for picking in notes:
            picking._l10n_vn_einvoice_check_note()
        done = super()._action_done()
        for picking in notes.filtered(lambda p: p.state == "done"):
            picking._l10n_vn_einvoice_issue_note()
        return done

    def action_l10n_vn_einvoice_print_note(self):
        """The printed delivery note, as the note's own *Download PDF* gives it: the file
        frozen once the note is accepted, before that a copy marked as without legal
        value."""
        self.ensure_one()
        if not self.l10n_vn_einvoice_document_id:
            raise UserError(self.env._(
                "Transfer %(picking)s has no delivery note to print: the note is issued when "
                "the transfer is validated.\nPhiếu chuyển kho %(picking)s chưa có phiếu xuất "
                "kho để in: phiếu được lập khi xác nhận phiếu chuyển kho.", picking=self.name))
        return self.l10n_vn_einvoice_document_id.action_download_pdf()

    def action_l10n_vn_einvoice_open_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "l10n_vn_einvoice.document",
            "views": [(False, "form")], "res_id": self.l10n_vn_einvoice_document_id.id,
        }
