"""The public lookup page over real HTTP: a code in, the file out, nothing else."""

import datetime
import re

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..models.einvoice_lookup_attempt import SESSION_LIMIT, WINDOW
from .test_odoo_delivery import DeliveryCommon

URL = "/einvoice/lookup"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLookupPage(DeliveryCommon, HttpCase):

    def _token(self):
        page = self.url_open(URL)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, token, **data):
        return self.url_open(URL, data={"csrf_token": token, **data}, allow_redirects=False)

    def test_right_code_gives_the_frozen_pdf_and_the_xml(self):
        doc = self._document()
        self._mail_cron()  # the delivery cron fetches the provider's legal XML
        token = self._token()
        response = self._post(token, code=doc.lookup_code, file_format="pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertEqual(response.content, doc.pdf_attachment_id.raw)
        response = self._post(token, code=doc.lookup_code, file_format="xml")
        self.assertEqual(response.headers["Content-Type"], "application/xml")
        self.assertEqual(response.content, doc.provider_xml_attachment_id.raw)
        # the tax-authority code works only together with the seller's MST and the total
        response = self._post(token, code=doc.tax_authority_code, mst=self.company.vat,
                              amount=f"{doc.amount_total:.0f}", file_format="pdf")
        self.assertEqual(response.content, doc.pdf_attachment_id.raw)

    def test_wrong_code_reveals_nothing(self):
        doc = self._document()
        pending = self._document(accept=False)
        token = self._token()
        answers = [
            self._post(token, code="ZZZZZZZZZZ"),
            self._post(token, code="%"),  # never a LIKE pattern
            self._post(token, code=doc.tax_authority_code),  # real code, no MST
            self._post(token, code=doc.tax_authority_code, mst="0301234562",
                       amount=f"{doc.amount_total:.0f}"),  # wrong MST
            self._post(token, code=doc.tax_authority_code, mst=self.company.vat),  # no total
            self._post(token, code=pending.submission_key),  # not issued yet
        ]
        self.assertEqual({r.status_code for r in answers}, {404})
        # same page for all, once the echoed input and the per-request CSRF token are removed
        # (the script's token too: it carries its second, which a slow run crosses)
        pages = {re.sub(r'value="[^"]*"|csrf_token: "[^"]*"', "", r.text) for r in answers}
        self.assertEqual(len(pages), 1, "no existence oracle")
        text = answers[0].text
        self.assertIn("Not found", text)
        for secret in (doc.buyer_name, doc.lookup_code, doc.tax_authority_code, "1C26TAA"):
            self.assertNotIn(secret, text)

    def test_post_without_csrf_token_is_refused(self):
        doc = self._document()
        self.url_open(URL)
        response = self.url_open(URL, data={"code": doc.lookup_code}, allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")

    def test_rate_limit_per_client(self):
        doc = self._document()
        token = self._token()
        for _attempt in range(SESSION_LIMIT):
            self.assertEqual(self._post(token, code="ZZZZZZZZZZ").status_code, 404)
        blocked = self._post(token, code=doc.lookup_code)
        self.assertEqual(blocked.status_code, 429)
        self.assertLessEqual(int(blocked.headers["Retry-After"]), WINDOW.total_seconds())
        self.assertNotIn("application/pdf", blocked.headers["Content-Type"])
        self.assertIn("Too many tries", blocked.text)
        # the window passes: the browser may try again, and the autovacuum forgets it
        later = fields.Datetime.now() + WINDOW + datetime.timedelta(seconds=1)
        with freeze_time(later):
            self.assertEqual(self._post(token, code=doc.lookup_code).status_code, 200)
            Attempt = self.env["l10n_vn_einvoice.lookup.attempt"]
            self.assertTrue(Attempt.search_count([]))
        with freeze_time(later + WINDOW + datetime.timedelta(seconds=1)):
            Attempt._gc_attempts()
            self.assertEqual(Attempt.search_count([]), 0)
