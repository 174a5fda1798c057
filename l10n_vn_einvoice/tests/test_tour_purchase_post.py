"""In Chromium, in Vietnamese: Confirm on a bill whose supplier e-invoice failed its
checks asks first, and confirming anyway with a reason posts it (the tour); then the
server side of what the tour did."""

from odoo.tests import HttpCase, tagged

from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPurchasePost(PurchaseImportCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms(["l10n_vn_einvoice"], ["vi_VN"],
                                                       overwrite=True)
        cls.env.user.write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})

    def test_confirm_asks_then_confirm_anyway(self):
        invoice = pf.for_company(fx.vat_invoice(), buyer_tax_code="0101248141")
        bill = self.bill_of(self.upload({"other.xml": pf.signed(invoice)}))
        self.start_tour(f"/odoo/action-account.action_move_in_invoice_type/{bill.id}",
                        "l10n_vn_einvoice_purchase_post", login=self.env.user.login,
                        timeout=120)
        self.assertEqual(bill.state, "posted")
        note = bill.message_ids.filtered(lambda m: "Lý do:" in (m.body or ""))
        self.assertEqual(note.author_id, self.env.user.partner_id)
        self.assertIn("Người bán xác nhận số liệu qua e-mail ngày 20/11/2026", note.body)
