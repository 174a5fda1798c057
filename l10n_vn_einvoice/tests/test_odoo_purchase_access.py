"""Who can do what with the purchase import, called as the web client calls it (JSON-RPC
over HTTP, each user with their own session): an invoicing user, a purchase user, a
portal user.

The purchase user has the rights Odoo's ``purchase`` module gives its group
``purchase.group_purchase_user``, read from that module's own security files (the module
is not a dependency of the addon, so it is not installed here).
"""

import base64
import csv
from pathlib import Path

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon


def purchase_user_group(env):
    """A group with the ACLs and the vendor-bill rule of purchase.group_purchase_user."""
    security = Path(get_module_path("purchase")) / "security"
    group = env["res.groups"].create({"name": "Purchase user (rights of purchase)"})
    with open(security / "ir.model.access.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            model = env.ref(row["model_id:id"], raise_if_not_found=False) if "." in \
                row["model_id:id"] else None
            if row["group_id:id"] != "group_purchase_user" or not model:
                continue
            env["ir.model.access"].create({
                "name": row["name"], "model_id": model.id, "group_id": group.id,
                **{perm: row[perm] == "1" for perm in ("perm_read", "perm_write",
                                                       "perm_create", "perm_unlink")}})
    rules = etree.parse(str(security / "purchase_security.xml"))
    rule = rules.find(".//record[@id='purchase_user_account_move_rule']")
    env["ir.rule"].create({
        "name": rule.findtext("field[@name='name']"),
        "model_id": env.ref("account.model_account_move").id,
        "domain_force": rule.findtext("field[@name='domain_force']"),
        "groups": [(4, group.id)]})
    return group


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseImportAccess(PurchaseImportCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.clerk = new_test_user(cls.env, "vn_purchase_clerk",
                                  groups="account.group_account_invoice", **company)
        cls.buyer = new_test_user(cls.env, "vn_purchase_buyer", groups="base.group_user",
                                  **company)
        cls.buyer.group_ids |= purchase_user_group(cls.env)
        cls.portal = new_test_user(cls.env, "vn_purchase_portal", groups="base.group_portal",
                                   **company)

    def call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}})

    def rpc_upload(self, user, name, data):
        """The web client's upload: one attachment per file, then the journal's import."""
        self.authenticate(user.login, user.login)
        attachment = self.call("ir.attachment", "create", [{
            "name": name, "mimetype": "text/xml",
            "datas": base64.b64encode(data).decode()}])
        return self.call("account.journal", "create_document_from_attachment",
                         ["", attachment if isinstance(attachment, list) else [attachment]],
                         {"context": {"default_move_type": "in_invoice",
                                      "allowed_company_ids": self.company.ids}})

    def assert_access_error(self, call, *args):
        with self.assertRaises(JsonRpcException) as caught:
            call(*args)
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    def test_invoicing_and_purchase_users_import_portal_cannot(self):
        for number, user in ((150, self.clerk), (151, self.buyer)):
            with self.subTest(user=user.login):
                xml = pf.signed(pf.for_company(fx.vat_invoice(), number=number))
                action = self.rpc_upload(user, f"{number}.xml", xml)
                bill = self.env["account.move"].browse(action["res_id"])
                self.assertEqual((bill.ref, bill.create_uid), (f"1C26TAA-{number}", user))
                [read] = self.call("account.move", "read", [[bill.id], [
                    "l10n_vn_einvoice_in_checks_html", "l10n_vn_einvoice_in_status",
                    "alerts"]])
                self.assertIn("signature.seller", read["l10n_vn_einvoice_in_checks_html"])
                self.assert_access_error(self.call, "account.move", "write", [[bill.id], {
                    "l10n_vn_einvoice_in_status": "ok", "l10n_vn_einvoice_in_checks": []}])
                # the import's context key cannot be forged: JSON has no Python objects
                self.assert_access_error(self.call, "account.move", "write", [[bill.id], {
                    "l10n_vn_einvoice_in_status": "ok"}], {"context": {
                        "l10n_vn_einvoice_import_write": True}})
                # unchanged: the fixtures' home-made "tax authority" is a warning
                self.assertEqual(bill.l10n_vn_einvoice_in_status, "warning")
                # the same file again: the bill opens, nothing is created
                again = self.rpc_upload(user, f"{number} (1).xml", xml)
                self.assertEqual(again["res_id"], bill.id)
        self.authenticate(self.portal.login, self.portal.login)
        xml = pf.signed(pf.for_company(fx.vat_invoice(), number=152))
        self.assert_access_error(self.rpc_upload, self.portal, "152.xml", xml)
        self.assert_access_error(self.call, "account.move", "read",
                                 [[bill.id], ["l10n_vn_einvoice_in_checks"]])
        self.assertFalse(self.bills().filtered(lambda b: b.ref == "1C26TAA-152"))

    def test_summary_is_its_uploaders_only(self):
        xml = pf.signed(pf.for_company(fx.vat_invoice(), number=160))
        self.authenticate(self.clerk.login, self.clerk.login)
        ids = [self.call("ir.attachment", "create", [{
            "name": name, "mimetype": "text/xml", "datas": base64.b64encode(data).decode()}])
            for name, data in (("160.xml", xml), ("bad.xml", b"<!DOCTYPE x><HDon/>"))]
        action = self.call("account.journal", "create_document_from_attachment",
                           ["", ids], {"context": {"default_move_type": "in_invoice"}})
        self.assertEqual(action["res_model"], "l10n_vn_einvoice.purchase_import.summary")
        opened = self.call(action["res_model"], "action_open_bills", [[action["res_id"]]])
        self.assertEqual(opened["res_model"], "account.move")
        self.authenticate(self.buyer.login, self.buyer.login)
        self.assert_access_error(self.call, action["res_model"], "action_open_bills",
                                 [[action["res_id"]]])
        self.assert_access_error(self.call, action["res_model"], "create",
                                 [{"created_count": 9}])
