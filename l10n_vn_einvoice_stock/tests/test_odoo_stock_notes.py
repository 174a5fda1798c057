"""Validating a transfer that takes goods out of a warehouse issues its delivery note
(form 6) in the same transaction; the sandbox accepts it through the outbox."""

from lxml import etree

from odoo.addons.l10n_vn_einvoice.standard import validate, xml_parse
from odoo.exceptions import UserError

from .common import AGENT_MST, VnStockCommon


class TestStockNotes(VnStockCommon):

    def note_xml(self, picking):
        doc = picking.l10n_vn_einvoice_document_id
        xml = doc._l10n_vn_einvoice_xml()
        return doc, xml, etree.fromstring(xml)

    def test_internal_transfer_issues_an_internal_transport_note(self):
        picking = self.validate(self.internal())
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.l10n_vn_einvoice_note_kind, "internal")
        doc, xml, root = self.note_xml(picking)
        self.assertEqual(doc.form, "6")
        self.assertEqual(doc.symbol, self.company._l10n_vn_einvoice_note_symbol(
            "N", doc.issue_date))
        self.assertEqual((doc.number, doc.state, doc.kind), (1, "ready", "coded"))
        self.assertEqual(doc.l10n_vn_einvoice_picking_id, picking)
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        seller = root.find("DLHDon/NDHDon/NBan")
        self.assertEqual(seller.findtext("LDDNBo"), "LĐ-2026/118")
        self.assertEqual(seller.findtext("PTVChuyen"), "Xe tải 43C-123.45")
        self.assertIn("1 Phạm Hùng", seller.findtext("DChi"))
        self.assertIn("Hòa Khánh", root.findtext("DLHDon/NDHDon/NMua/DChi"))
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/MST"), self.company.vat)
        # the cost price, no VAT anywhere
        self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/DGia"), "85000")
        self.assertEqual(root.findtext("DLHDon/NDHDon/TToan/TgTTTBSo"), "850000")
        self.assertFalse(root.xpath("//TSuat|//TgTThue|//HTTToan"))
        self.assertEqual((doc.amount_total, doc.amount_tax), (850000, 0))
        note = xml_parse.parse_invoice(xml).delivery
        self.assertEqual((note.from_warehouse, note.to_warehouse), ("Kho Hà Nội", "Kho Đà Nẵng"))
        self.assertEqual(doc.outbox_ids.state, "pending")

    def test_sandbox_accepts_the_note(self):
        picking = self.validate(self.internal())
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        doc = picking.l10n_vn_einvoice_document_id
        self.assertEqual(doc.state, "accepted", doc.provider_message)
        self.assertEqual(len(doc.tax_authority_code), 34)
        self.assertEqual(picking.l10n_vn_einvoice_state, "accepted")
        self.assertEqual(picking.l10n_vn_einvoice_tax_authority_code, doc.tax_authority_code)

    def test_agent_consignment_issues_an_agent_note_at_sales_price(self):
        picking = self.validate(self.agent_transfer())
        self.assertEqual(picking.l10n_vn_einvoice_note_kind, "agent")
        doc, xml, root = self.note_xml(picking)
        self.assertEqual(doc.symbol[3], "B")
        self.assertEqual(validate.validate_invoice_xml(xml), [])
        seller = root.find("DLHDon/NDHDon/NBan")
        self.assertEqual((seller.findtext("HDKTSo"), seller.findtext("HDKTNgay")),
                         ("HĐĐL-09/2026", "2026-01-05"))
        self.assertIsNone(seller.find("LDDNBo"))
        self.assertEqual(root.findtext("DLHDon/NDHDon/NMua/MST"), AGENT_MST)
        self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/DGia"), "120000")
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(doc.state, "accepted", doc.provider_message)

    def test_the_line_price_can_be_changed_before_validation(self):
        picking = self.internal()
        picking.move_ids.l10n_vn_einvoice_price_unit = 90000
        _doc, _xml, root = self.note_xml(self.validate(picking))
        self.assertEqual(root.findtext("DLHDon/NDHDon/DSHHDVu/HHDVu/ThTien"), "900000")

    def test_numbers_follow_each_other(self):
        first = self.validate(self.internal()).l10n_vn_einvoice_document_id
        second = self.validate(self.internal()).l10n_vn_einvoice_document_id
        self.assertEqual((first.number, second.number), (1, 2))
        self.assertEqual(first.symbol, second.symbol)

    def test_missing_means_of_transport_stops_validation(self):
        picking = self.internal(l10n_vn_einvoice_transport_means=False)
        with self.assertRaises(UserError) as caught:
            self.validate(picking)
        message = str(caught.exception)
        self.assertIn(picking.name, message)
        self.assertIn("Means of transport", message)
        self.assertIn("Phiếu chuyển kho", message)
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(self.env["l10n_vn_einvoice.document"].search(
            [("l10n_vn_einvoice_picking_id", "=", picking.id)]))
        # nothing half-written: the number was not taken
        picking.l10n_vn_einvoice_transport_means = "Xe tải 43C-123.45"
        self.assertEqual(self.validate(picking).l10n_vn_einvoice_document_id.number, 1)

    def test_missing_dispatch_order_and_agent_contract(self):
        with self.assertRaisesRegex(UserError, "Dispatch order no."):
            self.validate(self.internal(l10n_vn_einvoice_dispatch_order=False))
        with self.assertRaisesRegex(UserError, "Agent contract no."):
            self.validate(self.agent_transfer(l10n_vn_einvoice_contract_number=False))

    def test_which_transfers_make_a_note(self):
        customers = self.env.ref("stock.stock_location_customers")
        suppliers = self.env.ref("stock.stock_location_suppliers")
        shelf = self.env["stock.location"].create({
            "name": "Kệ A", "location_id": self.wh_hn.lot_stock_id.id, "usage": "internal"})
        transit = self.env["stock.location"].create({
            "name": "Đang vận chuyển", "usage": "transit", "company_id": self.company.id})
        receipt = self.transfer(source=suppliers, dest=self.wh_hn.lot_stock_id,
                                picking_type=self.wh_hn.in_type_id)
        delivery = self.transfer(dest=customers, picking_type=self.wh_hn.out_type_id)
        inside = self.transfer(dest=shelf)
        through_transit = self.transfer(dest=transit)
        self.assertEqual([p.l10n_vn_einvoice_note_kind for p in
                          (receipt, delivery, inside, through_transit)],
                         [False, False, False, "internal"])
        for picking in (receipt, delivery, inside):
            self.validate(picking)
            self.assertFalse(picking.l10n_vn_einvoice_document_id)

    def test_a_provider_without_delivery_notes_is_refused(self):
        self.company.l10n_vn_einvoice_provider = "bkav"
        picking = self.internal()
        with self.assertRaisesRegex(UserError, "not published"):
            self.validate(picking)
        self.assertNotEqual(picking.state, "done")

    def test_defaults_come_from_the_last_note(self):
        self.validate(self.internal(l10n_vn_einvoice_transport_means="Xe tải 29H-555.66"))
        picking = self.transfer()
        self.assertEqual(picking.l10n_vn_einvoice_transport_means, "Xe tải 29H-555.66")
        self.assertEqual(picking.l10n_vn_einvoice_carrier, "Nguyễn Văn Tài")
        self.assertFalse(picking.l10n_vn_einvoice_dispatch_order, "a new order each time")

    def test_notes_stay_out_of_the_sales_register(self):
        doc = self.validate(self.internal()).l10n_vn_einvoice_document_id
        register = self.env["l10n_vn_einvoice.report.sales_register"].create({
            "company_id": self.company.id, "date_from": doc.issue_date,
            "date_to": doc.issue_date})
        self.assertNotIn(doc.id, [row[-1] for row in register._rows()])
        self.assertNotIn(doc, self.env["l10n_vn_einvoice.document"].search(register._domain()))
        self.env.cr.execute("""SELECT COUNT(*) FROM l10n_vn_einvoice_document_line l
                               JOIN l10n_vn_einvoice_document d ON d.id = l.document_id
                              WHERE d.form = '6'""")
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no VAT-rate lines: no tax report")
        docs = self.env["l10n_vn_einvoice.document"].search(
            [("l10n_vn_einvoice_is_note", "=", False), ("company_id", "=", self.company.id)])
        self.assertFalse(docs.filtered(lambda d: d.form == "6"))
