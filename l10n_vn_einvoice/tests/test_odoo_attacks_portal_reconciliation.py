"""Who may run and read a reconciliation with the tax portal, attacked over real JSON-RPC
(each user with their own session, as the web client calls): the invoicing user of
company A, a user of A without accounting rights, and company B's reconciliation."""

import base64

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .portal_reconciliation_common import BUYER, LIST, MODEL, PortalReconciliationCommon, real

LINE = f"{MODEL}.line"
REFUSED = {"odoo.exceptions.AccessError", "odoo.exceptions.MissingError"}


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPortalReconciliationRights(PortalReconciliationCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # B has the same tax code, so that its reconciliation of the same file has lines
        cls.company_b = cls.env["res.company"].create({"name": "Công ty B", "vat": BUYER})
        cls.employee = new_test_user(cls.env, "vn_portal_employee", groups="base.group_user",
                                     company_id=cls.company.id,
                                     company_ids=[(6, 0, cls.company.ids)])
        cls.accountant_b = new_test_user(
            cls.env, "vn_portal_accountant_b", groups="account.group_account_invoice",
            company_id=cls.company_b.id, company_ids=[(6, 0, cls.company_b.ids)])

    def setUp(self):
        super().setUp()
        self.rec_b = self.reconciliation({"b.json": real(LIST)}, user=self.accountant_b)
        self.rec_b.with_user(self.accountant_b).action_compute()
        self.file_b = self.rec_b.file_ids

    def call(self, user, model, method, *args, **kwargs):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def assert_refused(self, user, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException, msg=f"{model}.{method} accepted") as caught:
            self.call(user, model, method, *args, **kwargs)
        self.assertIn(caught.exception.args[0], REFUSED)

    def test_invoicing_user_runs_it_for_the_own_company(self):
        file_id = self.call(self.accountant, "ir.attachment", "create", {
            "name": LIST, "datas": base64.b64encode(real(LIST)).decode(),
            "res_model": MODEL, "res_id": 0})
        rec_id = self.call(self.accountant, MODEL, "create", {
            "kind": "purchase", "date_from": "2025-09-01", "date_to": "2025-09-30",
            "file_ids": [[6, 0, [file_id]]]})
        self.call(self.accountant, MODEL, "action_compute", [rec_id])
        [read] = self.call(self.accountant, MODEL, "read", [rec_id],
                           ["count_portal_only", "line_ids", "computed_by_id"])
        self.assertEqual((read["count_portal_only"], len(read["line_ids"]),
                          read["computed_by_id"][0]), (7, 7, self.accountant.id))
        # what the server computed cannot be written, not even with a forged context key
        for vals in ({"count_matched": 7}, {"portal_vat": 1}, {"line_ids": [[5, 0, 0]]},
                     {"messages": False}):
            with self.subTest(vals=vals):
                self.assert_refused(self.accountant, MODEL, "write", [rec_id], vals,
                                    context={"l10n_vn_einvoice_server": True})
        self.assert_refused(self.accountant, LINE, "write", read["line_ids"][:1],
                            {"group": "matched"})
        self.assert_refused(self.accountant, LINE, "create", {
            "reconciliation_id": rec_id, "company_id": self.company.id, "group": "matched"})
        self.assertEqual(self.env[MODEL].browse(rec_id).count_portal_only, 7)

    def test_nobody_reads_another_companys_reconciliation(self):
        line_b = self.rec_b.line_ids[:1]
        self.assertTrue(line_b)
        self.assertEqual(self.call(self.accountant, MODEL, "search_read", [], fields=["id"]),
                         [])
        self.assertEqual(self.call(self.accountant, LINE, "search", [("id", "=", line_b.id)]),
                         [])
        self.assert_refused(self.accountant, MODEL, "read", [self.rec_b.id],
                            ["messages", "portal_vat"])
        self.assert_refused(self.accountant, LINE, "read", line_b.ids, ["portal_total"])
        self.assert_refused(self.accountant, MODEL, "action_compute", [self.rec_b.id])
        self.assert_refused(self.accountant, MODEL, "action_export_xlsx", [self.rec_b.id])
        self.assert_refused(self.accountant, LINE, "action_create_bill", line_b.ids)
        self.assert_refused(self.accountant, "ir.attachment", "read", self.file_b.ids,
                            ["datas"])
        # B's file linked into A's own reconciliation is not taken over
        self.assert_refused(self.accountant, MODEL, "create", {
            "kind": "purchase", "date_from": "2025-09-01", "date_to": "2025-09-30",
            "file_ids": [[6, 0, self.file_b.ids]]})
        self.assertEqual((self.file_b.res_model, self.file_b.res_id), (MODEL, self.rec_b.id))
        # a company the user does not work in, asked for in the context
        self.assert_refused(self.accountant, MODEL, "create", {
            "kind": "purchase", "company_id": self.company_b.id,
            "date_from": "2025-09-01", "date_to": "2025-09-30"},
            context={"allowed_company_ids": [self.company_b.id]})
        self.assertEqual(self.rec_b.line_ids.mapped("move_id"), self.env["account.move"])

    def test_employee_without_accounting_rights(self):
        self.assert_refused(self.employee, MODEL, "search_read", [], fields=["id"])
        self.assert_refused(self.employee, MODEL, "create", {
            "kind": "purchase", "date_from": "2025-09-01", "date_to": "2025-09-30"})
