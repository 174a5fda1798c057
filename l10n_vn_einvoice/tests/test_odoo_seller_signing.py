"""Who signs (issue 15 §1, §2): "we sign" sends the company's own signature to the
provider (VNPT's hash flow, against the sandbox over HTTP); certificates that cannot make
the seller's signature are refused with what to do; managers are warned 30 and 7 days
before the certificate expires, on Vietnam dates."""

import base64
import datetime
import io
import os
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from ..standard import cli, signature_layout, xml_build, xmldsig
from ..standard.certificates import make_test_certificate
from ..standard.safe_xml import parse_xml
from . import std_fixtures
from .common import BUYER_MST, SELLER_MST, VnEinvoiceCommon
from .sandbox_server import running_sandbox


@tagged("post_install", "-at_install", "post_install_l10n")
class TestSellerSigning(VnEinvoiceCommon):

    def _certificate(self, name, tax_code=SELLER_MST, days=3650, at=None, key=True):
        """A certificate.certificate of the company (made at ``at``, UTC, when given)."""
        with freeze_time(at or datetime.datetime.now(datetime.UTC)):
            p12, password = make_test_certificate(name, tax_code, days)
        vals = {"name": name, "company_id": self.company.id, "scope": "l10n_vn_einvoice"}
        if key:
            vals.update(content=base64.b64encode(p12), pkcs12_password=password.decode())
        else:  # the certificate alone, as a CA publishes it: no private key
            cert = xmldsig.load_pkcs12(p12, password).certificate
            vals["content"] = base64.b64encode(cert.public_bytes(serialization.Encoding.PEM))
        return self.env["certificate.certificate"].create(vals)

    def _we_sign(self, certificate):
        self.company.write({"l10n_vn_einvoice_certificate_id": certificate.id,
                            "l10n_vn_einvoice_signing_mode": "seller"})

    def _post_signed(self, holder):
        """A running sandbox, a certificate of ``holder`` the company signs with, and an
        invoice posted under it (not sent yet)."""
        sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = sandbox.url
        certificate = self._certificate(holder)
        self._we_sign(certificate)
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 2,
                                         "price_unit": 150000.0,
                                         "tax_ids": [(6, 0, self.tax10.ids)]})]})
        move.action_post()
        return sandbox, certificate, move

    def test_we_sign_reaches_the_sandbox_with_both_signatures(self):
        sandbox, certificate, move = self._post_signed("Công ty TNHH Thử Nghiệm (ký)")
        doc = move.l10n_vn_einvoice_document_id
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        fetched = doc.provider_xml_attachment_id.raw
        self.assertEqual(fetched, sandbox.sandbox.find("vnpt", doc.submission_key).xml)
        checks = {check.role: check for check in xmldsig.verify_signatures(fetched)}
        self.assertEqual(set(checks), {"seller", "tax_authority"})
        self.assertTrue(all(check.ok for check in checks.values()), checks)
        company_cert = x509.load_pem_x509_certificate(
            base64.b64decode(certificate.pem_certificate))
        embedded = signature_layout.embedded_certificate(
            parse_xml(fetched).find(f"DSCKS/NBan/{signature_layout.DS}Signature"))
        self.assertEqual(embedded, company_cert)
        self.assertEqual(sandbox.sandbox.registered_certificate(SELLER_MST), company_cert)
        self.assertEqual(checks["seller"].tax_code, SELLER_MST)

    def test_we_sign_a_credit_note_adjustment(self):
        sandbox, certificate, move = self._post_signed("Công ty TNHH Thử Nghiệm (điều chỉnh)")
        Outbox = self.env["l10n_vn_einvoice.outbox"]
        Outbox._process_due()
        reversal = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=move.ids).create({
                "reason": "Trả lại hàng", "journal_id": move.journal_id.id,
                "date": "2026-11-21"})
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_date = "2026-11-21"
        refund.action_post()
        doc = refund.l10n_vn_einvoice_document_id
        Outbox._process_due()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        held = sandbox.sandbox.find("vnpt", doc.submission_key)
        self.assertEqual(held.related_key, move.l10n_vn_einvoice_document_id.submission_key)
        checks = {check.role: check.ok for check in xmldsig.verify_signatures(held.xml)}
        self.assertEqual(checks, {"seller": True, "tax_authority": True})
        # signed by the company's own key, not by the sandbox's remote-signing stand-in
        embedded = signature_layout.embedded_certificate(
            parse_xml(held.xml).find(f"DSCKS/NBan/{signature_layout.DS}Signature"))
        self.assertEqual(embedded, x509.load_pem_x509_certificate(
            base64.b64decode(certificate.pem_certificate)))

    def test_certificates_that_cannot_sign_for_the_company_are_refused(self):
        cases = [
            ("another company's MST", self._certificate("Other MST", BUYER_MST),
             f"(?s)issued to MST {BUYER_MST}.*cấp cho MST"),
            ("expired", self._certificate("Expired", days=30, at=datetime.datetime(2025, 1, 1)),
             "(?s)expired on 31/01/2025.*hết hạn ngày 31/01/2025"),
            ("not yet valid", self._certificate("Future", at=datetime.datetime(2027, 6, 2)),
             "(?s)valid only from 01/06/2027.*hiệu lực từ ngày 01/06/2027"),
            ("no private key", self._certificate("No key", key=False),
             "(?s)cannot sign.*không ký được"),
        ]
        for label, certificate, message in cases:
            with self.subTest(label), self.assertRaisesRegex(ValidationError, message), \
                    self.env.cr.savepoint():
                self._we_sign(certificate)
            self.company.invalidate_recordset()
            self.assertEqual(self.company.l10n_vn_einvoice_signing_mode, "provider")
        with self.assertRaisesRegex(ValidationError, "choose its signing certificate"), \
                self.env.cr.savepoint():
            self.company.write({"l10n_vn_einvoice_certificate_id": False,
                                "l10n_vn_einvoice_signing_mode": "seller"})
        self._we_sign(self._certificate("Good one"))
        with self.assertRaisesRegex(ValidationError, "(?s)publishes no way.*không công bố"), \
                self.env.cr.savepoint():
            self.company.l10n_vn_einvoice_provider = "viettel"
        with self.assertRaisesRegex(ValidationError, "not to Công ty TNHH Thử Nghiệm"), \
                self.env.cr.savepoint():
            self.company.vat = BUYER_MST  # the company's MST must stay the certificate's

    def test_branch_and_household_certificates_match_their_own_ids(self):
        for tax_code in ("0315558888-001", "001203004567"):
            with self.subTest(tax_code):
                self.company.write({"vat": tax_code, "l10n_vn_einvoice_signing_mode": "provider"})
                self._we_sign(self._certificate(f"Holder {tax_code}", tax_code))
                self.assertEqual(self.company.l10n_vn_einvoice_signing_mode, "seller")

    def test_settings_show_the_certificate(self):
        self.company.l10n_vn_einvoice_certificate_id = self._certificate(
            "Chủ thể chứng thư", at=datetime.datetime(2026, 11, 30, 20, 0))
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.l10n_vn_einvoice_certificate_holder, "Chủ thể chứng thư")
        self.assertEqual(settings.l10n_vn_einvoice_certificate_mst, SELLER_MST)
        self.assertEqual(settings.l10n_vn_einvoice_certificate_issuer, "Chủ thể chứng thư")
        # valid from 2026-11-29 20:00 UTC = 2026-11-30 03:00 in Vietnam
        self.assertTrue(settings.l10n_vn_einvoice_certificate_validity.startswith(
            "30/11/2026 → "), settings.l10n_vn_einvoice_certificate_validity)

    def test_settings_and_verify_print_the_same_validity(self):
        """Both in Vietnam days, dd/mm/yyyy: 2026-11-29 20:00 → 2027-11-30 20:00 UTC is
        30/11/2026 → 01/12/2027 (``verify`` printed the UTC days 2026-11-29 .. 2027-11-30)."""
        moment = datetime.datetime(2026, 11, 30, 20, 0)
        self.company.l10n_vn_einvoice_certificate_id = self._certificate(
            "Chứng thư hai màn hình", days=365, at=moment)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.l10n_vn_einvoice_certificate_validity,
                         "30/11/2026 → 01/12/2027")
        with freeze_time(moment):
            p12, password = make_test_certificate("Chứng thư hai màn hình", SELLER_MST, 365)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "signed.xml")
            with open(path, "wb") as signed:
                signed.write(xmldsig.sign_invoice(
                    xml_build.invoice_to_bytes(std_fixtures.vat_invoice()),
                    xmldsig.load_pkcs12(p12, password)))
            out = io.StringIO()
            cli.main(["verify", path], stdout=out, stderr=io.StringIO())
        self.assertIn("certificate valid 30/11/2026 → 01/12/2027 (Vietnam time)",
                      out.getvalue())

    def test_expiry_warnings_at_30_and_7_days_vietnam_dates(self):
        manager = new_test_user(self.env, "vn_cert_manager",
                                groups="l10n_vn_einvoice.group_manager",
                                company_id=self.company.id,
                                company_ids=[(6, 0, self.company.ids)])
        # valid until 2027-01-29 00:00 UTC = 2027-01-29 07:00 in Vietnam
        self.company.l10n_vn_einvoice_certificate_id = self._certificate(
            "Expiring", days=60, at=datetime.datetime(2026, 11, 30))
        Company = self.env["res.company"]
        partner = self.company.partner_id

        def warnings():
            return partner.activity_ids.filtered(lambda a: a.user_id == manager)

        with freeze_time("2026-12-29 16:59:00"):  # 23:59 in Vietnam: 31 days left
            Company._cron_l10n_vn_einvoice_certificate_expiry()
        self.assertFalse(warnings())
        with freeze_time("2026-12-29 17:00:00"):  # still the 29th in UTC, the 30th in Vietnam
            Company._cron_l10n_vn_einvoice_certificate_expiry()
            Company._cron_l10n_vn_einvoice_certificate_expiry()  # once per threshold
        self.assertEqual(len(warnings()), 1)
        self.assertIn("expires on 2027-01-29 (in 30 days)", str(warnings().note))
        self.assertEqual(warnings().date_deadline, datetime.date(2027, 1, 29))
        with freeze_time("2027-01-21 16:59:00"):  # 8 days left in Vietnam
            Company._cron_l10n_vn_einvoice_certificate_expiry()
        self.assertEqual(len(warnings()), 1)
        with freeze_time("2027-01-21 17:00:00"):  # 7 days left in Vietnam
            Company._cron_l10n_vn_einvoice_certificate_expiry()
        self.assertEqual(len(warnings()), 2)
        self.assertIn("(in 7 days)", str(warnings().sorted("id")[-1].note))
