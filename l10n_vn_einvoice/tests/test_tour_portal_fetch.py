"""Fetching a sales reconciliation from the tax portal in headless Chromium (issue 24 items 3
and 4): the sandbox plays the portal, whose sold list holds two of our accepted e-invoices
and a sale that is not ours, while a third of our e-invoices is missing there.  The
accountant opens the fetch from the reconciliation, sees the portal's captcha, types the
password and the characters (the sandbox was told which ones it draws next), fetches, and
reads the groups.  The test then checks on the server what the fetch produced, and that
the typed password is in no table."""

import json

from odoo.tests import HttpCase, tagged

from ..models.einvoice_document import as_server
from .portal_fetch_common import PortalFetchCommon, tables_holding
from .portal_reconciliation_common import real
from .reliability_docs import ON_DATE, queued_document
from .tour_browser import TourScreenshots, vietnam_clock

MODULE = "l10n_vn_einvoice"
CAPTCHA_TEXT = "K7mPq2"  # what the sandbox draws next; the tour types it
TOUR_PASSWORD = "Mk-tour-9sQ!"  # typed by the tour (static/tests/tours/…portal_fetch…js)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPortalFetch(PortalFetchCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["vi_VN"], overwrite=True)
        cls.accountant.write({"name": "Kế toán Lê Tiêu", "lang": "vi_VN",
                              "tz": "Asia/Ho_Chi_Minh"})
        cls.portal.add_account(cls.company.vat, TOUR_PASSWORD)

    def setUp(self):
        super().setUp()
        self.shots = TourScreenshots()
        self.shots.patch_browser(self)
        vietnam_clock(self)

    def publish_sales(self, docs):
        """The portal's sold list: docs 0 and 1, and a sale of ours by number but not ours."""
        template = json.loads(real("portal_api_responses_2026-04_kieutrang.json"))[
            "sold_list"]["datas"][0]

        def record(doc, number=None):
            return dict(template, nbmst=self.company.vat, khmshdon=1, khhdon=doc.symbol,
                        shdon=number or doc.number, tdlap=f"{doc.issue_date}T00:00:00+07:00",
                        tgtcthue=int(doc.amount_untaxed), tgtthue=int(doc.amount_tax),
                        tgtttbso=int(doc.amount_total), thttltsuat=[], mhdon=None)
        self.portal.publish(self.company.vat, "query", "sold",
                            [record(docs[0]), record(docs[1]), record(docs[0], number=99999)])

    def test_fetch_a_sales_reconciliation_from_the_portal(self):
        docs = [queued_document(self.env, self.company, "coded") for _i in range(3)]
        for doc in docs:
            as_server(doc).write({"state": "accepted"})
        self.publish_sales(docs)
        self.portal.captcha_texts.append(CAPTCHA_TEXT)
        rec = self.reconciliation({}, kind="sale", period=(ON_DATE.replace(day=1), ON_DATE))
        self.start_tour(f"/odoo/action-{MODULE}.action_portal_reconciliation/{rec.id}",
                        "l10n_vn_einvoice_portal_fetch", login=self.accountant.login,
                        timeout=180)
        rec.invalidate_recordset()
        groups = self.groups(rec)
        self.assertEqual(sorted(groups["matched"]), sorted((d.symbol, d.number)
                                                           for d in docs[:2]))
        self.assertEqual(groups["portal_only"], [(docs[0].symbol, 99999)])  # not ours
        self.assertEqual(groups["books_only"], [(docs[2].symbol, docs[2].number)])
        self.assertEqual(rec.computed_by_id, self.accountant)
        self.assertEqual(self.portal.logins, 1)
        self.assertEqual(tables_holding(self.env, TOUR_PASSWORD), [])
        self.shots.assert_taken(self, "portal_fetch_captcha", "portal_fetch_sales")
