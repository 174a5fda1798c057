"""Rights matrix of the e-invoicing data: who reads and writes documents, provider
credentials, certificates, private keys and settings; company isolation; neutralisation
of a database copy clears credentials and key material."""

import base64

from odoo.exceptions import AccessError
from odoo.modules.neutralize import get_neutralization_queries
from odoo.tests import new_test_user, tagged

from ..standard.certificates import make_test_certificate
from .common import SELLER_MST, VnEinvoiceCommon
from .reliability_docs import queued_document

# role → groups; expected rights: documents (read, write), credentials, certificates and
# keys (read the row; their key material and passwords nobody reads), settings (write)
ROLES = {
    "cashier": ("l10n_vn_einvoice.group_cashier", (True, False), False, False, False),
    "invoicing user": ("account.group_account_invoice", (True, True), False, False, False),
    "accountant": ("account.group_account_user", (True, True), False, False, False),
    "e-invoice manager": ("l10n_vn_einvoice.group_manager", (True, True), True, True, False),
    "administrator": ("base.group_system,l10n_vn_einvoice.group_manager", (True, True), True,
                      True, True),
    "portal": ("base.group_portal", (False, False), False, False, False),
    "public": ("base.group_public", (False, False), False, False, False),
}


@tagged("post_install", "-at_install", "post_install_l10n")
class TestAccess(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sudo().write({"l10n_vn_einvoice_username": "ws-user",
                                  "l10n_vn_einvoice_password": "ws-secret"})
        cls.document = queued_document(cls.env, cls.company, "coded")
        cls.key, cls.certificate = cls._certificate(cls.company)
        cls.company.sudo().l10n_vn_einvoice_certificate_id = cls.certificate
        cls.other = cls.env["res.company"].create({"name": "Other VN company",
                                                   "vat": "0301234562"})
        cls.other_document = queued_document(cls.env, cls.other, "coded")
        cls.other_key, cls.other_certificate = cls._certificate(cls.other)

    @classmethod
    def _certificate(cls, company):
        cert_pem, key_pem = make_test_certificate("Seller", SELLER_MST)
        key = cls.env["certificate.key"].create({
            "name": f"key {company.name}", "content": base64.b64encode(key_pem),
            "company_id": company.id})
        certificate = cls.env["certificate.certificate"].create({
            "name": f"cert {company.name}", "content": base64.b64encode(cert_pem),
            "private_key_id": key.id, "company_id": company.id, "scope": "l10n_vn_einvoice"})
        return key, certificate

    def make_user(self, role):
        groups = ROLES[role][0]
        return new_test_user(self.env, f"vn_{role.replace(' ', '_')}", groups=groups,
                             company_id=self.company.id, company_ids=[(6, 0, self.company.ids)])

    def can(self, records, operation, fields=None):
        try:
            records.check_access(operation)
            if fields:
                records.read(fields)
                records.invalidate_recordset()
        except AccessError:
            return False
        return True

    def test_rights_matrix(self):
        for role, (_groups, (doc_read, doc_write), creds, keys, settings) in ROLES.items():
            with self.subTest(role=role):
                user = self.make_user(role)
                doc = self.document.with_user(user)
                self.assertEqual(self.can(doc, "read", ["name", "xml_hash"]), doc_read)
                self.assertEqual(self.can(doc, "write"), doc_write)
                company = self.company.with_user(user)
                for field in ("l10n_vn_einvoice_username", "l10n_vn_einvoice_password",
                              "l10n_vn_einvoice_account_password",
                              "l10n_vn_einvoice_certificate_id"):
                    self.assertEqual(self.can(company, "read", [field]), creds, field)
                # managers and administrators see the certificate and its key; nobody
                # reads the key material or a password back: the server signs (issue 22 §4)
                self.assertEqual(self.can(self.certificate.with_user(user), "read",
                                          ["name", "date_end"]), keys)
                self.assertEqual(self.can(self.key.with_user(user), "read", ["name"]), keys)
                for field in ("content", "pkcs12_password"):
                    self.assertFalse(self.can(self.certificate.with_user(user), "read",
                                              [field]), field)
                for field in ("content", "pem_key", "password"):
                    self.assertFalse(self.can(self.key.with_user(user), "read", [field]), field)
                self.assertEqual(self.can(self.env["res.config.settings"].with_user(user),
                                          "write"), settings)

    def test_company_isolation_of_documents_and_keys(self):
        manager = self.make_user("e-invoice manager")
        Document = self.env["l10n_vn_einvoice.document"].with_user(manager)
        visible = Document.search([])
        self.assertIn(self.document, visible)
        self.assertNotIn(self.other_document, visible)
        with self.assertRaises(AccessError):
            self.other_document.with_user(manager).read(["name"])
        exchange = self.env["l10n_vn_einvoice.exchange"].sudo().create({
            "document_id": self.other_document.id, "operation": "issue", "result": "ok"})
        with self.assertRaises(AccessError):
            exchange.with_user(manager).read(["message"])
        self.assertEqual(self.env["l10n_vn_einvoice.outbox"].with_user(manager).search(
            []).document_id, self.document)
        with self.assertRaises(AccessError):
            self.other_key.with_user(manager).read(["pem_key"])
        with self.assertRaises(AccessError):
            self.other_certificate.with_user(manager).read(["content"])
        self.assertNotIn(self.other_key,
                         self.env["certificate.key"].with_user(manager).search([]))

    def test_neutralisation_clears_credentials_and_keys(self):
        self.env.flush_all()
        modules = ["certificate", "l10n_vn_einvoice"]
        for query in get_neutralization_queries(modules):
            self.env.cr.execute(query)
        self.env.invalidate_all()
        company = self.company.sudo()
        self.assertFalse(company.l10n_vn_einvoice_username)
        self.assertFalse(company.l10n_vn_einvoice_password)
        self.assertFalse(company.l10n_vn_einvoice_certificate_id)
        self.assertEqual(company.l10n_vn_einvoice_provider, "sandbox")
        self.assertIn(company.l10n_vn_einvoice_provider_url,
                      ("http://127.0.0.1:8899", "http://localhost:8899"))
        self.assertFalse(self.key.sudo().content, "private key material removed")
        self.assertFalse(self.key.sudo().pem_key)
        self.assertFalse(self.certificate.sudo().content, "PKCS#12/PEM with its key removed")
        self.assertTrue(self.document.sudo().xml_attachment_id.raw,
                        "the e-invoices themselves are kept")
