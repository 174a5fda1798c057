"""Every user-facing string of the POS bridge has a Vietnamese translation (issue 4 §7),
checked by the core's test over this addon's own i18n/."""

from odoo.addons.l10n_vn_einvoice.tests import test_odoo_i18n as core_i18n
from odoo.tests import tagged


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosVietnameseTranslations(core_i18n.TestVietnameseTranslations):
    MODULE = "l10n_vn_einvoice_pos"

    def test_messages_show_in_vietnamese(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms([self.MODULE], ["vi_VN"],
                                                        overwrite=True)
        Document = self.env["l10n_vn_einvoice.document"].with_context(lang="vi_VN")
        self.assertEqual(Document._fields["pos_order_id"]._description_string(Document.env),
                         "Đơn hàng POS")
