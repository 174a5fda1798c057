"""Every user-facing string of the bridge has a Vietnamese translation (as the core's)."""

import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

MODULE = "l10n_vn_einvoice_stock"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestStockVietnameseTranslations(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        i18n = f"{get_module_path(MODULE)}/i18n"
        cls.vi = polib.pofile(f"{i18n}/vi.po")
        cls.pot = polib.pofile(f"{i18n}/{MODULE}.pot")
        cls.translated = {entry.msgid: entry.msgstr for entry in cls.vi if entry.msgstr}

    def _missing(self, msgids):
        return sorted(msgid for msgid in msgids if msgid and msgid not in self.translated)

    def test_fresh_export_is_translated(self):
        sources = {row[4] for row in TranslationModuleReader(self.env.cr, modules=[MODULE])}
        self.assertTrue(sources)
        self.assertEqual(self._missing(sources), [])

    def test_template_is_translated(self):
        self.assertEqual(self._missing(entry.msgid for entry in self.pot), [])

    def test_translations_use_only_known_placeholders(self):
        wrong = [entry.msgid for entry in self.vi
                 if not set(PLACEHOLDER.findall(entry.msgstr))
                 <= set(PLACEHOLDER.findall(entry.msgid))]
        self.assertEqual(wrong, [])

    def test_messages_show_in_vietnamese(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["vi_VN"], overwrite=True)
        Picking = self.env["stock.picking"].with_context(lang="vi_VN")
        field = Picking._fields["l10n_vn_einvoice_transport_means"]
        self.assertEqual(field.get_description(Picking.env)["string"], "Phương tiện vận chuyển")
