"""The symbols the provider lists for the company (Settings › Fetch symbols), offered to
pick instead of typing: a coded or uncoded invoice symbol becomes the company's form and
invoice symbol, a cash-register one its cash-register symbol."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.einvoice_access import MANAGER, check_group

# forms of the invoices the settings' symbol serves (1 VAT invoice, 2 sales invoice)
INVOICE_FORMS = ("1", "2")


class L10nVnEinvoiceSymbolPick(models.TransientModel):
    _name = "l10n_vn_einvoice.symbol.pick"
    _description = "Symbols registered at the e-invoice provider"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    provider_title = fields.Char(string="Provider", readonly=True)
    unknown_warning = fields.Text(string="Not registered", readonly=True)
    line_ids = fields.One2many("l10n_vn_einvoice.symbol.pick.line", "wizard_id",
                               string="Registered symbols", readonly=True)


class L10nVnEinvoiceSymbolPickLine(models.TransientModel):
    _name = "l10n_vn_einvoice.symbol.pick.line"
    _description = "Symbol registered at the e-invoice provider"
    _order = "id"

    wizard_id = fields.Many2one("l10n_vn_einvoice.symbol.pick", required=True,
                                ondelete="cascade")
    form = fields.Char(readonly=True)
    symbol = fields.Char(readonly=True)
    kind = fields.Selection([("coded", "Coded"), ("uncoded", "Uncoded"),
                             ("cash_register", "Cash register")], readonly=True)
    template = fields.Char(readonly=True)
    in_use = fields.Boolean(string="In use", readonly=True)
    usable = fields.Boolean(string="Usable in the settings", compute="_compute_usable")

    def _compute_usable(self):
        for line in self:
            line.usable = line.form in INVOICE_FORMS and bool(line.kind)

    def action_use(self):
        """This symbol in the company's settings, then the settings page again."""
        self.ensure_one()
        check_group(self.env, MANAGER, self.env._("Use this symbol"))
        company = self.wizard_id.company_id
        if company not in self.env.companies:
            raise AccessError(self.env._(
                "You do not work in %(company)s: its e-invoice settings are not yours to "
                "change.\nBạn không thuộc công ty %(company)s: không thể đổi cài đặt hóa đơn "
                "điện tử của công ty này.", company=company.sudo().name))
        if not self.usable:
            raise UserError(self.env._(
                "%(symbol)s is not a symbol of form 1 or 2 invoices: the settings' symbols are "
                "for those.\n%(symbol)s không phải ký hiệu của hóa đơn mẫu số 1 hoặc 2: ký "
                "hiệu trong phần cài đặt dành cho các hóa đơn đó.",
                symbol=f"{self.form}{self.symbol}"))
        if self.kind == "cash_register":
            values = {"l10n_vn_einvoice_pos_symbol": self.symbol}
        else:
            values = {"l10n_vn_einvoice_form": self.form,
                      "l10n_vn_einvoice_symbol": self.symbol}
        company.sudo().write(values)
        return {"type": "ir.actions.client", "tag": "reload"}
