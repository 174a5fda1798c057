"""Every user-facing string of the addon has a Vietnamese translation (issue 4 §7)."""

import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestVietnameseTranslations(TransactionCase):
    # each addon of the family has its own i18n/ (a bridge's test subclasses this one)
    MODULE = "l10n_vn_einvoice"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        i18n = f"{get_module_path(cls.MODULE)}/i18n"
        cls.vi = polib.pofile(f"{i18n}/vi.po")
        cls.pot = polib.pofile(f"{i18n}/{cls.MODULE}.pot")
        cls.translated = {entry.msgid: entry.msgstr for entry in cls.vi if entry.msgstr}

    def _missing(self, msgids):
        return sorted(msgid for msgid in msgids if msgid and msgid not in self.translated)

    def test_fresh_export_is_translated(self):
        """Strings added since the last export (code, views, data) fail here."""
        sources = {row[4] for row in TranslationModuleReader(self.env.cr,
                                                             modules=[self.MODULE])}
        self.assertTrue(sources)
        missing = self._missing(sources)
        self.assertEqual(missing, [], f"{len(missing)} strings without Vietnamese translation; "
                                      "re-export i18n and translate them")

    def test_every_place_is_translated(self):
        """Odoo applies a view's or a field's translation only where the .po names that
        place (``#: model_terms:ir.ui.view,arch_db:<view>``): a msgid translated for one
        place stays English in another (the bill's tab "Vietnamese e-invoice" did)."""
        places = {}
        for entry in self.vi:
            if entry.msgstr:
                for occurrence, _line in entry.occurrences:
                    places.setdefault(entry.msgid, set()).add(occurrence)
        missing = sorted(
            f"{kind}:{name}:{res_id} {source!r}"
            for _module, kind, name, res_id, source, _value, _comments
            in TranslationModuleReader(self.env.cr, modules=[self.MODULE])
            if source and kind != "code"
            and f"{kind}:{name}:{res_id}" not in places.get(source, ()))
        self.assertEqual(missing, [], "places without their Vietnamese translation in vi.po")

    def test_purchase_tab_is_vietnamese(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms(
            sorted({"l10n_vn_einvoice", self.MODULE}), ["vi_VN"], overwrite=True)
        arch = self.env["account.move"].with_context(lang="vi_VN").get_views(
            [(False, "form")])["views"]["form"]["arch"]
        self.assertIn('string="Hóa đơn điện tử Việt Nam"', arch)
        self.assertNotIn("Vietnamese e-invoice", arch)

    def test_template_is_translated(self):
        self.assertEqual(self._missing(entry.msgid for entry in self.pot), [])

    def test_translations_use_only_known_placeholders(self):
        """A placeholder absent from the source would raise when the message is shown."""
        wrong = [entry.msgid for entry in self.vi
                 if not set(PLACEHOLDER.findall(entry.msgstr))
                 <= set(PLACEHOLDER.findall(entry.msgid))]
        self.assertEqual(wrong, [])

    def test_messages_show_in_vietnamese(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms([self.MODULE], ["vi_VN"],
                                                        overwrite=True)
        Document = self.env["l10n_vn_einvoice.document"].with_context(lang="vi_VN")
        self.assertEqual(Document._fields["state"]._description_selection(Document.env)[3][1],
                         "Đã chấp nhận")
        self.assertEqual(Document.env._("This e-invoice has no XML yet.\nHóa đơn chưa có tệp XML."),
                         "Hóa đơn chưa có tệp XML.")
