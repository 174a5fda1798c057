"""Documents through the outbox to the sandbox speaking EasyInvoice's and MISA meInvoice's
contracts: the first answer is lost after the provider committed, the next try looks the
submission key up and the document ends accepted with exactly one invoice at the
provider; a cash-register invoice, which neither contract offers, ends rejected in words
without reaching the provider; a posted invoice the company signs itself reaches each
provider with the seller's and the tax authority's signatures.  Every fault of
``test_odoo_faults.py`` runs through both contracts there (``TestFaultsEasyInvoice``,
``TestFaultsMisa``)."""

import base64

from odoo.tests import tagged

from ..providers.sandbox.faults import Fault
from ..standard import xmldsig
from ..standard.certificates import make_test_certificate
from .common import SELLER_MST, VnEinvoiceCommon
from .reliability_docs import queued_document
from .sandbox_server import running_sandbox

FINAL = ("accepted", "rejected", "error")
ISSUE_OPERATION = {"easyinvoice": "importAndIssueInvoice", "misa": "publishhsm"}


@tagged("post_install", "-at_install", "post_install_l10n")
class TestEasyInvoiceAndMisa(VnEinvoiceCommon):

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())

    def use(self, provider):
        self.use_sandbox_contract(provider, self.sandbox.url)

    def drain(self, doc, rounds=5):
        Outbox = self.env["l10n_vn_einvoice.outbox"]
        for _round in range(rounds):
            Outbox._process_due(document_ids=doc.ids)
            if doc.state in FINAL:
                return
            doc.outbox_ids.filtered(lambda r: r.state == "pending").next_attempt_at = \
                "2000-01-01"
        self.fail(f"not final after {rounds} rounds: {doc.state}")

    def story(self, doc):
        return [(x.operation, x.result) for x in doc.exchange_ids.sorted("id")]

    def check_provider(self, provider):
        self.use(provider)
        for kind in ("coded", "uncoded"):
            self.sandbox.faults.add(ISSUE_OPERATION[provider], Fault("lost_after_commit"))
            doc = queued_document(self.env, self.company, kind)
            self.drain(doc)
            self.assertEqual(doc.state, "accepted", f"{provider} {kind}: {doc.provider_message}")
            self.assertEqual(self.story(doc), [("issue", "transient"), ("lookup", "ok")])
            held = self.sandbox.sandbox.find(provider, doc.submission_key)
            self.assertFalse(held.duplicated)
            self.assertEqual(bool(doc.tax_authority_code), kind == "coded")
            self.assertEqual(held.tax_authority_code or False, doc.tax_authority_code)
            self.assertEqual(doc.exchange_ids.mapped("provider"), [provider] * 2)
        self.assertEqual(self.sandbox.sandbox.count(provider), 2)
        self.sandbox.faults.clear()
        register = queued_document(self.env, self.company, "cash_register")
        self.drain(register)
        self.assertEqual(register.state, "rejected")
        self.assertIn("cash-register", register.provider_message)
        self.assertIn("máy tính tiền", register.provider_message)
        self.assertEqual(self.sandbox.sandbox.count(provider), 2)

    def test_easyinvoice(self):
        self.check_provider("easyinvoice")

    def test_misa(self):
        self.check_provider("misa")

    def test_missing_app_id_is_named(self):
        self.use("misa")
        self.company.sudo().l10n_vn_einvoice_account = False
        missing = self.company._l10n_vn_einvoice_missing_credentials()
        self.assertEqual(missing, ["Provider account"])

    def test_posted_invoice_we_sign(self):
        p12, password = make_test_certificate("Công ty TNHH Thử Nghiệm (ký)", SELLER_MST)
        certificate = self.env["certificate.certificate"].create({
            "name": "Chữ ký số", "company_id": self.company.id, "scope": "l10n_vn_einvoice",
            "content": base64.b64encode(p12), "pkcs12_password": password.decode()})
        for provider in ("easyinvoice", "misa"):
            self.use(provider)
            self.company.write({"l10n_vn_einvoice_certificate_id": certificate.id,
                                "l10n_vn_einvoice_signing_mode": "seller"})
            move = self.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": self.partner_a.id,
                "invoice_date": "2026-11-20",
                "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 2,
                                             "price_unit": 150000.0,
                                             "tax_ids": [(6, 0, self.tax10.ids)]})]})
            move.action_post()
            doc = move.l10n_vn_einvoice_document_id
            self.drain(doc)
            self.assertEqual(doc.state, "accepted", f"{provider}: {doc.provider_message}")
            held = self.sandbox.sandbox.find(provider, doc.submission_key)
            roles = {check.role: check.ok for check in xmldsig.verify_signatures(held.xml)}
            self.assertEqual(roles, {"seller": True, "tax_authority": True}, provider)
            self.assertEqual(self.sandbox.sandbox.count(provider), 1)
