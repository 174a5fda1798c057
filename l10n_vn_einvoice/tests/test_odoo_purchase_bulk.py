"""Many invoices in one go: a zip, or a folder's files selected together, through Odoo's
own multi-file upload; each invoice gets its bill (with its PDF), and the summary says
what was created, what was already in Odoo and what was refused, with why."""

import dataclasses

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..standard import invoice_archive
from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon
from .test_odoo_purchase_checks import BOMB


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseBulk(PurchaseImportCommon):

    def invoice_xml(self, number):
        invoice = pf.for_company(fx.ten_line_invoice(), number=number)
        return invoice, pf.signed(invoice)

    def summary(self, action):
        self.assertEqual(action["res_model"], "l10n_vn_einvoice.purchase_import.summary")
        return self.env[action["res_model"]].browse(action["res_id"])

    def attached(self, bill):
        return sorted(self.env["ir.attachment"].search([
            ("res_model", "=", "account.move"), ("res_id", "=", bill.id)]).mapped("name"))

    def test_supplier_zip_with_xml_and_pdf_is_one_bill(self):
        _invoice, xml = self.invoice_xml(300)
        archive = pf.zipped({"HD_300.xml": xml, "HD_300.pdf": pf.minimal_pdf()})
        bill = self.bill_of(self.upload({"hoadon.zip": archive}))
        self.assertEqual(self.attached(bill), ["HD_300.pdf", "HD_300.xml"])
        self.assertEqual(bill.l10n_vn_einvoice_in_number, "300")

    def test_zip_of_many_invoices_with_a_summary(self):
        invoices = {number: self.invoice_xml(number) for number in range(301, 321)}
        present = self.bill_of(self.upload({"301.xml": invoices[301][1]}))
        files = {f"HD/{n}.xml": xml for n, (_inv, xml) in invoices.items()}
        files.update({f"HD/{n}.pdf": pf.minimal_pdf(str(n)) for n in range(302, 305)})
        files.update({"HD/bomb.xml": BOMB, "HD/inner.zip": pf.zipped({"a.xml": b"<a/>"}),
                      "__MACOSX/HD/._302.xml": b"junk", "HD/readme.txt": b"not read"})
        summary = self.summary(self.upload({"thang11.zip": pf.zipped(files)}))
        self.assertEqual((summary.created_count, summary.present_count,
                          summary.refused_count), (19, 1, 2))
        refused = {line.file_name: line.reason for line in summary.line_ids
                   if line.outcome == "refused"}
        self.assertIn("DOCTYPE", refused["bomb.xml"])
        self.assertIn("zip inside the zip", refused["thang11.zip: inner.zip"])
        self.assertEqual(summary.line_ids.filtered(lambda ln: ln.outcome == "present").move_id,
                         present)
        created = summary.line_ids.filtered(lambda ln: ln.outcome == "created")
        for line in created:
            number = int(line.file_name.split(".")[0])
            self.assertEqual(line.move_id.amount_total, float(invoices[number][0].totals.total))
            pdf = [f"{number}.pdf"] if number in (302, 303, 304) else []
            self.assertEqual(self.attached(line.move_id), sorted([*pdf, f"{number}.xml"]))
        opened = summary.action_open_bills()
        self.assertEqual(len(self.env["account.move"].search(opened["domain"])), 20)

    def test_folder_of_files_selected_together(self):
        (_a, first), (_b, second) = self.invoice_xml(330), self.invoice_xml(331)
        summary = self.summary(self.upload({
            "330.xml": first, "330.pdf": pf.minimal_pdf(), "331.xml": second,
            "331.pdf": pf.minimal_pdf(), "broken.xml": first[:200]}))
        self.assertEqual((summary.created_count, summary.refused_count), (2, 1))
        for line in summary.line_ids.filtered("move_id"):
            stem = line.file_name.split(".")[0]
            self.assertEqual(self.attached(line.move_id), [f"{stem}.pdf", f"{stem}.xml"])

    def test_zip_bomb_stops_at_the_cap(self):
        limit = invoice_archive.MAX_MEMBER_BYTES
        archive = pf.zipped({"big.xml": b"<HDon>" + b" " * (limit + 1) + b"</HDon>"})
        self.assertLess(len(archive), limit // 100)
        members, refused = invoice_archive.read_archive(archive)
        self.assertEqual((members, [r.name for r in refused]), ([], ["big.xml"]))

    def test_summary_belongs_to_its_user(self):
        _invoice, xml = self.invoice_xml(340)
        summary = self.summary(self.upload({"340.xml": xml, "bad.xml": BOMB}))
        self.assertEqual(summary.created_count, 1)
        clerk = new_test_user(self.env, "vn_other_clerk", groups="account.group_account_invoice",
                              company_id=self.company.id, company_ids=[(6, 0, self.company.ids)])
        with self.assertRaises(AccessError):
            summary.with_user(clerk).read(["line_ids"])
        with self.assertRaises(AccessError):
            self.env["l10n_vn_einvoice.purchase_import.summary"].with_user(clerk).create({})

    def test_replacement_in_the_same_zip_as_the_invoice_it_replaces(self):
        original = pf.for_company(dataclasses.replace(fx.vat_invoice(), number=124))
        replacement = pf.for_company(fx.replacement_invoice())
        action = self.upload({"pair.zip": pf.zipped({
            "a_124.xml": pf.signed(original), "b_131.xml": pf.signed(replacement)})})
        # nothing kept out: Odoo's own answer, the list of the bills created
        bills = self.env["account.move"].search(action["domain"], order="id")
        self.assertEqual(bills.mapped("ref"), ["1C26TAA-124", "1C26TAA-131"])
        self.assertEqual(bills[1].l10n_vn_einvoice_in_corrected_move_id, bills[0])
