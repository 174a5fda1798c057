"""The reconciliation with the tax portal in headless Chromium, as a Vietnamese accountant
works (issue 24 item 4, purchases): the real purchase list page of September 2025 and the
real VNPT detail are the uploaded files, the VNPT invoice is a bill made by the import;
the tour runs the reconciliation, reads the groups and the input VAT, and books a missing
invoice with one click.  The test then checks on the server what the clicks produced."""

from odoo.tests import HttpCase, tagged

from .portal_reconciliation_common import (
    DETAIL_VNPT,
    LIST,
    MODEL,
    PortalReconciliationCommon,
    real,
)
from .tour_browser import TourScreenshots, vietnam_clock

MODULE = "l10n_vn_einvoice"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPortalReconciliation(PortalReconciliationCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["vi_VN"], overwrite=True)
        cls.accountant.write({"name": "Kế toán Lê Tiêu", "lang": "vi_VN",
                              "tz": "Asia/Ho_Chi_Minh"})

    def setUp(self):
        super().setUp()
        self.shots = TourScreenshots()
        self.shots.patch_browser(self)
        vietnam_clock(self)

    def test_purchase_reconciliation_and_a_missing_bill(self):
        vnpt = self.import_detail(DETAIL_VNPT)
        vnpt.action_post()
        rec = self.reconciliation({LIST: real(LIST), DETAIL_VNPT: real(DETAIL_VNPT)})
        self.start_tour(f"/odoo/action-{MODULE}.action_portal_reconciliation/{rec.id}",
                        "l10n_vn_einvoice_portal_reconciliation",
                        login=self.accountant.login, timeout=180)
        rec.invalidate_recordset()
        bill = self.bills().filtered(lambda b: b.ref == "1K25TEK-5343")
        self.assertEqual((bill.state, bill.amount_total, bill.create_uid),
                         ("draft", 270000, self.accountant))
        self.assertEqual(rec.line_ids.filtered(lambda ln: ln.number == 5343).move_id, bill)
        self.assertEqual((rec.count_matched, rec.count_portal_only), (2, 5))
        self.assertEqual(rec.computed_by_id, self.accountant)
        self.assertEqual(self.env[MODEL].search_count([]), 1)
        self.shots.assert_taken(self, "portal_reconciliation", "portal_reconciliation_bill")
