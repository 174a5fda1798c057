"""The legal file reaches the buyer (issue 26 §3): with the default "the provider signs",
a coded invoice's e-mail, lookup page and ticket serve the provider's issued XML — the
tax authority's code (MCCQT) and signature — fetched by the worker after acceptance and
checked before it is kept; while it cannot be fetched the e-mail waits, and it leaves
once a later try succeeds.  The mailed file is what the buyer's own Odoo accepts as the
tax authority's file."""

import base64
import dataclasses
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from ..providers.sandbox.bkav_contract import PARTNER_GUID, PARTNER_TOKEN
from ..providers.sandbox.bkav_contract import PROVIDER_TAX_CODE as BKAV_TAX_CODE
from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.faults import Fault
from ..providers.sandbox.misa_contract import APP_ID
from ..standard import xmldsig
from ..standard.issued_check import legal_copy_problems
from ..standard.safe_xml import parse_xml
from .common import BUYER_MST
from .test_odoo_delivery import DeliveryCommon

# The sandbox's contracts (providers/sandbox/*_contract.py) and their credentials.
PROVIDERS = {
    "sandbox": {},
    "vnpt": {"l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
             "l10n_vn_einvoice_password": DEFAULT_PASSWORD,
             "l10n_vn_einvoice_account": DEFAULT_ACCOUNT,
             "l10n_vn_einvoice_account_password": DEFAULT_PASSWORD},
    "viettel": {"l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
                "l10n_vn_einvoice_password": DEFAULT_PASSWORD},
    "bkav": {"l10n_vn_einvoice_account": PARTNER_GUID,
             "l10n_vn_einvoice_account_password": PARTNER_TOKEN,
             "l10n_vn_einvoice_provider_tax_code": BKAV_TAX_CODE},
    "easyinvoice": {"l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
                    "l10n_vn_einvoice_password": DEFAULT_PASSWORD},
    "misa": {"l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
             "l10n_vn_einvoice_password": DEFAULT_PASSWORD,
             "l10n_vn_einvoice_account": APP_ID},
}
# BKAV's client is given the service's address (tests/test_prov_bkav.py).
URL_PATHS = {"bkav": "/WSPublicEHoaDon.asmx"}
# The download operation of the VNPT contract the sandbox speaks by default.
VNPT_DOWNLOAD = "GetInvDataByFkey"


class LegalFileCommon(DeliveryCommon):

    def use(self, provider):
        if provider == "bkav":
            # A BKAV account belongs to one seller (its partner GUID): this company.
            contract = next(c for c in self.sandbox.app.contracts if c.name == "bkav")
            contract.seller = dataclasses.replace(contract.seller,
                                                  tax_code=self.company.vat)
        self.company.sudo().write({
            "l10n_vn_einvoice_provider": provider,
            "l10n_vn_einvoice_provider_url": self.sandbox.url + URL_PATHS.get(provider, ""),
            "l10n_vn_einvoice_username": False,
            "l10n_vn_einvoice_password": False, "l10n_vn_einvoice_account": False,
            "l10n_vn_einvoice_account_password": False,
            "l10n_vn_einvoice_provider_tax_code": False, **PROVIDERS[provider]})

    def due_now(self, doc):
        self.assertTrue(doc.legal_xml_next_at)
        doc._l10n_vn_einvoice_set_outcome({"legal_xml_next_at": "2000-01-01"})

    def work(self, doc):
        """One run of the delivery cron: the legal files due, then the e-mails."""
        return self._mail_cron()

    def mailed_xml(self, doc):
        mails = self._mails(doc)
        self.assertEqual(len(mails), 1, "one e-mail to the buyer")
        xml = mails.attachment_ids.filtered(lambda a: a.name.endswith(".xml"))
        self.assertEqual(len(xml), 1, mails.attachment_ids.mapped("name"))
        return xml.raw

    def assert_legal(self, doc, xml):
        self.assertTrue(doc.tax_authority_code)
        root = parse_xml(xml)
        self.assertEqual(root.findtext("MCCQT"), doc.tax_authority_code,
                         "the tax authority's code is in the file")
        authority = [c for c in xmldsig.verify_signatures(xml) if c.role == "tax_authority"]
        self.assertEqual([c.ok for c in authority], [True],
                         "the tax authority's signature is in the file and verifies")
        self.assertEqual(legal_copy_problems(
            xml, doc._l10n_vn_einvoice_invoice_data(), doc.tax_authority_code), [])
        self.assertNotEqual(xml, doc.xml_attachment_id.raw, "not the addon's own copy")

    def chatter(self, doc):
        return "\n".join(doc.message_ids.mapped("body"))


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLegalFile(LegalFileCommon):

    def test_mailed_xml_carries_the_tax_authority_code_and_signature(self):
        for provider in PROVIDERS:
            with self.subTest(provider):
                self.use(provider)
                doc = self._document(accept=False)
                self.env["l10n_vn_einvoice.outbox"]._process_due(document_ids=doc.ids)
                self.assertEqual(doc.state, "accepted", doc.outbox_ids.mapped("last_error"))
                self.assertTrue(doc.email_pending)
                self.assertFalse(doc.provider_xml_attachment_id)
                self.work(doc)  # the fetch, then the e-mail
                xml = self.mailed_xml(doc)
                self.assert_legal(doc, xml)
                self.assertEqual(xml, doc.provider_xml_attachment_id.raw)
                self.assertFalse(doc.legal_xml_next_at)
                self.assertEqual(doc._l10n_vn_einvoice_public_file("xml")[1], xml,
                                 "the lookup page serves the same file")
                self.assertIn(("download_xml", "ok"),
                              [(x.operation, x.result) for x in doc.exchange_ids])

    def test_download_failure_the_email_waits_then_leaves(self):
        self.sandbox.faults.add(VNPT_DOWNLOAD, Fault("http503", count=2))
        doc = self._document()  # accepted; the fetch is due
        self.work(doc)  # first fetch: the provider fails
        self.assertFalse(self._mails(doc), "no e-mail with the unsigned copy")
        self.assertEqual(doc.state, "accepted", "the invoice itself is fine")
        self.assertFalse(doc.provider_xml_attachment_id)
        self.assertEqual(doc.legal_xml_attempts, 1)
        self.assertIn("HTTP 503", doc.legal_xml_error)
        self.assertIn("could not be fetched from the provider yet", self.chatter(doc))
        self.assertIn("Chưa tải được tệp XML hợp pháp", self.chatter(doc))
        self.assertIn("The e-mail to the buyer waits", self.chatter(doc))
        self.assertTrue(doc.email_pending)
        self.assertEqual(doc._l10n_vn_einvoice_public_file("xml"), None,
                         "the lookup page has no file to give yet, never the unsigned one")
        self.work(doc)  # not due yet: back-off
        self.assertEqual(doc.legal_xml_attempts, 1)
        self.due_now(doc)
        self.work(doc)  # second failure: said once only
        self.assertEqual(doc.legal_xml_attempts, 2)
        self.assertFalse(self._mails(doc))
        self.assertEqual(self.chatter(doc).count("could not be fetched from the provider yet"),
                         1)
        self.due_now(doc)
        self.work(doc)  # the provider answers: kept, then mailed in the same run
        self.assertTrue(doc.provider_xml_attachment_id)
        self.assertFalse(doc.legal_xml_next_at)
        self.assert_legal(doc, self.mailed_xml(doc))
        self.assertFalse(doc.email_pending)

    def test_a_file_that_is_not_the_legal_one_is_not_kept(self):
        # the provider hands out the invoice with another buyer after signing
        self.sandbox.faults.add(VNPT_DOWNLOAD, Fault("tampered_xml"))
        doc = self._document()
        self.work(doc)
        self.assertFalse(doc.provider_xml_attachment_id)
        chatter = self.chatter(doc)
        self.assertIn("is not its legal file and was not kept", chatter)
        self.assertIn("SHA-256", chatter)
        self.assertIn("signature", chatter)
        self.assertFalse(self._mails(doc))
        self.due_now(doc)
        self.work(doc)  # the honest file on the next try
        self.assert_legal(doc, self.mailed_xml(doc))

    def test_send_by_email_of_a_waiting_invoice_waits_too(self):
        self.sandbox.faults.add(VNPT_DOWNLOAD, Fault("http500", count=-1))
        doc = self._document()
        self.work(doc)
        self.assertFalse(doc.provider_xml_attachment_id)
        doc.action_send_email()
        self.assertFalse(self._mails(doc), "the button does not mail the unsigned copy")
        self.assertIn("waits for the legal XML", self.chatter(doc))
        self.sandbox.faults.clear()
        self.work(doc)  # the button made the fetch due at once
        self.assert_legal(doc, self.mailed_xml(doc))

    def test_an_email_pending_from_before_gets_its_fetch(self):
        """A document accepted before the addon fetched legal files (no fetch planned,
        its e-mail pending) is fetched and mailed at the cron's next run."""
        doc = self._document()
        doc._l10n_vn_einvoice_set_outcome({"legal_xml_next_at": False})
        self.assertTrue(doc.email_pending)
        self.work(doc)
        self.assert_legal(doc, self.mailed_xml(doc))

    def test_uncoded_and_cash_register_files(self):
        """An uncoded invoice the provider signs is mailed as the provider's signed file;
        one the company signs would be its own (covered by test_odoo_seller_signing)."""
        doc = self._document(accept=False)
        self.assertEqual(doc.kind, "coded")
        uncoded = self.env["l10n_vn_einvoice.document"].new(
            {"kind": "uncoded", "signed": False})
        self.assertTrue(uncoded._l10n_vn_einvoice_needs_provider_xml())
        uncoded.signed = True
        self.assertFalse(uncoded._l10n_vn_einvoice_needs_provider_xml())
        register = self.env["l10n_vn_einvoice.document"].new({"kind": "cash_register"})
        self.assertFalse(register._l10n_vn_einvoice_needs_provider_xml())

    def test_mailed_file_is_the_tax_authority_file_for_the_buyer_company(self):
        doc = self._document()
        self.work(doc)
        xml = self.mailed_xml(doc)
        buyer = self.env["res.company"].create({
            "name": "Công ty Khách Hàng", "vat": BUYER_MST,
            "country_id": self.env.ref("base.vn").id,
            "currency_id": self.env.ref("base.VND").id})
        self.env["account.chart.template"].try_loading("vn", company=buyer,
                                                       install_demo=False)
        self.env.user.company_ids |= buyer
        journal = self.env["account.journal"].search(
            [("company_id", "=", buyer.id), ("type", "=", "purchase")], limit=1)
        attachment = self.env["ir.attachment"].create({
            "name": "hoadon.xml", "raw": xml, "mimetype": "application/xml"})
        action = journal.with_company(buyer).with_context(
            default_move_type="in_invoice", allowed_company_ids=buyer.ids
        ).create_document_from_attachment(attachment.ids)
        bill = self.env["account.move"].browse(action["res_id"])
        checks = {c["rule"]: c for c in bill.l10n_vn_einvoice_in_checks}
        self.assertNotIn("signature.authority_missing", checks)
        self.assertNotIn("mccqt.missing", checks)
        self.assertEqual(bill.l10n_vn_einvoice_in_tax_authority_code, doc.tax_authority_code)
        # The file verifies; what is left is that the sandbox's tax authority is not the
        # real one, whose certificate is pinned (standard/trust.py): a file from the
        # sandbox must never pass for a real one.
        flagged = {rule for rule, c in checks.items() if c["severity"] in ("warning", "error")}
        self.assertEqual(flagged, {"signature.tax_authority"}, checks)
        self.assertIn("(sandbox)", checks["signature.tax_authority"]["signer"])
        self.assertIn("verifies mathematically", checks["signature.tax_authority"]["message"])
        self.assertEqual(bill.amount_total, doc.amount_total)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLegalFileAttacks(LegalFileCommon):

    def test_users_cannot_plant_the_legal_file(self):
        """A forged "tax authority's file" cannot be put on the document over JSON-RPC,
        by any role: the e-mail, the lookup page and the ticket would hand it out."""
        self.sandbox.faults.add(VNPT_DOWNLOAD, Fault("http500"))
        doc = self._document()
        self.work(doc)
        self.assertFalse(doc.provider_xml_attachment_id)
        forged_xml = doc.xml_attachment_id.raw.replace(b"</DLHDon>",
                                                       b"</DLHDon><MCCQT>FORGED</MCCQT>")
        for groups in ("l10n_vn_einvoice.group_user",
                       "l10n_vn_einvoice.group_manager"):
            user = new_test_user(self.env, login=f"forger-{groups[-7:]}",
                                 groups=f"account.group_account_manager,{groups}",
                                 company_id=self.company.id,
                                 company_ids=[(6, 0, self.company.ids)])
            forged = self.env["ir.attachment"].with_user(user).create({
                "name": "cqt.xml", "datas": base64.b64encode(forged_xml),
                "res_model": doc._name, "res_id": doc.id})
            with self.subTest(groups), self.assertRaises(AccessError):
                doc.with_user(user).write({"provider_xml_attachment_id": forged.id})
            with self.subTest(groups), self.assertRaises(AccessError):
                doc.with_user(user).write({"email_pending": False})
            with self.subTest(groups), self.assertRaises(AccessError):
                doc.with_user(user).write({"legal_xml_next_at": False})
        self.assertFalse(doc.provider_xml_attachment_id)
        self.assertIsNone(doc._l10n_vn_einvoice_public_file("xml"),
                          "an attachment on the document is not the legal file")
        self.work(doc)
        self.assertFalse(self._mails(doc))


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLegalFileLookupPage(LegalFileCommon, HttpCase):
    """The buyer's lookup page (the PDF's link and QR code lead there) over real HTTP."""

    def _post(self, **data):
        page = self.url_open("/einvoice/lookup")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open("/einvoice/lookup", data={"csrf_token": token, **data},
                             allow_redirects=False)

    def test_xml_download_is_the_legal_file_never_the_unsigned_copy(self):
        self.sandbox.faults.add(VNPT_DOWNLOAD, Fault("http500"))
        doc = self._document()
        self.work(doc)  # the provider fails: no legal file yet
        response = self._post(code=doc.lookup_code, file_format="xml")
        self.assertEqual(response.status_code, 404)
        self.assertIn("not available yet", response.text)
        self.assertNotIn(b"<HDon", response.content)
        self.due_now(doc)
        self.work(doc)
        response = self._post(code=doc.lookup_code, file_format="xml")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/xml")
        self.assertEqual(response.content, doc.provider_xml_attachment_id.raw)
        self.assert_legal(doc, response.content)
