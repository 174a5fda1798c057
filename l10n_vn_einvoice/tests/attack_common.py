"""The attacker's set-up: two companies with accepted e-invoices, a signing certificate,
one user of each role, and the tools to attack over real JSON-RPC and check that nothing
changed.

Every attack is made the way an outside tester makes it: log in as a real user of a
role (a session cookie, ``/web/dataset/call_kw``), call what the web client would never
call, and read the answer.  A refusal is not enough: :meth:`AttackCase.assert_refused`
also compares a snapshot of every row an attack could touch (documents, their files,
lines, queue rows, summary tables, code blocks, keys) before and after.
"""

import base64

import requests

from odoo import http
from odoo.tests import HttpCase, get_db_name, new_test_user
from odoo.tests.common import HOST, TEST_CURSOR_COOKIE_NAME, JsonRpcException
from odoo.tools import SQL

from ..standard.certificates import make_test_certificate
from .common import VnEinvoiceCommon
from .reliability_docs import queued_document
from .sandbox_server import running_sandbox

OTHER_MST = "0301234562"
# role → groups of a user of company A only (the POS bridge makes its cashier a POS user:
# ``AttackCase.ROLE_GROUPS``)
ROLES = {
    "cashier": "l10n_vn_einvoice.group_cashier",
    "invoicing user": "account.group_account_invoice",
    "accountant": "account.group_account_user",
    "e-invoice manager": "l10n_vn_einvoice.group_manager",
    "accounting administrator": "account.group_account_manager",
    "portal": "base.group_portal",
}
PUBLIC = "public"
# What a refused call answers (class name in the JSON-RPC error).
REFUSALS = {"odoo.exceptions.AccessError", "odoo.exceptions.UserError",
            "odoo.exceptions.ValidationError", "odoo.http.SessionExpiredException",
            "odoo.exceptions.MissingError"}


class Browser(requests.Session):
    """One visitor of the public page: its own (logged-out) Odoo session, so its own
    cookie, and the request key the test server wants (as ``HttpCase.url_open``)."""

    def __init__(self, case):
        super().__init__()
        self.case = case
        session = http.root.session_store.new()
        session.update(http.get_default_session(), db=get_db_name())
        http.root.session_store.save(session)
        self.cookies.set("session_id", session.sid, domain=HOST)

    def request(self, *args, **kwargs):
        self.case.cr.flush()
        self.case.cr.clear()
        with self.case.allow_requests():
            self.cookies.set(TEST_CURSOR_COOKIE_NAME, self.case.http_request_key, domain=HOST)
            return super().request(*args, **kwargs)


class AttackCase(VnEinvoiceCommon, HttpCase):
    """Company A (the users' company) and company B, each with accepted e-invoices."""

    ROLE_GROUPS = ROLES

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = cls.enterClassContext(running_sandbox())
        cls.company_b = cls.env["res.company"].create({"name": "Công ty B", "vat": OTHER_MST})
        for company in cls.company | cls.company_b:
            company.l10n_vn_einvoice_provider_url = cls.sandbox.url
        cls.doc = cls._accepted(cls.company, "coded")
        cls.register_doc = cls._accepted(cls.company, "cash_register")
        cls.doc_b = cls._accepted(cls.company_b, "coded", "C26TBB")
        cls.certificate = cls.env["certificate.certificate"].create(cls._certificate_vals())
        cls.company.l10n_vn_einvoice_certificate_id = cls.certificate
        cls.key_attachment = cls._field_attachment(cls.certificate.private_key_id, "content")
        cls.p12_attachment = cls._field_attachment(cls.certificate, "content")
        cls.users = {role: new_test_user(
            cls.env, f"atk_{role.replace(' ', '_')}", groups=groups,
            company_id=cls.company.id, company_ids=[(6, 0, cls.company.ids)])
            for role, groups in cls.ROLE_GROUPS.items()}

    @classmethod
    def _certificate_vals(cls):
        p12, password = make_test_certificate("Seller A", cls.company.vat)
        return {"name": "Chữ ký số A", "content": base64.b64encode(p12),
                "pkcs12_password": password.decode(), "company_id": cls.company.id,
                "scope": "l10n_vn_einvoice"}

    @classmethod
    def _accepted(cls, company, kind, symbol=None):
        """An accepted document (the sandbox numbers per symbol, not per seller)."""
        doc = queued_document(cls.env, company, kind, symbol)
        Outbox = cls.env["l10n_vn_einvoice.outbox"]
        for _round in range(3):  # a cash-register invoice is transmitted after its issue
            Outbox._process_due(document_ids=doc.ids)
            if doc.state == "accepted":
                break
        assert doc.state == "accepted" and doc.lookup_code, doc.provider_message
        if kind == "coded" and not doc.provider_xml_attachment_id:
            # the tax authority's copy (with MCCQT), as VNPT's GetInvDataByFkey gives it
            held = cls.sandbox.sandbox.find("vnpt", doc.submission_key)
            doc._l10n_vn_einvoice_set_outcome({"provider_xml_attachment_id": doc.sudo(
                )._l10n_vn_einvoice_attach(held.xml, "cqt").id})
        return doc

    @classmethod
    def _field_attachment(cls, record, field):
        return cls.env["ir.attachment"].sudo().search([
            ("res_model", "=", record._name), ("res_id", "=", record.id),
            ("res_field", "=", field)], limit=1)

    # ------------------------------------------------------------------ JSON-RPC
    def login(self, role):
        if role == PUBLIC:
            self.authenticate(None, None)
        else:
            login = self.users[role].login
            self.authenticate(login, login)

    def rpc(self, role, model, method, *args, **kwargs):
        self.login(role)
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def assert_refused(self, role, model, method, *args, **kwargs):
        """The call fails with a refusal and leaves every watched row as it was."""
        before = self.snapshot()
        with self.assertRaises(JsonRpcException, msg=f"{role}: {model}.{method} accepted") \
                as caught:
            self.rpc(role, model, method, *args, **kwargs)
        self.assertIn(caught.exception.args[0], REFUSALS, f"{role}: {model}.{method}")
        self.assertEqual(self.snapshot(), before, f"{role}: {model}.{method} changed data")
        return caught.exception

    def visible_ids(self, role, model, domain=()):
        """Ids a role gets from search_read (an empty list when it may not read at all)."""
        try:
            rows = self.rpc(role, model, "search_read", list(domain), fields=["id"])
        except JsonRpcException as error:
            self.assertIn(error.args[0], REFUSALS)
            return set()
        return {row["id"] for row in rows}

    # ------------------------------------------------------------------ snapshot
    WATCHED = {
        "l10n_vn_einvoice_document": (
            "id", "company_id", "state", "amount_total", "buyer_name", "lookup_code",
            "tax_authority_code", "xml_attachment_id", "pdf_attachment_id",
            "provider_xml_attachment_id", "xml_hash", "move_id", "chain_hash"),
        "l10n_vn_einvoice_document_line": ("id", "document_id", "company_id", "amount_total",
                                           "vat"),
        "l10n_vn_einvoice_outbox": ("id", "state", "attempts", "operation", "next_attempt_at"),
        "l10n_vn_einvoice_exchange": ("id",),
        "l10n_vn_einvoice_summary_table": ("id", "company_id", "state", "period_number"),
        "l10n_vn_einvoice_sequence": ("id", "last_number"),
        "certificate_certificate": ("id", "scope", "private_key_id", "pkcs12_password"),
        "certificate_key": ("id", "company_id"),
    }

    def snapshot(self):
        self.env.flush_all()
        cr = self.env.cr
        state = {}
        for table, columns in self.WATCHED.items():
            cr.execute(SQL("SELECT %s FROM %s ORDER BY id",
                           SQL(", ").join(SQL.identifier(column) for column in columns),
                           SQL.identifier(table)))
            state[table] = cr.fetchall()
        cr.execute("""
            SELECT id, checksum, res_model, res_id, res_field, company_id, public
              FROM ir_attachment
             WHERE res_model IN ('l10n_vn_einvoice.document', 'certificate.certificate',
                                 'certificate.key', 'l10n_vn_einvoice.summary_table')
          ORDER BY id""")
        state["ir_attachment"] = cr.fetchall()
        return state

    # ------------------------------------------------------------------ public lookup
    def browser(self):
        """A fresh visitor of the public page."""
        return Browser(self)

    def lookup_token(self, client):
        page = client.get(f"{self.base_url()}/einvoice/lookup", timeout=10)
        self.assertEqual(page.status_code, 200)
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        return page.text[start:page.text.index('"', start)]

    def lookup(self, client, token=None, headers=None, **data):
        token = token or self.lookup_token(client)
        return client.post(f"{self.base_url()}/einvoice/lookup", timeout=20, headers=headers,
                           data={"csrf_token": token, **data}, allow_redirects=False)

