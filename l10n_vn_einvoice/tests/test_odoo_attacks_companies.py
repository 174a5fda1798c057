"""Attacks across companies over JSON-RPC (issue 11 §4): users of company A read, write
or create company B's e-invoice data, or run B's reports.  Every model the addon adds
holds its company's rows only; the reports check the company before any SQL."""

from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .attack_common import PUBLIC, REFUSALS, ROLES, AttackCase

BACK_OFFICE = ["invoicing user", "accountant", "e-invoice manager", "accounting administrator"]
REPORTS = {
    "l10n_vn_einvoice.report.sales_register": ({"date_from": "2026-11-01",
                                                "date_to": "2026-11-30"},
                                               "action_export_xlsx"),
    "l10n_vn_einvoice.report.tax_summary": ({"date_from": "2026-11-01",
                                             "date_to": "2026-11-30"}, "action_compute"),
    "l10n_vn_einvoice.report.reconciliation": ({"date_from": "2026-11-01",
                                                "date_to": "2026-11-30"}, "action_compute"),
    "l10n_vn_einvoice.report.household": ({"year": 2026, "date_to": "2026-11-30"},
                                          "action_compute"),
    "l10n_vn_einvoice.report.vat_return": ({"period_type": "monthly", "year": 2026, "month": 11},
                                           "action_compute"),
}


@tagged("post_install", "-at_install", "post_install_l10n")
class TestCompanyIsolation(AttackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table_b = cls.env["l10n_vn_einvoice.summary_table"].create({
            "company_id": cls.company_b.id, "year": 2026, "period_number": 11})

    def foreign_records(self):
        """Company B's rows of each model of the addon (a bridge adds its models')."""
        return {
            "l10n_vn_einvoice.document": self.doc_b,
            "l10n_vn_einvoice.document.line": self.doc_b.line_ids,
            "l10n_vn_einvoice.exchange": self.doc_b.exchange_ids,
            "l10n_vn_einvoice.outbox": self.doc_b.outbox_ids,
            "l10n_vn_einvoice.summary_table": self.table_b,
        }

    def test_company_b_rows_are_invisible_and_unreadable(self):
        foreign = self.foreign_records()
        for model, records in foreign.items():
            self.assertTrue(records, model)
        for role in [*ROLES, PUBLIC]:
            for model, records in foreign.items():
                with self.subTest(role=role, model=model):
                    self.assertFalse(self.visible_ids(role, model) & set(records.ids))
                    self.assert_refused(role, model, "read", records.ids, ["id"])

    def test_own_rows_stay_visible(self):
        """The rules isolate companies; they do not hide a user's own data."""
        self.assertTrue(self.visible_ids("invoicing user", "l10n_vn_einvoice.document.line")
                        >= set(self.doc.line_ids.ids))

    def test_company_b_summary_tables_cannot_be_written_or_created(self):
        for role in [*BACK_OFFICE, "cashier", "portal", PUBLIC]:
            with self.subTest(role=role):
                self.assert_refused(role, "l10n_vn_einvoice.summary_table", "write",
                                    [self.table_b.id], {"supplement_number": 3})
                self.assert_refused(role, "l10n_vn_einvoice.summary_table", "create",
                                    [{"company_id": self.company_b.id, "year": 2026,
                                      "period_number": 10}])
                self.assert_refused(role, "l10n_vn_einvoice.summary_table", "action_queue",
                                    [self.table_b.id])

    def test_lookup_attempts_are_not_readable(self):
        for role in [*ROLES, PUBLIC]:
            with self.subTest(role=role):
                self.assertEqual(self.visible_ids(role, "l10n_vn_einvoice.lookup.attempt"),
                                 set())

    def test_reports_of_company_b_are_refused(self):
        for role in BACK_OFFICE:
            for model, (vals, action) in REPORTS.items():
                with self.subTest(role=role, report=model):
                    self._assert_report_refused(role, model, vals, action)

    def _assert_report_refused(self, role, model, vals, action):
        """Either the wizard for company B is not even created, or running it is refused
        before any figure of company B is read."""
        vals = {**vals, "company_id": self.company_b.id}
        try:
            wizard_id = self.rpc(role, model, "create", [vals])
        except JsonRpcException as error:
            self.assertIn(error.args[0], REFUSALS)
            return
        wizard_id = wizard_id[0] if isinstance(wizard_id, list) else wizard_id
        self.assert_refused(role, model, action, [wizard_id])
