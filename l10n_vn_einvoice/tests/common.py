"""Shared set-up of the Odoo tests: a Vietnamese company on the l10n_vn chart."""

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

SELLER_MST = "0315558888"
BUYER_MST = "0301234562"


class VnEinvoiceCommon(AccountTestInvoicingCommon):

    @classmethod
    @AccountTestInvoicingCommon.setup_country("vn")
    def setUpClass(cls):
        super().setUpClass()
        vn = cls.env.ref("base.vn")
        cls.company = cls.company_data["company"]
        cls.company.write({
            "name": "Công ty TNHH Thử Nghiệm",
            "vat": SELLER_MST,
            "street": "123 Lê Lợi",
            "city": "Phường Bến Thành, TP. Hồ Chí Minh",
            "country_id": vn.id,
            "phone": "+84 28 3822 0000",
            "email": "hoadon@thunghiem.example",
        })
        cls.partner_a.write({
            "name": "Công ty TNHH Khách Hàng",
            "vat": BUYER_MST,
            "street": "12 Nguyễn Huệ",
            "city": "TP. Hồ Chí Minh",
            "country_id": vn.id,
            "email": "ketoan@khachhang.example",
            "is_company": True,
        })
        cls.tax5 = cls.vn_tax("tax_sale_vat5")
        cls.tax8 = cls.vn_tax("tax_sale_vat8")
        cls.tax10 = cls.vn_tax("tax_sale_vat10")
        cls.tax_kct = cls.vn_tax("tax_sale_vat_exemption")

    @classmethod
    def vn_tax(cls, template_xmlid):
        """A tax of the l10n_vn chart of the test company, by its template id."""
        return cls.env["account.chart.template"].with_company(cls.company).ref(template_xmlid)
