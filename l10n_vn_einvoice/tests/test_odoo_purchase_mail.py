"""Supplier e-invoices mailed to the purchase journal's alias: real MIME mails routed by
Odoo's mail gateway (``mail.thread.message_process``, no model forced) to the journal's
alias; the bill is filled by the same decoder, and a mail bringing only invoices already
booked, or only refused files, creates nothing."""

from email.message import EmailMessage

from odoo.tests import tagged

from . import purchase_files as pf
from . import std_fixtures as fx
from .purchase_common import PurchaseImportCommon
from .test_odoo_purchase_checks import BOMB


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPurchaseMail(PurchaseImportCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "thunghiem.example"})
        cls.company.alias_domain_id = domain
        cls.purchase_journal.write({"alias_name": "hoadon-mua-vao",
                                    "alias_domain_id": domain.id})

    def mail(self, attachments, subject="Hóa đơn điện tử", message_id="<1@ncc.example>"):
        message = EmailMessage()
        message["From"] = "Viettel <hoadon@viettel.example>"
        message["To"] = self.purchase_journal.alias_id.display_name
        message["Subject"] = subject
        message["Message-Id"] = message_id
        message.set_content("Kính gửi Quý khách, Viettel gửi hóa đơn điện tử đính kèm.")
        for name, data in attachments.items():
            maintype, subtype = {"xml": ("text", "xml"), "pdf": ("application", "pdf"),
                                 "zip": ("application", "zip")}[name.rsplit(".", 1)[1]]
            if maintype == "text":
                message.add_attachment(data.decode(), subtype=subtype, filename=name)
            else:
                message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return message.as_bytes()

    def receive(self, raw):
        before = self.bills()
        self.env["mail.thread"].message_process(None, raw)
        return self.bills() - before

    def test_mailed_invoice_becomes_a_bill_and_a_second_mail_creates_nothing(self):
        invoice = pf.for_company(fx.vat_invoice())
        xml = pf.signed(invoice)
        self.assertIn("@thunghiem.example", self.purchase_journal.alias_id.display_name)
        bill = self.receive(self.mail({"C26TAA_123.xml": xml, "C26TAA_123.pdf":
                                       pf.minimal_pdf()}))
        self.assertEqual(len(bill), 1)
        self.assertEqual((bill.ref, bill.amount_total, bill.partner_id.vat),
                         ("1C26TAA-123", float(invoice.totals.total), "0100109106"))
        self.assertEqual(bill.invoice_source_email, "hoadon@viettel.example")
        attached = self.env["ir.attachment"].search([("res_model", "=", "account.move"),
                                                     ("res_id", "=", bill.id)])
        self.assertEqual(sorted(attached.mapped("name")), ["C26TAA_123.pdf", "C26TAA_123.xml"])
        again = self.receive(self.mail({"C26TAA_123.xml": xml}, message_id="<2@ncc.example>"))
        self.assertFalse(again)
        self.assertIn("brought this e-invoice again", "".join(bill.message_ids.mapped("body")))
        self.assertIn("Hóa đơn điện tử", bill.message_ids.mapped("subject"))

    def test_mailed_zip(self):
        invoice = pf.for_company(fx.vat_invoice(), number=140)
        bill = self.receive(self.mail({"hoadon.zip": pf.zipped({
            "140.xml": pf.signed(invoice), "140.pdf": pf.minimal_pdf()})}))
        self.assertEqual((len(bill), bill.ref), (1, "1C26TAA-140"))
        self.assertEqual(bill.amount_total, float(invoice.totals.total))

    def test_mail_with_only_a_hostile_file_creates_nothing(self):
        created = self.receive(self.mail({"hoadon.xml": BOMB}, message_id="<3@ncc.example>"))
        self.assertFalse(created)
        bodies = "".join(self.purchase_journal.message_ids.mapped("body"))
        self.assertIn("cannot be imported", bodies)
        self.assertIn("hoadon.xml: XML containing DOCTYPE is refused", bodies)
        mail = self.purchase_journal.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(mail.attachment_ids.mapped("name"), ["hoadon.xml"])
