"""Units of measure as Vietnamese invoices write them (DVTinh, the receipt's lines).

Odoo's units are named in English ("Units", "Dozens"); a Vietnamese invoice says "Cái",
"Tá", whatever the language of the user who issues it.  Each unit keeps the name printed
on Vietnamese documents; the standard units get theirs when the addon is installed or
updated, unless one is set already."""

from odoo import api, fields, models

# xmlid of the uom module → name on Vietnamese invoices
VIETNAMESE_NAMES = {
    "product_uom_unit": "Cái", "product_uom_dozen": "Tá", "product_uom_pack_6": "Lốc 6",
    "product_uom_hour": "Giờ", "product_uom_day": "Ngày", "product_uom_millimeter": "mm",
    "product_uom_cm": "cm", "product_uom_meter": "m", "product_uom_km": "km",
    "product_uom_square_meter": "m²", "product_uom_milliliter": "ml",
    "product_uom_litre": "Lít", "product_uom_cubic_meter": "m³", "product_uom_gram": "g",
    "product_uom_kgm": "kg", "product_uom_ton": "Tấn",
}


class UomUom(models.Model):
    _inherit = "uom.uom"

    l10n_vn_einvoice_name = fields.Char(
        string="Name on Vietnamese invoices", size=50,
        help="Unit written on e-invoices and cash-register receipts (DVTinh), e.g. Cái, "
             "Hộp, kg. Empty: the unit's name.")

    def _l10n_vn_einvoice_unit(self):
        """DVTinh of this unit (50 characters at most)."""
        self.ensure_one()
        return (self.l10n_vn_einvoice_name or self.with_context(lang="vi_VN").name or "")[:50]

    @api.model
    def _l10n_vn_einvoice_set_vietnamese_names(self):
        """The standard units' Vietnamese names, where none is set (install and update)."""
        for xmlid, name in VIETNAMESE_NAMES.items():
            unit = self.env.ref(f"uom.{xmlid}", raise_if_not_found=False)
            if unit and not unit.l10n_vn_einvoice_name:
                unit.l10n_vn_einvoice_name = name
