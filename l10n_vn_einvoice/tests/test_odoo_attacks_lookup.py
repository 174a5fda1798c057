"""Attacks on the public lookup page over loopback HTTP, logged out (issue 11 §5):
walking a shop's cash-register codes, locking other clients out, resetting the limit with
forged proxy headers, huge inputs, case, and codes in URLs.  The race of concurrent tries
is in ``test_odoo_lookup_race.py`` (it needs a real multi-threaded server)."""

from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import config

from ..models import einvoice_lookup_attempt as limiter
from .attack_common import AttackCase

WRONG = "ZZZZZZZZZZ"
TRUSTED_PROXIES = "l10n_vn_einvoice.lookup_trusted_proxies"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPublicLookupAttacks(AttackCase):

    def amount_of(self, doc):
        return f"{doc.amount_total:,.0f}".replace(",", ".")  # as printed: 1.234.567

    def test_cash_register_codes_cannot_be_walked(self):
        code = self.register_doc.tax_authority_code
        prefix, sequence = code.rsplit("-", 1)
        client = self.browser()
        token = self.lookup_token(client)
        for offset in range(-3, 4):
            walked = f"{prefix}-{int(sequence) + offset:011d}"
            response = self.lookup(client, token, code=walked, mst=self.company.vat)
            self.assertEqual(response.status_code, 404, walked)
            self.assertNotIn(self.amount_of(self.register_doc), response.text)
        # the buyer holds the receipt: code, seller MST and the total printed on it
        found = self.lookup(client, token, code=code, mst=self.company.vat,
                            amount=self.amount_of(self.register_doc))
        self.assertEqual(found.status_code, 200)
        self.assertIn(self.amount_of(self.register_doc), found.text)
        wrong_total = self.lookup(client, token, code=code, mst=self.company.vat,
                                  amount=str(int(self.register_doc.amount_total) + 1000))
        self.assertEqual(wrong_total.status_code, 404)

    def test_one_client_cannot_lock_out_the_others(self):
        attacker = self.browser()
        token = self.lookup_token(attacker)
        for _try in range(limiter.SESSION_LIMIT):
            self.assertEqual(self.lookup(attacker, token, code=WRONG).status_code, 404)
        blocked = self.lookup(attacker, token, code=self.doc.lookup_code)
        self.assertEqual(blocked.status_code, 429)
        self.assertLessEqual(int(blocked.headers["Retry-After"]), limiter.WINDOW.seconds)
        self.assertNotIn(self.company.name, blocked.text)
        buyer = self.browser()  # another browser behind the same address
        self.assertEqual(self.lookup(buyer, code=self.doc.lookup_code).status_code, 200)

    def test_forged_forwarded_for_does_not_reset_the_limit(self):
        self.env["ir.config_parameter"].sudo().set_param(TRUSTED_PROXIES, "192.0.2.1")
        attacker = self.browser()
        token = self.lookup_token(attacker)
        with patch.dict(config.options, {"proxy_mode": True}):
            answers = [self.lookup(attacker, token, code=WRONG, headers={
                "X-Forwarded-For": f"198.51.100.{index}", "X-Forwarded-Host": "shop.example",
                "X-Forwarded-Proto": "https"}).status_code
                for index in range(limiter.SESSION_LIMIT + 2)]
        self.assertEqual(answers.count(429), 2, answers)

    def test_address_limit_ignores_forged_headers_of_an_untrusted_peer(self):
        """A client that drops its cookie each time still fills its address's bucket."""
        self.env["ir.config_parameter"].sudo().set_param(TRUSTED_PROXIES, "192.0.2.1")
        Attempt = self.env["l10n_vn_einvoice.lookup.attempt"]
        for index in range(limiter.ADDRESS_LIMIT - 2):
            self.assertEqual(Attempt._admit("127.0.0.1", f"other browser {index}"), 0)
        with patch.dict(config.options, {"proxy_mode": True}):
            answers = [self.lookup(self.browser(), code=WRONG, headers={
                "X-Forwarded-For": f"203.0.113.{index}", "X-Forwarded-Host": "x"}).status_code
                for index in range(4)]
        self.assertEqual(answers, [404, 404, 429, 429])

    def test_trusted_proxy_gives_each_client_its_own_address(self):
        self.env["ir.config_parameter"].sudo().set_param(TRUSTED_PROXIES, "127.0.0.1")
        Attempt = self.env["l10n_vn_einvoice.lookup.attempt"]
        for index in range(limiter.ADDRESS_LIMIT):
            Attempt._admit("198.51.100.7", f"browser {index}")
        with patch.dict(config.options, {"proxy_mode": True}):
            # what the client wrote itself (left) does not matter: the proxy appended
            # the address it saw (right)
            blocked = self.lookup(self.browser(), code=self.doc.lookup_code, headers={
                "X-Forwarded-For": "10.9.9.9, 198.51.100.7", "X-Forwarded-Host": "x"})
            other = self.lookup(self.browser(), code=self.doc.lookup_code, headers={
                "X-Forwarded-For": "198.51.100.7, 198.51.100.8", "X-Forwarded-Host": "x"})
        self.assertEqual((blocked.status_code, other.status_code), (429, 200))

    def test_input_length_is_bounded(self):
        huge = "A" * 1_000_000
        response = self.lookup(self.browser(), code=huge, mst=huge, amount=huge)
        self.assertEqual(response.status_code, 404)
        self.assertLess(len(response.content), 100_000)
        self.assertNotIn("A" * 50, response.text)

    def test_codes_are_case_insensitive(self):
        self.doc._l10n_vn_einvoice_set_outcome({"lookup_code": "aBc123xYz9"})
        client = self.browser()
        token = self.lookup_token(client)
        for typed in ("ABC123XYZ9", "abc123xyz9", " aBc123xYz9 "):
            self.assertEqual(self.lookup(client, token, code=typed).status_code, 200, typed)
        code = self.register_doc.tax_authority_code.lower()
        response = self.lookup(client, token, code=code, mst=self.company.vat,
                               amount=self.amount_of(self.register_doc))
        self.assertEqual(response.status_code, 200)

    def test_codes_never_travel_in_urls(self):
        for doc in (self.doc, self.register_doc):
            url = doc._l10n_vn_einvoice_lookup_url(code=True)
            self.assertNotIn("?", url, "a query string lands in access logs")
            base, fragment = url.split("#", 1)
            self.assertTrue(base.endswith("/einvoice/lookup"))
            self.assertIn("code=", fragment)
        # an old printed QR code (query string): the page opens, the server does not
        # look the code up nor repeat it
        code = self.doc.lookup_code
        page = self.browser().get(f"{self.base_url()}/einvoice/lookup?code={code}", timeout=10)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(code, page.text)
        self.assertNotIn(self.company.name, page.text)

    def test_result_page_shows_the_invoice_not_the_buyer(self):
        response = self.lookup(self.browser(), code=self.doc.lookup_code)
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response.headers["Content-Type"])
        text = response.text
        for expected in (self.company.name, self.amount_of(self.doc), "20/11/2026",
                         self.doc.symbol, "Đã chấp nhận", 'value="pdf"', 'value="xml"'):
            self.assertIn(expected, text)
        self.assertNotIn(self.doc.buyer_name, text)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
