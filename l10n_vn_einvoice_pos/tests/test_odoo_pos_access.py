"""Every POS user is a cashier of e-invoices, and no more."""

from odoo.addons.l10n_vn_einvoice.tests.common import VnEinvoiceCommon
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosUserRights(VnEinvoiceCommon):

    def test_pos_user_is_cashier(self):
        cashier = new_test_user(self.env, "vn_cashier", groups="point_of_sale.group_pos_user",
                                company_id=self.company.id)
        self.assertTrue(cashier.has_group("l10n_vn_einvoice.group_cashier"))
        self.assertFalse(cashier.has_group("l10n_vn_einvoice.group_user"))
