"""Adjust or replace a delivery note (form 6): the lines of the note with their right
quantity and unit price, and (for a replacement) the right transport data.  Unlike the
invoices' wizard, which drafts an accounting move to post, this one issues the correcting
note at once: a note has no accounting entry to prepare.  The document's method
(``_l10n_vn_einvoice_note_correct``) checks the caller, the company and the law again."""

from odoo import Command, api, fields, models
from odoo.addons.l10n_vn_einvoice.models.einvoice_correction_list import CAUSE_SELECTION
from odoo.addons.l10n_vn_einvoice.standard import regimes

from ..models.einvoice_document_note_correction import HEADER_FIELDS

# The transport data a replacement may change, first as the note states them.
HEADER = {"compute": "_compute_header", "store": True, "readonly": False, "precompute": True}


class L10nVnEinvoiceStockNoteCorrectionWizard(models.TransientModel):
    _name = "l10n_vn_einvoice_stock.note.correction.wizard"
    _description = "Adjust or replace a delivery note"

    document_id = fields.Many2one(
        "l10n_vn_einvoice.document", string="Delivery note", required=True, readonly=True,
        default=lambda self: self.env.context.get("active_id"))
    method = fields.Selection(
        [("adjustment", "Adjustment"), ("replacement", "Replacement")], required=True,
        default="replacement",
        help="Replacement: the whole note again, with the right lines and transport data. "
             "Adjustment: only the lines whose quantity or price changes, by the "
             "difference (transport data are not adjusted).")
    line_ids = fields.One2many("l10n_vn_einvoice_stock.note.correction.wizard.line",
                               "wizard_id", string="Lines", compute="_compute_line_ids",
                               store=True, readonly=False, precompute=True)
    cause_required = fields.Boolean(compute="_compute_rules")
    agreement_required = fields.Boolean(compute="_compute_rules")
    cause_code = fields.Selection(CAUSE_SELECTION, default="13")
    agreement_name = fields.Char(string="Agreement document")
    agreement_date = fields.Date()
    dispatch_order = fields.Char(string="Dispatch order no.", size=255, **HEADER)
    contract_number = fields.Char(string="Agent contract no.", size=255, **HEADER)
    contract_date = fields.Date(string="Agent contract date", **HEADER)
    transport_contract = fields.Char(string="Transport contract no.", size=255, **HEADER)
    carrier = fields.Char(size=100, **HEADER)
    transport_means = fields.Char(string="Means of transport", size=50, **HEADER)
    issuer_person = fields.Char(string="Issued by (person)", size=100, **HEADER)
    receiver_person = fields.Char(string="Received by (person)", size=100, **HEADER)
    is_agent = fields.Boolean(**HEADER)

    @api.model_create_multi
    def create(self, vals_list):
        # The note's lines are read as superuser: the caller is checked on the note
        # (group, company) before the wizard is returned.
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.document_id.with_env(self.env)._l10n_vn_einvoice_note_check_caller()
        return wizards

    @api.depends("document_id")
    def _compute_line_ids(self):
        """The note's lines, right values first equal to the issued ones; the transport
        data as the note states them."""
        for wizard in self:
            doc = wizard.document_id
            if not doc:
                wizard.line_ids = [Command.clear()]
                continue
            note = doc.sudo()._l10n_vn_einvoice_invoice_data()
            wizard.line_ids = [Command.clear()] + [Command.create({
                "seq": line.seq, "name": line.name, "unit": line.unit,
                "quantity": float(line.quantity), "price_unit": float(line.unit_price),
                "new_quantity": float(line.quantity), "new_price_unit": float(line.unit_price),
            }) for line in note.lines]

    @api.depends("document_id")
    def _compute_header(self):
        for wizard in self:
            doc = wizard.document_id
            delivery = doc.sudo()._l10n_vn_einvoice_invoice_data().delivery if doc else None
            for name in HEADER_FIELDS:
                wizard[name] = getattr(delivery, name, None) or False
            wizard.is_agent = doc.symbol[3:4] == "B" if doc else False

    @api.depends("document_id")
    def _compute_rules(self):
        for wizard in self:
            day = wizard.document_id.l10n_vn_einvoice_picking_id.sudo() \
                ._l10n_vn_einvoice_issue_date() if wizard.document_id \
                else fields.Date.context_today(wizard)
            wizard.cause_required = bool(regimes.cause_codes(day))
            wizard.agreement_required = bool(wizard.document_id) and \
                wizard.document_id._l10n_vn_einvoice_agreement_required(day)

    def action_issue(self):
        """Issue the correcting note and open it."""
        self.ensure_one()
        changes = {line.seq: (line.new_quantity, line.new_price_unit) for line in self.line_ids
                   if (line.new_quantity, line.new_price_unit)
                   != (line.quantity, line.price_unit)}
        header = {name: self[name] or "" for name in HEADER_FIELDS}
        for name in ("contract_date",):
            header[name] = self[name] or None
        doc = self.document_id._l10n_vn_einvoice_note_correct(
            self.method, changes, header=header if self.method == "replacement" else None,
            cause_code=self.cause_code if self.cause_required else "",
            agreement_name=self.agreement_name or "", agreement_date=self.agreement_date)
        return {"type": "ir.actions.act_window", "res_model": "l10n_vn_einvoice.document",
                "views": [(False, "form")], "res_id": doc.id, "target": "current"}


class L10nVnEinvoiceStockNoteCorrectionWizardLine(models.TransientModel):
    _name = "l10n_vn_einvoice_stock.note.correction.wizard.line"
    _description = "Line of a delivery-note correction"
    _order = "seq"

    wizard_id = fields.Many2one("l10n_vn_einvoice_stock.note.correction.wizard",
                                required=True, ondelete="cascade")
    seq = fields.Integer(string="No.", readonly=True)
    name = fields.Char(string="Goods", readonly=True)
    unit = fields.Char(readonly=True)
    quantity = fields.Float(string="Quantity issued", digits="Product Unit", readonly=True)
    price_unit = fields.Float(string="Unit price issued", digits="Product Price",
                              readonly=True)
    new_quantity = fields.Float(string="Right quantity", digits="Product Unit")
    new_price_unit = fields.Float(string="Right unit price", digits="Product Price")
