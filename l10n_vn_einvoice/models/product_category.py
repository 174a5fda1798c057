from odoo import fields, models

from ..standard import household

SECTOR_LABELS = {
    "distribution": "Distribution, supply of goods / Phân phối, cung cấp hàng hóa",
    "services": "Services without materials / Dịch vụ không bao thầu nguyên vật liệu",
    "production": "Production, construction with materials / Sản xuất, xây dựng có bao thầu "
                  "nguyên vật liệu",
    "transport": "Transport / Vận tải",
    "leasing": "Leasing of assets / Cho thuê tài sản",
    "digital_content": "Digital content / Nội dung số",
    "other": "Other business / Hoạt động kinh doanh khác",
}


class ProductCategory(models.Model):
    """The sector decides a household business's VAT and PIT percentages on revenue; the
    category is where products of one trade are already grouped, so it is set once there."""

    _inherit = "product.category"

    l10n_vn_einvoice_household_sector = fields.Selection(
        [(code, SECTOR_LABELS[code]) for code in household.SECTORS],
        string="Household business sector (VN)",
        help="Sector of the goods in this category for a household business on the direct "
             "method; products of categories without one count as 'other'.")
    l10n_vn_einvoice_reduction_excluded = fields.Boolean(
        string="Excluded from the VAT reduction (VN)",
        help="Goods of this category do not get the temporary VAT reduction (8 % / 20 % of "
             "the percentage on revenue): telecoms, finance, real estate, metals, mining, "
             "goods subject to special consumption tax except petrol.")
