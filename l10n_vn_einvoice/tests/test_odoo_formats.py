"""Numbers and dates where the addon renders them (issue 26 §7-8).

* Screens: dates with their year (Odoo 19 writes "8 thg 12" for a date of the current
  year unless the field asks for the numeric format), VND kept in float fields without
  ",00".
* The printed invoice: a unit price to the decimals that matter — Odoo's "Product Price"
  accuracy, trailing zeros dropped — and the same figure for the same price on an
  invoice and on its replacement, whatever their quantities (the XML's DGia of a price
  including VAT is the typed price less its VAT, not the line's amount over its
  quantity); "Chữ ký hợp lệ", not "Signature Valid".
"""

from lxml import etree

from odoo.tests import TransactionCase, tagged

from .common import VnEinvoiceCommon
from .sandbox_server import running_sandbox

MODULE = "l10n_vn_einvoice"
REPORT = "l10n_vn_einvoice.action_report_einvoice"


def _fields(env, node, model):
    """(view field node, model field) of ``node``'s tree, inside x2many sub-views too."""
    for child in node:
        if child.tag == "field":
            field = model._fields.get(child.get("name"))
            if field is not None:
                yield child, field
                if field.relational and len(child):
                    yield from _fields(env, child, env[field.comodel_name])
                    continue
        yield from _fields(env, child, model)


@tagged("post_install", "-at_install", "post_install_l10n")
class TestScreenFormats(TransactionCase):

    def _view_fields(self):
        views = self.env["ir.ui.view"].browse(self.env["ir.model.data"].search([
            ("module", "=", MODULE), ("model", "=", "ir.ui.view")]).mapped("res_id"))
        for view in views.filtered(lambda v: v.type not in ("qweb", "search")):
            for node, field in _fields(self.env, etree.fromstring(view.arch_db),
                                       self.env[view.model]):
                yield view, node, field

    def test_dates_are_printed_with_their_year(self):
        undated = sorted(
            f"{view.xml_id}: {field.name}" for view, node, field in self._view_fields()
            if field.type in ("date", "datetime")
            and "'numeric': True" not in (node.get("options") or ""))
        self.assertEqual(undated, [], "dates shown as '8 thg 12' (no year): add "
                                      "options=\"{'numeric': True}\"")

    def test_vnd_floats_show_whole_dong(self):
        shown = {(view.model, field.name): node.get("digits")
                 for view, node, field in self._view_fields()
                 if field.type == "float" and "(VND)" in (field.string or "")}
        self.assertTrue(shown)
        self.assertEqual({key: digits for key, digits in shown.items()
                          if digits != "[16, 0]"}, {}, "VND amounts shown with ',00'")


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPrintedInvoiceFormats(VnEinvoiceCommon):

    def setUp(self):
        super().setUp()
        sandbox = self.enterContext(running_sandbox())
        self.company.write({"l10n_vn_einvoice_provider_url": sandbox.url,
                            "account_price_include": "tax_included"})
        self.assertTrue(self.tax5.price_include and self.tax8.price_include)

    def _drain(self):
        self.env["l10n_vn_einvoice.outbox"]._process_due()

    def _invoice(self, quantity, price, tax):
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": quantity,
                                         "price_unit": price, "tax_ids": [(6, 0, tax.ids)]})]})
        move.action_post()
        self._drain()
        doc = move.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        return doc

    def _html(self, doc):
        return self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()

    def _prices(self, doc):
        return etree.fromstring(doc._l10n_vn_einvoice_xml()).xpath("//HHDVu/DGia/text()")

    def test_unit_price_is_the_same_on_the_invoice_and_its_replacement(self):
        # 185.000 including 5 %: 176190.476…; 2 units book 352.381, whose half is 176190.5
        original = self._invoice(2, 185000, self.tax5)
        self.assertEqual(self._prices(original), ["176190.47619"])
        wizard = self.env["l10n_vn_einvoice.correction.wizard"].with_context(
            active_ids=original.ids).create({
                "method": "replacement", "date": "2026-11-21", "cause_code": "13",
                "agreement_name": "Biên bản thỏa thuận 02/2026",
                "agreement_date": "2026-11-21"})
        new_move = self.env["account.move"].browse(wizard.action_prepare()["res_id"])
        new_move.invoice_line_ids.quantity = 1
        new_move.action_post()
        self._drain()
        replacement = new_move.l10n_vn_einvoice_document_id
        self.assertEqual(replacement.state, "accepted", replacement.provider_message)
        self.assertEqual(self._prices(replacement), ["176190.47619"])
        for doc in (original, replacement):
            html = self._html(doc)
            self.assertIn(">176.190,48<", html)
            self.assertNotIn("176.190,5", html)
        # the title and "(HÓA ĐƠN THAY THẾ)" keep to their column, apart from the symbol's
        self.assertIn("(HÓA ĐƠN THAY THẾ)", html)
        self.assertIn(".o_vn_head { table-layout: fixed; }", html)
        self.assertRegex(html, r'<td style="width: 26%;" class="o_vn_head_right">\s*'
                               r'<div>Mẫu số - Ký hiệu: <strong>1C26')

    def test_unit_price_to_the_decimals_that_matter(self):
        # 35.000 including 8 % on 3 units: 97.222 booked, 32407.333333 per unit before
        doc = self._invoice(3, 35000, self.tax8)
        html = self._html(doc)
        self.assertIn(">32.407,41<", html)
        self.assertNotIn("32.407,4074", html)
        self.assertIn(">97.222<", html, "amounts in whole đồng")
        self.assertNotIn("97.222,00", html)
        self.assertIn("Ngày 20 tháng 11 năm 2026", html)

    def test_signature_stamp_is_vietnamese(self):
        arch = self.env.ref("l10n_vn_einvoice.report_einvoice_document").arch_db
        self.assertIn("Chữ ký hợp lệ", arch)
        self.assertNotIn("Signature Valid", arch)
