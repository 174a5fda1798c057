"""The seller-signed flow through the outbox while the sandbox misbehaves (issue 15 §2):
a failure between the hash and the publication, or an answer lost after publishing, ends
in one invoice at the provider, signed by the company, under the document's submission
key (the shape of test_odoo_faults.py)."""

import base64

from odoo.tests import tagged

from ..providers.sandbox.faults import Fault
from ..standard import xmldsig
from ..standard.certificates import make_test_certificate
from . import test_odoo_faults
from .common import VnEinvoiceCommon
from .reliability_docs import queued_document
from .sandbox_server import running_sandbox

# queued_document's invoices are the fixtures' seller's: the company takes its MST.
FIXTURE_SELLER_MST = "0100109106"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestSellerSignedFaults(VnEinvoiceCommon):
    # The fault tests' helpers (not their tests: subclassing, or importing the class here,
    # would run them again).
    store = test_odoo_faults.TestFaults.store  # the sandbox's store assert_held_once reads
    drain_until_final = test_odoo_faults.TestFaults.drain_until_final
    story = test_odoo_faults.TestFaults.story
    assert_held_once = test_odoo_faults.TestFaults.assert_held_once

    def setUp(self):
        super().setUp()
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url
        p12, secret = make_test_certificate("Seller of the fixtures", FIXTURE_SELLER_MST)
        self.company.write({
            "vat": FIXTURE_SELLER_MST,
            "l10n_vn_einvoice_certificate_id": self.env["certificate.certificate"].create({
                "name": "Chữ ký số", "content": base64.b64encode(p12),
                "pkcs12_password": secret.decode(), "company_id": self.company.id,
                "scope": "l10n_vn_einvoice"}).id,
            "l10n_vn_einvoice_signing_mode": "seller"})

    def _signed_once(self, doc):
        held = self.assert_held_once(doc)
        self.assertEqual(self.sandbox.sandbox.count(), 1)
        checks = {check.role: check.ok for check in xmldsig.verify_signatures(held.xml)}
        self.assertEqual(checks, {"seller": True, "tax_authority": True})
        self.assertEqual(doc.provider_xml_attachment_id.raw, held.xml)

    def test_failure_between_hash_and_publish(self):
        self.sandbox.faults.add("publishInvWithToken", Fault("http503"))
        doc = queued_document(self.env, self.company, "coded")
        self.drain_until_final(doc)
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertEqual(self.story(doc), [("issue", "transient"), ("lookup", "unknown"),
                                           ("issue", "ok")])
        self._signed_once(doc)

    def test_answer_lost_after_publish(self):
        self.sandbox.faults.add("publishInvWithToken", Fault("lost_after_commit"))
        doc = queued_document(self.env, self.company, "coded")
        self.drain_until_final(doc)
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertEqual(self.story(doc), [("issue", "transient"), ("lookup", "ok")])
        self.assert_held_once(doc)
        self.assertEqual(self.sandbox.sandbox.count(), 1)

    # ------------------------------------------------------------ a dishonest provider
    def _issued_otherwise(self, fault_operation, kind, reason_part):
        # every answer of that operation misbehaves (the first hash is refused anyway:
        # the company's certificate is registered by the first issue)
        self.sandbox.faults.add(fault_operation, Fault(kind, count=-1))
        doc = queued_document(self.env, self.company, "coded")
        self.drain_until_final(doc)
        self.assertEqual(doc.state, "error", "never a silent success")
        self.assertIn(reason_part, doc.provider_message)
        self.assertIn("VNPT phát hành nội dung khác", doc.provider_message)
        self.assertFalse(doc.provider_xml_attachment_id, "the provider's copy is not kept")
        activity = doc.activity_ids.filtered(lambda a: a.user_id.has_group(
            "l10n_vn_einvoice.group_manager"))
        self.assertTrue(activity, "an e-invoice manager is asked to look")
        self.assertIn("is not the invoice sent and signed", doc.message_ids[:1].body)
        return doc

    def test_hash_of_another_invoice_is_an_error_a_manager_sees(self):
        """VNPT answers the hash of a draft with another buyer: the seller's signature
        over it verifies, but the issued invoice is not the one sent."""
        self._issued_otherwise("getHashInvWithToken", "wrong_digest",
                               "differs from the invoice sent: buyer name")

    def test_issued_xml_altered_after_signing_is_an_error_a_manager_sees(self):
        self._issued_otherwise("GetInvDataByFkey", "tampered_xml",
                               "the seller's signature does not verify")
