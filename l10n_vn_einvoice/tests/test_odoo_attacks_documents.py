"""Attacks on issued e-invoices over JSON-RPC (issue 11 §1–3): forging a document or its
files, unfreezing it, overwriting its XML, and getting the signing key out through the
public lookup page.  Every role is tried; each attack must be refused and leave every
watched row as it was, and the public page must still serve the document's own files."""

import base64

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .attack_common import PUBLIC, ROLES, AttackCase

DOC = "l10n_vn_einvoice.document"
ATTACHMENT = "ir.attachment"
EVERYONE = [*ROLES, PUBLIC]
# 1 x 1 PNG images, white and black
PNG_WHITE = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAA"
             "AABJRU5ErkJggg==")
PNG_BLACK = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAA"
             "AABJRU5ErkJggg==")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestForgedDocuments(AttackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc._l10n_vn_einvoice_pdf()  # the frozen PDF the buyer gets

    def assert_lookup_serves_own_files(self):
        client = self.browser()
        token = self.lookup_token(client)
        for file_format, attachment in (("xml", self.doc.provider_xml_attachment_id),
                                        ("pdf", self.doc.pdf_attachment_id)):
            response = self.lookup(client, token, code=self.doc.lookup_code,
                                   file_format=file_format)
            self.assertEqual(response.status_code, 200, file_format)
            self.assertNotIn(b"PRIVATE KEY", response.content)
            self.assertEqual(response.content, attachment.sudo().raw, file_format)

    def test_attachment_fields_cannot_point_at_the_signing_key(self):
        self.assertIn(b"PRIVATE KEY", self.key_attachment.raw, "the target exists")
        for role in EVERYONE:
            for field in ("provider_xml_attachment_id", "pdf_attachment_id",
                          "xml_attachment_id"):
                with self.subTest(role=role, field=field):
                    self.assert_refused(role, DOC, "write", [self.doc.id],
                                        {field: self.key_attachment.id})
        self.assert_lookup_serves_own_files()

    def test_no_role_creates_or_copies_an_issued_document(self):
        forged = {
            "company_id": self.company.id, "kind": "coded", "form": "1", "symbol": "C26TAA",
            "number": 999, "issue_date": "2026-11-20", "currency_id": self.doc.currency_id.id,
            "state": "accepted", "lookup_code": "ATTACKER01", "amount_total": 1.0,
        }
        targets = {"PKCS#12": self.p12_attachment, "key": self.key_attachment,
                   "company B's XML": self.doc_b.xml_attachment_id}
        for role in EVERYONE:
            for label, attachment in targets.items():
                with self.subTest(role=role, target=label):
                    self.assert_refused(role, DOC, "create", [{
                        **forged, "xml_attachment_id": attachment.id,
                        "provider_xml_attachment_id": attachment.id}])
            with self.subTest(role=role, target="copy"):
                self.assert_refused(role, DOC, "copy", [self.doc.id],
                                    {"lookup_code": "ATTACKER01"})
        client = self.browser()
        response = self.lookup(client, code="ATTACKER01", file_format="xml")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"PRIVATE KEY", response.content)

    def test_a_context_key_does_not_unfreeze_a_document(self):
        for role in EVERYONE:
            with self.subTest(role=role):
                self.assert_refused(role, DOC, "write", [self.doc.id],
                                    {"amount_total": 1.0, "buyer_name": "Kẻ gian"},
                                    context={"l10n_vn_einvoice_outcome": True})

    def test_state_lookup_and_codes_are_not_writable(self):
        for role in EVERYONE:
            for vals in ({"state": "draft"}, {"state": "accepted"},
                         {"lookup_code": self.doc_b.lookup_code},
                         {"tax_authority_code": "M1-26-XXXXX-00000000001"},
                         {"company_id": self.company_b.id}):
                with self.subTest(role=role, vals=vals):
                    self.assert_refused(role, DOC, "write", [self.doc.id], vals)

    def test_legal_files_cannot_be_overwritten_relinked_or_deleted(self):
        forged = base64.b64encode(b"<HDon><DLHDon>forged</DLHDon></HDon>").decode()
        files = {"XML": self.doc.xml_attachment_id,
                 "tax authority XML": self.doc.provider_xml_attachment_id,
                 "PDF": self.doc.pdf_attachment_id}
        for role in EVERYONE:
            for label, attachment in files.items():
                with self.subTest(role=role, file=label):
                    self.assert_refused(role, ATTACHMENT, "write", [attachment.id],
                                        {"datas": forged})
                    self.assert_refused(role, ATTACHMENT, "write", [attachment.id],
                                        {"res_id": self.doc_b.id})
                    self.assert_refused(role, ATTACHMENT, "unlink", [attachment.id])
        self.assert_lookup_serves_own_files()
        checked, breaks = self.env[DOC]._l10n_vn_einvoice_check_chain(self.company)
        self.assertEqual(breaks, [])
        self.assertGreaterEqual(checked, 2)

    def test_pdf_preview_is_made_once_never_replaced(self):
        """The chatter makes the PDF's preview image the first time it shows the file
        (mail's update_thumbnail route, in sudo); nobody replaces it afterwards."""
        pdf = self.doc.pdf_attachment_id
        pdf.sudo().write({"thumbnail": PNG_WHITE})
        self.assertTrue(pdf.thumbnail)
        for role in EVERYONE:
            with self.subTest(role=role):
                self.assert_refused(role, ATTACHMENT, "write", [pdf.id],
                                    {"thumbnail": PNG_BLACK})
        with self.assertRaises(AccessError):
            pdf.sudo().write({"thumbnail": PNG_BLACK})

    def test_lookup_serves_only_files_of_the_document_it_found(self):
        """Defence in depth: even a document row pointing at a foreign file (written
        below the ORM) never makes the public page serve it."""
        self.env.flush_all()
        for field, target in (("provider_xml_attachment_id", self.key_attachment),
                              ("pdf_attachment_id", self.p12_attachment)):
            self.env.cr.execute(f"UPDATE l10n_vn_einvoice_document SET {field} = %s "
                                "WHERE id = %s", (target.id, self.doc.id))
        self.env.invalidate_all()
        client = self.browser()
        token = self.lookup_token(client)
        for file_format in ("xml", "pdf"):
            response = self.lookup(client, token, code=self.doc.lookup_code,
                                   file_format=file_format)
            self.assertNotIn(b"PRIVATE KEY", response.content, file_format)
            self.assertNotEqual(response.content, self.p12_attachment.sudo().raw, file_format)
        xml = self.lookup(client, token, code=self.doc.lookup_code, file_format="xml")
        # a coded invoice's legal file is the provider's only: without a valid one the
        # page says the file is not ready — never the unsigned copy of the addon
        self.assertEqual(xml.status_code, 404)
        self.assertNotIn(b"<HDon", xml.content)
        self.assertIn("not available yet", xml.text)
