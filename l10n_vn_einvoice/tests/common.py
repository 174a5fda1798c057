"""Shared set-up of the Odoo tests: a Vietnamese company on the l10n_vn chart.

Loading the l10n_vn chart of accounts is most of a test class's set-up (5 s and more on
the 2-core machine, 60 classes).  So the company the classes use is made once per
database, in a real transaction committed before the first class opens its own, and every
class then takes it as Odoo's test case would take a new one: what a class writes on it is
rolled back with the class, as before.  Tests that commit data use the database's main
company (``committed_data.py``), never this one.
"""

from odoo import SUPERUSER_ID, Command, api
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.sql_db import db_connect
from odoo.tests import get_db_name

from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.misa_contract import APP_ID

SELLER_MST = "0315558888"
BUYER_MST = "0301234562"
SHARED_COMPANY_PARAM = "l10n_vn_einvoice.tests.shared_company_id"
SHARED_COMPANY_LOCK = 4_242_001  # advisory lock: two test processes make it once
_shared_company_ids = {}


def shared_vn_company_id():
    """The id of the committed company on the l10n_vn chart, made on first use."""
    dbname = get_db_name()
    if dbname not in _shared_company_ids:
        with db_connect(dbname).cursor() as cr:
            cr.execute("SELECT pg_advisory_xact_lock(%s)", [SHARED_COMPANY_LOCK])
            env = api.Environment(cr, SUPERUSER_ID, {})
            param = env["ir.config_parameter"]
            company = env["res.company"].browse(
                int(param.get_param(SHARED_COMPANY_PARAM) or 0)).exists()
            if not company:
                vn = env.ref("base.vn")
                company = env["res.company"].create({
                    "name": "company_1_data", "country_id": vn.id,
                    "currency_id": vn.currency_id.id})
                env["account.chart.template"].try_loading("vn", company=company,
                                                          install_demo=False)
                param.set_param(SHARED_COMPANY_PARAM, company.id)
            cr.commit()  # pylint: disable=invalid-commit
            _shared_company_ids[dbname] = company.id
    return _shared_company_ids[dbname]


class VnEinvoiceCommon(AccountTestInvoicingCommon):
    # HttpCase serialises the browser's requests on the test cursor and answers one that
    # waited longer than this with an HTML error page, which the web client then fails to
    # read as JSON ("Unexpected token '<'"); on a loaded 2-core machine a slow request
    # (a PDF, a provider round trip) can hold the cursor for more than Odoo's 20 s.
    test_cursor_lock_timeout = 90

    @classmethod
    def _create_company(cls, **create_values):
        # EXTEND: the class's own company is the committed one on the l10n_vn chart
        if create_values.get("name") != "company_1_data":
            return super()._create_company(**create_values)
        company = cls.env["res.company"].browse(cls.shared_company_id)
        cls.env.user.company_ids = [Command.link(company.id)]
        return company

    @classmethod
    @AccountTestInvoicingCommon.setup_country("vn")
    def setUpClass(cls):
        cls.shared_company_id = shared_vn_company_id()
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

    def use_sandbox_contract(self, provider, url, **values):
        """The test company on ``provider`` (a contract the sandbox at ``url`` speaks:
        easyinvoice, misa, …) with the sandbox's account (MISA's AppID too)."""
        self.company.sudo().write({
            "l10n_vn_einvoice_provider": provider,
            "l10n_vn_einvoice_provider_url": url,
            "l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
            "l10n_vn_einvoice_password": DEFAULT_PASSWORD,
            "l10n_vn_einvoice_account": APP_ID if provider == "misa" else False,
            **values})
