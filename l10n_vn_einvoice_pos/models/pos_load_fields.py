"""The e-invoicing fields of the core's models that the register loads."""

from odoo import api, models


class AccountTax(models.Model):
    _inherit = "account.tax"

    @api.model
    def _load_pos_data_fields(self, config):
        # EXTEND 'point_of_sale': the register maps 8 % to 10 % when the reduction ends;
        # the receipt writes the e-invoice rate (KCT is not 0 %).
        return [*super()._load_pos_data_fields(config), "l10n_vn_einvoice_rate_code",
                "l10n_vn_einvoice_successor_tax_id"]


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _load_pos_data_fields(self, config):
        # EXTEND 'point_of_sale': the till computes the reduction offline, by sector.
        return [*super()._load_pos_data_fields(config), "l10n_vn_einvoice_reduction_sector"]


class UomUom(models.Model):
    _inherit = "uom.uom"

    @api.model
    def _load_pos_data_fields(self, config):
        # EXTEND 'point_of_sale': the receipt of a Vietnamese e-invoice prints this name
        return [*super()._load_pos_data_fields(config), "l10n_vn_einvoice_name"]
