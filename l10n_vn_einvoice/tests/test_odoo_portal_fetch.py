"""Fetching a reconciliation's period from the tax portal (issue 24 item 3), the sandbox
playing the portal with the real responses of 2026: every list (``query`` 5 and 6,
``sco-query`` 8), every page, the details, into the reconciliation through the readers;
the portal's refusals leave nothing half-written; the password is never stored, not even
in the wizard's own table; another company's reconciliation is out of reach."""

import base64
import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from ..providers.sandbox.faults import Fault
from ..wizard.portal_fetch_wizard import PARAM_TIMEOUT, PASSWORD_KEY
from .portal_fetch_common import FETCH, MARCH_APRIL, PortalFetchCommon, tables_holding
from .portal_reconciliation_common import MODEL
from .portal_sandbox_data import PASSWORD

REFUSED = {"odoo.exceptions.AccessError", "odoo.exceptions.MissingError"}


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPortalFetch(PortalFetchCommon):

    def test_the_period_is_fetched_into_the_reconciliation(self):
        rec = self.reconciliation({}, period=MARCH_APRIL)
        wizard = self.open_wizard(rec)
        self.assertEqual(wizard.username, self.company.vat)
        self.assertEqual(wizard.captcha_key, self.portal.current_captcha.key)
        svg = base64.b64decode(wizard.captcha_image).decode()
        self.assertTrue(svg.startswith("<svg"))
        self.assertIn(f">{self.portal.current_captcha.text[0]}</text>", svg)
        self.assertEqual(self.fetch(wizard), {"type": "ir.actions.act_window_close"})
        [fetched] = rec.file_ids
        self.assertTrue(fetched.name.startswith("hoadondientu.gdt.gov.vn purchase 2026-03-01"))
        # one page per list and month (3 lists × March, April), one detail per invoice
        self.assertEqual(len(json.loads(fetched.raw)), 3 * 2 + 17)
        self.assertEqual(len(rec.line_ids), len(self.published))
        self.assertEqual({(ln.symbol, ln.number) for ln in rec.line_ids}, set(self.published))
        self.assertEqual(rec.refusal_count, 0)
        self.assertEqual(rec.computed_by_id, self.accountant)
        grab = rec.line_ids.filtered(lambda ln: ln.number == 2736943)
        self.assertEqual((grab.group, grab.mcode[:6]), ("portal_only", "M1-26-"))
        self.assertGreater(rec.portal_vat, 0)
        # fetched again: the earlier fetch's file is replaced, not added to
        self.fetch(self.open_wizard(rec))
        self.assertEqual(len(rec.file_ids), 1)
        self.assertNotEqual(rec.file_ids, fetched)
        self.assertFalse(fetched.exists())

    def assert_nothing_written(self, rec, message_parts, **fetch):
        wizard = self.open_wizard(rec)
        with self.assertRaises(UserError) as caught:
            self.fetch(wizard, **fetch)
        for part in message_parts:
            self.assertIn(part, str(caught.exception))
        rec.invalidate_recordset()
        self.assertEqual((rec.file_ids, rec.line_ids, rec.computed_at),
                         (rec.file_ids.browse(), rec.line_ids.browse(), False))

    def test_refusals_say_what_to_do_and_write_nothing(self):
        rec = self.reconciliation({}, period=MARCH_APRIL)
        self.assert_nothing_written(rec, ["refused the characters", "mã xác nhận",
                                          "Mã captcha không đúng."], captcha="XXXXXX")
        self.assert_nothing_written(rec, ["login or the password", "mật khẩu"],
                                    password="wrong")
        self.running.faults.add("portal_detail", Fault("err", code="firewall"))
        self.assert_nothing_written(rec, ["firewall blocked", "Tường lửa", "bị chặn"])
        self.running.faults.add("portal_login", Fault("err", code="firewall_html"))
        self.assert_nothing_written(rec, ["firewall blocked", "HTML page"])
        # Odoo's tests raise a request's timeout to 10 s at least: the portal holds 12 s
        self.env["ir.config_parameter"].sudo().set_param(PARAM_TIMEOUT, "1")
        self.running.faults.add("portal_list", Fault("timeout", seconds=12))
        self.assert_nothing_written(rec, ["did not answer in time", "không trả lời kịp"])
        wizard = self.open_wizard(rec)
        with self.assertRaisesRegex(UserError, "password"):
            self.fetch(wizard, password="")

    def test_the_address_must_be_https(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "l10n_vn_einvoice.portal_url", "http://hoadondientu.gdt.gov.vn/api")
        rec = self.reconciliation({}, period=MARCH_APRIL)
        with self.assertRaisesRegex(UserError, "https"):
            self.open_wizard(rec)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPortalFetchOverJsonRpc(PortalFetchCommon, HttpCase):
    """As the web client calls: the password travels in the button's context only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Công ty B",
                                                       "vat": cls.company.vat})
        cls.accountant_b = new_test_user(
            cls.env, "vn_fetch_accountant_b", groups="account.group_account_invoice",
            company_id=cls.company_b.id, company_ids=[(6, 0, cls.company_b.ids)])
        cls.employee = new_test_user(cls.env, "vn_fetch_employee", groups="base.group_user",
                                     company_id=cls.company.id,
                                     company_ids=[(6, 0, cls.company.ids)])

    def call(self, user, model, method, *args, **kwargs):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def assert_refused(self, user, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException, msg=f"{model}.{method} accepted") as caught:
            self.call(user, model, method, *args, **kwargs)
        self.assertIn(caught.exception.args[0], REFUSED)

    def open_and_save(self, user, rec_id):
        action = self.call(user, MODEL, "action_open_fetch", [rec_id])
        context = action["context"]
        values = self.call(user, FETCH, "default_get", ["reconciliation_id", "username",
                                                        "captcha_key", "captcha_image"],
                           context=context)
        [saved] = self.call(user, FETCH, "web_save", [], dict(
            values, password=PASSWORD, captcha_text=self.portal.current_captcha.text),
            specification={"password": {}, "captcha_key": {}}, context=context)
        return saved

    def test_the_password_is_in_no_row_after_the_fetch(self):
        rec = self.reconciliation({}, period=MARCH_APRIL)
        saved = self.open_and_save(self.accountant, rec.id)
        self.assertFalse(saved["password"])
        result = self.call(self.accountant, FETCH, "action_fetch", [saved["id"]],
                           context={PASSWORD_KEY: PASSWORD})
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        self.assertEqual(len(rec.line_ids), len(self.published))
        [read] = self.call(self.accountant, FETCH, "read", [saved["id"]], ["password"])
        self.assertFalse(read["password"])
        self.assertTrue(self.env[FETCH].browse(saved["id"]).exists())  # its row is there…
        self.assertEqual(tables_holding(self.env, PASSWORD), [])  # …and no table holds it

    def test_nobody_fetches_into_another_companys_reconciliation(self):
        rec_b = self.reconciliation({}, period=MARCH_APRIL, user=self.accountant_b)
        wizard_b = self.open_wizard(rec_b, user=self.accountant_b)
        calls = len(self.portal.calls)
        self.assert_refused(self.accountant, MODEL, "action_open_fetch", [rec_b.id])
        self.assert_refused(self.accountant, FETCH, "default_get", ["captcha_key"],
                            context={"default_reconciliation_id": rec_b.id})
        self.assert_refused(self.accountant, FETCH, "create", {
            "reconciliation_id": rec_b.id, "username": "x"})
        self.assert_refused(self.accountant, FETCH, "read", wizard_b.ids, ["captcha_key"])
        self.assert_refused(self.accountant, FETCH, "action_fetch", wizard_b.ids,
                            context={PASSWORD_KEY: PASSWORD})
        # the own wizard turned towards B's reconciliation
        rec = self.reconciliation({}, period=MARCH_APRIL)
        saved = self.open_and_save(self.accountant, rec.id)
        self.assert_refused(self.accountant, FETCH, "write", [saved["id"]],
                            {"reconciliation_id": rec_b.id})
        self.assertEqual(len(self.portal.calls) - calls, 1)  # only A's own captcha
        self.assertFalse(rec_b.file_ids or rec_b.computed_at)
        # an employee without accounting rights has no fetch at all
        self.assert_refused(self.employee, FETCH, "create", {"reconciliation_id": rec.id,
                                                             "username": "x"})
        with self.assertRaises(AccessError):
            self.env[FETCH].with_user(self.employee).search([])
