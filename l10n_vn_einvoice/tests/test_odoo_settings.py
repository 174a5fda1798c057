"""Company settings, tax rate codes and buyer identifiers (issue: foundation)."""

import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import VnEinvoiceCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestSettings(VnEinvoiceCommon):

    def test_defaults_out_of_the_box(self):
        company = self.company
        self.assertEqual(company.l10n_vn_einvoice_provider, "sandbox")
        self.assertEqual(company.l10n_vn_einvoice_provider_url, "http://127.0.0.1:8899")
        self.assertEqual(company.l10n_vn_einvoice_tax_method, "deduction")
        self.assertEqual(company.l10n_vn_einvoice_form, "1")
        on = datetime.date(2026, 11, 21)
        self.assertEqual(company._l10n_vn_einvoice_symbol_for("coded", on), "C26TAA")
        self.assertEqual(company._l10n_vn_einvoice_symbol_for("cash_register", on), "C26MAA")

    def test_direct_method_defaults_to_form_2(self):
        self.company.l10n_vn_einvoice_tax_method = "direct"
        self.assertEqual(self.company.l10n_vn_einvoice_form, "2")

    @freeze_time("2026-11-21")  # configured in 2026, issued with in 2027
    def test_configured_symbol_follows_the_issue_year(self):
        self.company.l10n_vn_einvoice_symbol = "C26TBC"
        self.assertEqual(
            self.company._l10n_vn_einvoice_symbol_for("coded", datetime.date(2027, 1, 2)),
            "C27TBC")

    def test_invalid_seller_mst_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "0315558889.*không hợp lệ"):
            self.company.vat = "0315558889"

    def test_branch_and_personal_ids_are_accepted(self):
        self.company.vat = "0100109106-001"
        self.company.vat = "001203004567"

    @freeze_time("2026-11-21")
    def test_symbol_of_wrong_year_or_letter_is_refused(self):
        with self.assertRaises(ValidationError):
            self.company.l10n_vn_einvoice_symbol = "C25TAA"
        with self.assertRaises(ValidationError):
            self.company.l10n_vn_einvoice_pos_symbol = "C26TAA"  # not a cash-register letter
        self.company.l10n_vn_einvoice_pos_symbol = "C26MAB"

    def test_sandbox_only_on_loopback(self):
        with self.assertRaisesRegex(ValidationError, "loopback"):
            self.company.l10n_vn_einvoice_provider_url = "http://10.0.0.5:8899"
        self.company.write({"l10n_vn_einvoice_provider": "vnpt",
                            "l10n_vn_einvoice_provider_url": "https://example.invalid/"})
        with self.assertRaisesRegex(ValidationError, "http"):
            self.company.l10n_vn_einvoice_provider_url = "ftp://example.invalid"

    def test_settings_page_writes_the_company(self):
        symbol = f"C{fields.Date.context_today(self.env.company):%y}TXY"  # this year's
        settings = self.env["res.config.settings"].create({
            "l10n_vn_einvoice_symbol": symbol,
            "l10n_vn_einvoice_tax_method": "direct",
        })
        settings.execute()
        self.assertEqual(self.env.company.l10n_vn_einvoice_symbol, symbol)
        self.assertEqual(self.env.company.l10n_vn_einvoice_form, "2")
        self.assertTrue(self.env["res.config.settings"].create({}).l10n_vn_einvoice_is_sandbox)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTaxRateCodes(VnEinvoiceCommon):

    def test_l10n_vn_sale_taxes_are_mapped(self):
        expected = {
            "tax_sale_vat0": "0%", "tax_sale_vat5": "5%", "tax_sale_vat8": "8%",
            "tax_sale_vat10": "10%", "tax_sale_vat_exemption": "KCT",
        }
        for xmlid, code in expected.items():
            tax = self.vn_tax(xmlid)
            self.assertEqual(tax.l10n_vn_einvoice_rate_code, code, xmlid)
            self.assertEqual(tax._l10n_vn_einvoice_tsuat(), code)

    def test_other_rate_carries_its_percentage(self):
        tax = self.env["account.tax"].create({
            "name": "5.26%", "amount": 5.26, "type_tax_use": "sale",
            "company_id": self.company.id, "country_id": self.env.ref("base.vn").id})
        self.assertEqual(tax.l10n_vn_einvoice_rate_code, "KHAC")
        self.assertEqual(tax._l10n_vn_einvoice_tsuat(), "KHAC:5.26%")
        tax.l10n_vn_einvoice_rate_code = "KKKNT"
        self.assertEqual(tax._l10n_vn_einvoice_tsuat(), "KKKNT")

    def test_reduced_rate_warning_after_2026(self):
        tax = self.vn_tax("tax_sale_vat8")
        with freeze_time("2026-12-31"):
            tax.invalidate_recordset(["l10n_vn_einvoice_rate_warning"])
            self.assertIn("applies until 31/12/2026 (Resolution 204/2025/QH15); from "
                          "01/01/2027", tax.l10n_vn_einvoice_rate_warning)
        with freeze_time("2027-01-01"):
            tax.invalidate_recordset(["l10n_vn_einvoice_rate_warning"])
            self.assertIn("no longer applies from 01/01/2027",
                          tax.l10n_vn_einvoice_rate_warning)
        self.assertFalse(self.vn_tax("tax_sale_vat10").l10n_vn_einvoice_rate_warning)
        self.assertEqual(tax.l10n_vn_einvoice_successor_tax_id, self.vn_tax("tax_sale_vat10"))


@tagged("post_install", "-at_install", "post_install_l10n")
class TestBuyerIdentifiers(VnEinvoiceCommon):

    def test_buyer_mst_checked_on_entry(self):
        with self.assertRaisesRegex(ValidationError, "MST"):
            self.partner_a.vat = "0301234563"
        self.partner_a.vat = "0301234562"

    def test_personal_id_and_budget_code(self):
        person = self.env["res.partner"].create({"name": "Trần Thị B"})
        person.l10n_vn_einvoice_personal_id = "079203004567"
        with self.assertRaises(ValidationError):
            person.l10n_vn_einvoice_personal_id = "79203004567"
        with self.assertRaises(ValidationError):
            person.l10n_vn_einvoice_budget_unit_code = "12345"
        person.l10n_vn_einvoice_budget_unit_code = "1234567"

    def test_foreign_partner_vat_not_checked_as_mst(self):
        self.env["res.partner"].create({
            "name": "Foreign Ltd", "vat": "BE0477472701",
            "country_id": self.env.ref("base.be").id})


@tagged("post_install", "-at_install", "post_install_l10n")
class TestCredentialsAccess(VnEinvoiceCommon):

    def test_credentials_manager_only(self):
        self.company.sudo().l10n_vn_einvoice_password = "secret"
        invoicing = new_test_user(self.env, "vn_invoicing", groups="account.group_account_invoice",
                                  company_id=self.company.id)
        self.assertTrue(invoicing.has_group("l10n_vn_einvoice.group_user"))
        self.assertFalse(invoicing.has_group("l10n_vn_einvoice.group_manager"))
        company = self.company.with_user(invoicing)
        with self.assertRaises(AccessError):
            company.read(["l10n_vn_einvoice_password"])
        with self.assertRaises(AccessError):
            company.read(["l10n_vn_einvoice_certificate_id"])
        manager = new_test_user(self.env, "vn_manager", groups="l10n_vn_einvoice.group_manager",
                                company_id=self.company.id)
        self.assertEqual(self.company.with_user(manager).l10n_vn_einvoice_password, "secret")
