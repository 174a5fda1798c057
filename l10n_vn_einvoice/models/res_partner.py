from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..standard import codes
from ..standard.errors import InvalidCode

VIETNAM = "Việt Nam"


class ResPartner(models.Model):
    _inherit = "res.partner"

    l10n_vn_einvoice_personal_id = fields.Char(
        string="Personal ID (CCCD)", size=12,
        help="12-digit personal identification number (NMua/CCCDan).")
    l10n_vn_einvoice_passport = fields.Char(
        string="Passport number", size=20, help="Passport or entry document (NMua/SHChieu).")
    l10n_vn_einvoice_budget_unit_code = fields.Char(
        string="Budget-unit code", size=7,
        help="Code of a budget-relationship unit (NMua/MDVQHNSach), 7 characters.")

    def _l10n_vn_einvoice_one_line_address(self):
        """The postal address on one line, as invoices print it (DChi, 400 characters),
        the country of a Vietnamese address in Vietnamese ("Việt Nam", as on invoices the
        tax portal holds) whatever the user's language."""
        self.ensure_one()
        parts = [" ".join(line.split()).strip(" ,") for line in
                 self._display_address(without_company=True).splitlines()]
        if self.country_id.code == "VN":
            parts = [VIETNAM if part == self.country_id.name else part for part in parts]
        return ", ".join(part for part in parts if part)[:400]

    def _l10n_vn_einvoice_tax_code(self):
        """The partner's tax code in its legal form, however it was typed."""
        self.ensure_one()
        return codes.normalise_tax_id(self.vat)

    def _l10n_vn_einvoice_raise(self, label, value, error):
        raise ValidationError(self.env._(
            "%(partner)s: %(label)s %(value)s is not valid: %(reason)s\n"
            "%(partner)s: %(label)s %(value)s không hợp lệ: %(reason_vi)s",
            partner=self.display_name, label=label, value=value,
            reason=error.message, reason_vi=error.message_vi))

    def _l10n_vn_einvoice_vat_is_mst(self):
        """A Vietnamese partner's VAT is an MST; so is that of a partner without a country
        yet in a Vietnamese company (e-invoices print it as the buyer's MST)."""
        self.ensure_one()
        if self.country_id:
            return self.country_id.code == "VN"
        company = self.company_id or self.env.company
        return company.account_fiscal_country_id.code == "VN"

    @api.constrains("vat", "country_id")
    def _check_l10n_vn_einvoice_vat(self):
        for partner in self:
            if not partner.vat or not partner._l10n_vn_einvoice_vat_is_mst():
                continue
            try:
                codes.validate_tax_id(partner.vat)
            except InvalidCode as error:
                partner._l10n_vn_einvoice_raise(self.env._("tax code (MST)"), partner.vat, error)

    @api.constrains("l10n_vn_einvoice_personal_id")
    def _check_l10n_vn_einvoice_personal_id(self):
        for partner in self.filtered("l10n_vn_einvoice_personal_id"):
            try:
                codes.validate_personal_id(partner.l10n_vn_einvoice_personal_id)
            except InvalidCode as error:
                partner._l10n_vn_einvoice_raise(
                    self.env._("personal ID"), partner.l10n_vn_einvoice_personal_id, error)

    @api.constrains("l10n_vn_einvoice_budget_unit_code")
    def _check_l10n_vn_einvoice_budget_unit_code(self):
        for partner in self.filtered("l10n_vn_einvoice_budget_unit_code"):
            code = partner.l10n_vn_einvoice_budget_unit_code
            if len(code) != 7 or not code.isalnum():
                partner._l10n_vn_einvoice_raise(self.env._("budget-unit code"), code, InvalidCode(
                    "MDVQHNSach", "budget_unit.format", "it must be 7 letters or digits",
                    "phải gồm 7 chữ cái hoặc chữ số"))
