"""Shared set-up of the portal reconciliation tests: the company is the real buyer of the
portal's purchase list page (tests/data/reference/real/portal_purchase_list_page_letieu.json,
tax code 0109744141), and two of its invoices — whose portal details are real files too —
are imported as bills the way a dropped e-invoice XML is."""

import datetime
import json

from odoo.tests import new_test_user

from .portal_json import portal_json_to_hdon
from .purchase_common import PurchaseImportCommon
from .reference_files import reference_dir

BUYER = "0109744141"
LIST = "portal_purchase_list_page_letieu.json"
DETAIL_VNPT = "portal_detail_vnpt_K25TEK_5082.json"
DETAIL_MISA = "portal_detail_misa_C25TGV_3219.json"
SEPTEMBER = (datetime.date(2025, 9, 1), datetime.date(2025, 9, 30))
MODEL = "l10n_vn_einvoice.portal_reconciliation"


def real(name):
    return (reference_dir() / "real" / name).read_bytes()


class PortalReconciliationCommon(PurchaseImportCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.vat = BUYER
        cls.accountant = new_test_user(
            cls.env, "vn_portal_accountant", groups="account.group_account_invoice",
            company_id=cls.company.id, company_ids=[(6, 0, cls.company.ids)])

    def import_detail(self, name):
        """The bill of a real invoice, made by the purchase import from its portal detail."""
        return self.bill_of(self.upload({name.replace(".json", ".xml"): portal_json_to_hdon(
            real(name))}))

    def reconciliation(self, files, kind="purchase", period=SEPTEMBER, user=None):
        """A reconciliation with ``files`` ({name: bytes}) attached, as ``user`` makes it."""
        env = self.env(user=user or self.accountant)
        attachments = env["ir.attachment"].create([{
            "name": name, "raw": data, "res_model": MODEL, "res_id": 0}
            for name, data in files.items()])
        return env[MODEL].create({
            "kind": kind, "date_from": period[0], "date_to": period[1],
            "company_id": env.user.company_id.id, "file_ids": [(6, 0, attachments.ids)]})

    @staticmethod
    def groups(rec):
        """{group: [(symbol, number)]} of the lines, in their order."""
        result = {}
        for line in rec.line_ids:
            result.setdefault(line.group, []).append((line.symbol, line.number))
        return result

    @staticmethod
    def with_changes(name, changes, drop=()):
        """A copy of a real list page with some records' values changed or dropped."""
        page = json.loads(real(name))
        page["datas"] = [dict(record, **changes.get(record["shdon"], {}))
                         for record in page["datas"] if record["shdon"] not in drop]
        return json.dumps(page, ensure_ascii=False).encode()
