"""The printed delivery note (the core's e-invoice report in the note's layout) and the
public lookup page finding a note by its tax-authority code."""

import re

from odoo.addons.l10n_vn_einvoice.report.einvoice_report import qr_data_uri
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import AGENT_MST, VnStockCommon

REPORT = "l10n_vn_einvoice.action_report_einvoice"
LOOKUP = "/einvoice/lookup"


class TestStockNotePrint(VnStockCommon):

    def html(self, doc):
        return self.env["ir.actions.report"]._render_qweb_html(REPORT, doc.ids)[0].decode()

    def test_internal_note_prints_the_vietnamese_form(self):
        picking = self.internal(l10n_vn_einvoice_dispatch_date="2026-03-02",
                                l10n_vn_einvoice_transport_contract="HĐVC-07/2026",
                                l10n_vn_einvoice_receiver_person="Lê Thị Nhập")
        doc = self.accepted(picking)
        html = self.html(doc)
        for text in ("PHIẾU XUẤT KHO KIÊM VẬN CHUYỂN NỘI BỘ",
                     "Căn cứ lệnh điều động số: <strong>LĐ-2026/118</strong>",
                     "ngày 02 tháng 03 năm 2026", "của Giám đốc",
                     "về việc Bổ sung hàng cho kho Đà Nẵng",
                     "Họ tên người vận chuyển:", "Nguyễn Văn Tài",
                     "Hợp đồng số:", "HĐVC-07/2026",
                     "Phương tiện vận chuyển:", "Xe tải 43C-123.45",
                     "Xuất tại kho:", "<strong>Kho Hà Nội</strong>", "1 Phạm Hùng",
                     "Nhập tại kho:", "<strong>Kho Đà Nẵng</strong>", "Lô 5 KCN Hòa Khánh",
                     "Thực xuất", "Thực nhập", "Xi măng PCB40", "XM40",
                     "85.000", "850.000", "Tám trăm năm mươi nghìn đồng",
                     "Người lập", "Thủ kho xuất", "Người vận chuyển", "Thủ kho nhập",
                     "Trần Văn Xuất", "Lê Thị Nhập",
                     f"Mẫu số - Ký hiệu: <strong>6{doc.symbol}</strong>",
                     f"Mã của cơ quan thuế: <strong>{doc.tax_authority_code}</strong>",
                     "/einvoice/lookup"):
            self.assertIn(text, html)
        for absent in ("PHIẾU XUẤT KHO HÀNG GỬI BÁN ĐẠI LÝ", "Thuế suất", "thuế GTGT",
                       "không có giá trị pháp lý"):
            self.assertNotIn(absent, html)
        # the unit in Vietnamese, in the line's row
        row = re.search(r"<td>\[XM40\] Xi măng PCB40</td>(.*?)</tr>", html, re.S).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        self.assertEqual([c.strip() for c in cells],
                         ["XM40", self.cement.uom_id._l10n_vn_einvoice_unit(), "10", "",
                          "85.000", "850.000"])
        # the QR leads to the lookup page with the note's lookup code (the core's helper)
        target = doc._l10n_vn_einvoice_lookup_url(code=True)
        self.assertTrue(doc.lookup_code)
        self.assertTrue(target.endswith(f"/einvoice/lookup#code={doc.lookup_code}"), target)
        self.assertIn(f"Mã tra cứu: <strong>{doc.lookup_code}</strong>", html)
        self.assertIn(f'src="{qr_data_uri(target)}"', html)

    def test_agent_note_prints_its_title_and_contract(self):
        doc = self.accepted(self.agent_transfer())
        html = self.html(doc)
        for text in ("PHIẾU XUẤT KHO HÀNG GỬI BÁN ĐẠI LÝ",
                     "Căn cứ hợp đồng kinh tế số: <strong>HĐĐL-09/2026</strong>",
                     "ngày 05 tháng 01 năm 2026", "Công ty TNHH Đại lý Minh An",
                     f"MST: {AGENT_MST}", "12 Lê Lợi", "120.000", "1.200.000"):
            self.assertIn(text, html)
        self.assertNotIn("Căn cứ lệnh điều động", html)
        self.assertNotIn("KIÊM VẬN CHUYỂN NỘI BỘ", html)

    def test_a_note_not_yet_accepted_says_so_and_a_draft_prints_nothing(self):
        doc = self.validate(self.internal()).l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "ready")
        self.assertIn("không có giá trị pháp lý", self.html(doc))
        # a note that was never issued (no XML): refused, saying why
        draft = self.env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create({
            "company_id": self.company.id, "form": "6", "symbol": doc.symbol,
            "issue_date": doc.issue_date, "provider": "sandbox",
            "currency_id": self.env.ref("base.VND").id})
        with self.assertRaisesRegex(UserError, "not issued yet.*\n.*chưa được lập"):
            self.html(draft)

    def test_the_transfer_prints_its_note(self):
        picking = self.internal()
        with self.assertRaisesRegex(UserError, "no delivery note to print"):
            picking.action_l10n_vn_einvoice_print_note()
        doc = self.accepted(picking)
        action = picking.action_l10n_vn_einvoice_print_note()
        # accepted: the frozen PDF, the same file the lookup page serves
        self.assertEqual(action["url"], f"/web/content/{doc.pdf_attachment_id.id}?download=true")
        self.assertIn("PHIẾU XUẤT KHO KIÊM VẬN CHUYỂN NỘI BỘ",
                      doc.pdf_attachment_id.raw.decode())


@tagged("post_install", "-at_install", "post_install_l10n")
class TestStockNoteLookup(VnStockCommon, HttpCase):

    def test_the_lookup_page_finds_a_note_and_names_its_kind(self):
        picking = self.validate(self.internal())
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        doc = picking.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        page = self.url_open(LOOKUP)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        found = self.url_open(LOOKUP, data={
            "csrf_token": token, "code": doc.tax_authority_code, "mst": self.company.vat,
            "amount": "850.000"}, allow_redirects=False)
        self.assertEqual(found.status_code, 200)
        self.assertIn("o_lookup_result", found.text)
        self.assertIn("Phiếu xuất kho kiêm vận chuyển nội bộ / Delivery note for internal "
                      "transport", found.text)
        self.assertIn(f"6{doc.symbol}", found.text)
        pdf = self.url_open(LOOKUP, data={
            "csrf_token": token, "code": doc.tax_authority_code, "mst": self.company.vat,
            "amount": "850000", "file_format": "pdf"}, allow_redirects=False)
        self.assertEqual(pdf.content, doc.pdf_attachment_id.raw)
        self.assertIn("KIÊM VẬN CHUYỂN NỘI BỘ", pdf.content.decode())
