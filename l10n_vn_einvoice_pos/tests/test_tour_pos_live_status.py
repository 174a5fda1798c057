"""The POS order form and the buyer's ticket page change state without a reload when the
worker runs (issue 26 §6; the core's tours: test_tour_live_status.py)."""

from odoo.addons.l10n_vn_einvoice.tests.test_tour_invoice import MODULE
from odoo.addons.l10n_vn_einvoice.tests.test_tour_live_status import WorkerOnCue
from odoo.tests import HttpCase, tagged

from .test_odoo_pos_buyer_request import BuyerRequestCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPosLiveStatus(WorkerOnCue, BuyerRequestCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms(
            [MODULE, "l10n_vn_einvoice_pos"], ["vi_VN"], overwrite=True)
        cls.env.user.write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})

    def setUp(self):
        super().setUp()
        self.cue_worker()
        self.pos_session = self.open_session(self.config_a)

    def test_pos_order_form_follows_its_einvoice(self):
        self.env.user.group_ids |= self.env.ref("point_of_sale.group_pos_user")
        order = self.sync(self.order_data(self.pos_session))
        self.assertEqual(order.l10n_vn_einvoice_state, "ready")
        self.env.cr.flush()
        self.start_tour(f"/odoo/pos-orders/{order.id}", "l10n_vn_einvoice_live_pos_order",
                        login=self.env.user.login, timeout=120)
        self.assert_worker_ran()
        self.assertEqual(order.l10n_vn_einvoice_state, "accepted")

    def test_ticket_page_follows_the_buyers_invoice(self):
        order = self.sale(self.pos_session)
        order._l10n_vn_einvoice_ticket_request({
            "tax_code": "0100109106", "name": "Công ty Cổ phần Khách Đặt Tiệc",
            "address": "1 Trần Hưng Đạo, Phường Cửa Nam, Hà Nội",
            "email": "ketoan@dattiec.example"}, "0" * 64)
        doc = order.l10n_vn_einvoice_live_document_id
        self.assertEqual((doc.buyer_tax_code, doc.state), ("0100109106", "ready"))
        self.env.cr.flush()
        self.start_tour(f"/pos/ticket/validate?access_token={order.access_token}",
                        "l10n_vn_einvoice_live_ticket", timeout=120)
        self.assert_worker_ran()
        self.assertEqual(doc.state, "accepted")
