"""The ticket's invoice-request page over real HTTP, as the buyer and as an attacker.

The buyer: the receipt's QR opens the page with the ticket's access token; a valid tax
code ends with the replacement in their name, queued, then accepted and downloadable; a
second request for the same ticket finds the first.  The attacker: another ticket's token
acts only on that ticket, unknown tokens and Odoo's search by ticket number count against
the lookup page's per-client limit, input is bounded, and the CSRF token is required.
"""

import re
import uuid

from odoo.addons.l10n_vn_einvoice.models.einvoice_lookup_attempt import SESSION_LIMIT as LIMIT
from odoo.addons.l10n_vn_einvoice.models.einvoice_lookup_attempt import WINDOW
from odoo.tests import HttpCase, tagged

from .test_odoo_pos_buyer_request import BuyerRequestCommon

VALIDATE = "/pos/ticket/validate"
BUYER = {"tax_code": "0100109106", "name": "Công ty Cổ phần Khách Đặt Tiệc",
         "address": "1 Trần Hưng Đạo, Phường Cửa Nam, Hà Nội", "email": "ketoan@dattiec.example",
         "agree": "1"}


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTicketPage(BuyerRequestCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.pos_session = self.open_session(self.config_a)
        self.order = self.sale(self.pos_session)
        self.original = self.order.l10n_vn_einvoice_document_id

    def page(self, order=None, **params):
        token = (order or self.order).access_token
        return self.url_open(f"{VALIDATE}?access_token={token}", allow_redirects=False,
                             **params)

    def csrf(self):
        """The session's CSRF token, from Odoo's ticket search form (always a form)."""
        page = self.url_open("/pos/ticket")
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def post(self, order=None, **data):
        token = (order or self.order).access_token
        return self.url_open(VALIDATE, data={"csrf_token": self.csrf(), "access_token": token,
                                             **data}, allow_redirects=False)

    def requests(self):
        return self.env["l10n_vn_einvoice.buyer_request"].search([])

    # ------------------------------------------------------------------ the buyer
    def test_request_status_and_files(self):
        page = self.page()
        self.assertEqual(page.status_code, 200)
        self.assertIn("l10n-vn-ticket-form", page.text)
        self.assertIn(self.original.tax_authority_code, page.text)
        wrong = self.post(**{**BUYER, "tax_code": "0100109107"})
        self.assertEqual(wrong.status_code, 400)
        self.assertIn("Mã số thuế không hợp lệ", wrong.text)
        self.assertIn("Invalid tax code", wrong.text)
        self.assertFalse(self.requests())
        done = self.post(**BUYER)
        self.assertEqual(done.status_code, 303, re.sub(r"\s+", " ", done.text)[-3000:])
        self.assertTrue(done.headers["Location"].endswith(
            f"{VALIDATE}?access_token={self.order.access_token}"))
        self.env.invalidate_all()
        request = self.requests()
        doc = request.document_id
        self.assertEqual((request.channel, doc.corrected_document_id, doc.buyer_tax_code,
                          doc.buyer_name, doc.buyer_email, self.original.state),
                         ("ticket", self.original, "0100109106", BUYER["name"],
                          BUYER["email"], "replaced"))
        self.assertIn(BUYER["address"], doc.buyer_address)
        self.assertEqual(self.order.account_move.partner_id.vat, "0100109106")
        status = self.page()
        self.assertIn(doc.name, status.text)
        self.assertIn("Being sent to the tax authority", status.text)
        self.assertNotIn("l10n-vn-ticket-form", status.text)
        self.assertEqual(self.url_open(
            f"/pos/ticket/einvoice?access_token={self.order.access_token}").status_code, 404,
            "no file before the tax authority accepts it")
        again = self.post(**{**BUYER, "tax_code": "0301234562"})
        self.assertEqual(again.status_code, 400)
        self.assertIn("already issued", again.text)
        self.transmit()
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertEqual(len(self.requests()), 1)
        self.assertEqual(self.env["l10n_vn_einvoice.document"].search_count(
            [("pos_order_id", "=", self.order.id)]), 2, "one replacement, whatever was asked")
        accepted = self.page()
        self.assertIn("Accepted by the tax authority", accepted.text)
        pdf = self.url_open(f"/pos/ticket/einvoice?access_token={self.order.access_token}"
                            "&file_format=pdf")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertEqual(pdf.content, doc.pdf_attachment_id.raw)
        xml = self.url_open(f"/pos/ticket/einvoice?access_token={self.order.access_token}"
                            "&file_format=xml")
        self.assertIn(b"0100109106", xml.content)
        self.assertTrue(doc.email_pending or doc.email_queued_at, "e-mailed once accepted")

    def test_not_yet_transmitted_says_so(self):
        fresh = self.sync(self.order_data(self.pos_session))
        page = self.page(fresh)
        self.assertIn('data-situation="not_transmitted"', page.text)
        refused = self.post(fresh, **BUYER)
        self.assertEqual(refused.status_code, 400)
        self.assertIn("has not reached the tax authority yet", refused.text)
        self.assertFalse(self.requests())

    def test_ticket_of_a_register_without_e_invoices_keeps_odoos_page(self):
        self.config_b.l10n_vn_einvoice_enabled = False
        other = self.sync(self.order_data(self.open_session(self.config_b)))
        page = self.page(other)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Invoicing confirmation", page.text)
        self.assertNotIn("l10n-vn-ticket", page.text)

    # ------------------------------------------------------------------ the attacker
    def test_another_tickets_token_reaches_only_that_ticket(self):
        victim = self.sale(self.pos_session)
        done = self.post(**BUYER, order_uuid=victim.uuid, pos_order_id=str(victim.id),
                         id=str(victim.id))
        self.assertEqual(done.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.requests().pos_order_id, self.order)
        self.assertEqual(victim.l10n_vn_einvoice_document_id.state, "accepted")
        self.assertFalse(victim.account_move)
        self.assertNotIn(victim.pos_reference, self.page().text)

    def test_unknown_tokens_are_counted_then_refused(self):
        for token in [str(uuid.uuid4()) for _n in range(LIMIT - 2)] + ["x" * 5000, "%"]:
            answer = self.url_open(f"{VALIDATE}?access_token={token}", allow_redirects=False)
            self.assertEqual(answer.status_code, 404, token[:40])
        blocked = self.post(**BUYER)
        self.assertEqual(blocked.status_code, 429)
        self.assertTrue(0 < int(blocked.headers["Retry-After"]) <= WINDOW.total_seconds(),
                        "Retry-After is what is left of the client's window")
        self.assertFalse(self.requests(), "nothing is done for a client over its limit")
        self.assertEqual(self.page().status_code, 200, "the ticket holder still sees it")

    def test_walking_ticket_numbers_is_counted_then_refused(self):
        search = self.url_open("/pos/ticket")
        token = re.search(r'name="csrf_token" value="([^"]+)"', search.text).group(1)
        answers = []
        for attempt in range(LIMIT + 1):
            answers.append(self.url_open("/pos/ticket", data={
                "csrf_token": token, "pos_reference": self.order.pos_reference,
                "date_order": self.order.date_order.strftime("%Y-%m-%d"),
                "ticket_code": f"{attempt:05d}"}, allow_redirects=False))
        self.assertEqual({a.status_code for a in answers[:LIMIT]}, {200})
        self.assertTrue(all("No sale order found" in a.text for a in answers[:LIMIT]))
        self.assertEqual(answers[LIMIT].status_code, 429)
        self.assertNotIn(self.order.access_token, "".join(a.text for a in answers))

    def test_input_is_bounded_and_checked(self):
        cases = [
            ({"name": "A" * 401}, "name", "Tối đa 400 ký tự"),
            ({"address": "12 Lê Lợi\x00"}, "address", "không có ký tự điều khiển"),
            ({"email": "a" * 45 + "@x.example"}, "email", "Tối đa 50 ký tự"),
            ({"email": "not-an-address"}, "email", "không hợp lệ"),
            ({"tax_code": "9" * 2_000_000}, "tax_code", "Tối đa 20 ký tự"),
            ({"agree": ""}, "agree", "Vui lòng xác nhận"),
        ]
        for change, field, words in cases:
            answer = self.post(**{**BUYER, **change})
            self.assertEqual(answer.status_code, 400, field)
            self.assertIn(f"l10n-vn-ticket-error-{field}", answer.text)
            self.assertIn(words, answer.text, field)
            self.assertLess(len(answer.text), 50_000, "the input is not echoed back whole")
        bad_date = self.url_open("/pos/ticket", data={
            "csrf_token": self.csrf(), "pos_reference": self.order.pos_reference,
            "date_order": "2026-13-45", "ticket_code": "ABCDE"}, allow_redirects=False)
        self.assertEqual(bad_date.status_code, 400, "refused, not a server error")
        self.assertFalse(self.requests())

    def test_post_without_csrf_token_is_refused(self):
        self.page()
        answer = self.url_open(VALIDATE, data={"access_token": self.order.access_token,
                                               **BUYER}, allow_redirects=False)
        self.assertNotIn(answer.status_code, (200, 303))
        self.assertFalse(self.requests())
