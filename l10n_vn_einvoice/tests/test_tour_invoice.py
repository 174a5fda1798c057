"""Customer invoices and their e-invoices in headless Chromium, as a Vietnamese accountant
works: the tour creates, edits, saves and posts an invoice from the form and opens its
e-invoice; the test then checks on the server what the clicks produced.  Any client
error (an "Oops!" dialog, an unevaluable view expression) fails the tour."""

from odoo.tests import HttpCase, tagged

from .common import VnEinvoiceCommon
from .tour_screenshots import TourScreenshots

MODULE = "l10n_vn_einvoice"


class VnTourCommon(VnEinvoiceCommon, HttpCase):
    """A Vietnamese accountant (language vi_VN, Vietnam time) and products at 8 %, 10 %
    and KCT, prepared once for every tour of the class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["vi_VN"], overwrite=True)
        cls.env.user.write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
        Product = cls.env["product.product"]
        cls.bread = Product.create({"name": "Bánh mì", "list_price": 20000,
                                    "taxes_id": [(6, 0, cls.tax8.ids)]})
        cls.service = Product.create({"name": "Lắp đặt", "list_price": 500000,
                                      "type": "service", "taxes_id": [(6, 0, cls.tax10.ids)]})
        cls.book = Product.create({"name": "Sách giáo khoa", "list_price": 22000,
                                   "taxes_id": [(6, 0, cls.tax_kct.ids)]})

    def setUp(self):
        super().setUp()
        self.shots = TourScreenshots()
        self.shots.patch_browser(self)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourInvoice(VnTourCommon):

    def test_invoice_form_to_einvoice(self):
        self.start_tour("/odoo/action-account.action_move_out_invoice_type/new",
                        "l10n_vn_einvoice_invoice_form",
                        login=self.env.user.login, timeout=120)
        move = self.env["account.move"].search(
            [("partner_id", "=", self.partner_a.id), ("move_type", "=", "out_invoice")],
            order="id desc", limit=1)
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.invoice_line_ids.mapped("quantity"), [2.0, 1.0, 1.0])
        doc = move.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "ready")
        self.assertEqual(doc.amount_untaxed, 2 * 20000 + 500000 + 22000)
        self.assertEqual(doc.amount_tax, 2 * 1600 + 50000)
        self.shots.assert_taken(self, "invoice_form")
