"""The public lookup page in headless Chromium, logged out: a QR code's landing (the code
in the #fragment, posted by the page), a wrong code, and a try over the limit."""

from odoo.tests import HttpCase, tagged

from ..models.einvoice_lookup_attempt import ADDRESS_LIMIT
from .test_odoo_delivery import DeliveryCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLookupTour(DeliveryCommon, HttpCase):

    def test_lookup_from_a_qr_code_logged_out(self):
        doc = self._document()
        url = doc._l10n_vn_einvoice_lookup_url(code=True)
        self.assertIn("#code=", url)
        # other visitors from this address used all but the tour's two tries
        Attempt = self.env["l10n_vn_einvoice.lookup.attempt"]
        for index in range(ADDRESS_LIMIT - 2):
            Attempt._admit("127.0.0.1", f"another browser {index}")
        # The landing page posts the fragment at once: the tour starts on the page that
        # answers that post (starting it earlier would race the navigation).
        self.start_tour(url[url.index("/einvoice/lookup"):], "l10n_vn_einvoice_lookup",
                        login=None, ready="document.querySelector('.o_lookup_result') !== null"
                                          " && odoo.isTourReady('l10n_vn_einvoice_lookup')")
        self.assertEqual(doc.state, "accepted")
        self.assertFalse(doc.pdf_attachment_id, "looking at the result renders no file")
        self.env.cr.execute("SELECT max(tries) FROM l10n_vn_einvoice_lookup_attempt")
        self.assertEqual(self.env.cr.fetchone()[0], ADDRESS_LIMIT + 1,
                         "the QR landing, the wrong code and the refused try all counted")
