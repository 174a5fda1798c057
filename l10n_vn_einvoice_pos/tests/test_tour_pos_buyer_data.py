"""Issue 26 §4 in headless Chromium: a POS order synced with the buyer's tax code and no
name or address (an offline register) is completed on its form by a Vietnamese user, who
then issues its e-invoice."""

import datetime

from odoo.addons.l10n_vn_einvoice.standard.xmldsig import VN_TZ
from odoo.tests import HttpCase, tagged

from .pos_common import VnPosCommon
from .test_odoo_pos_buyer_data import UNKNOWN_MST

MODULE = "l10n_vn_einvoice"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourPosHeldBuyer(VnPosCommon, HttpCase):

    def test_order_form_completes_the_buyer_and_issues(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms(
            [MODULE, "l10n_vn_einvoice_pos"], ["vi_VN"], overwrite=True)
        self.env.user.write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
        session = self.open_session(self.config_a)
        year = datetime.datetime.now(VN_TZ).year
        code = self.codes_of(self.config_a.l10n_vn_einvoice_reserve_block(year))[0]
        order = self.sync(self.order_data(session, code=code,
                                          l10n_vn_einvoice_buyer_tax_code=UNKNOWN_MST))
        self.assertTrue(order.l10n_vn_einvoice_buyer_missing)
        self.start_tour(f"/odoo/pos-orders/{order.id}", "l10n_vn_einvoice_pos_held_buyer",
                        login=self.env.user.login, timeout=120)
        doc = order.l10n_vn_einvoice_document_id
        self.assertEqual((doc.buyer_name, doc.buyer_tax_code, doc.buyer_address,
                          doc.tax_authority_code),
                         ("Công ty Viễn Thông", UNKNOWN_MST, "1 Trần Hữu Dực, Hà Nội", code))
        self.assertFalse(order.l10n_vn_einvoice_buyer_missing)
