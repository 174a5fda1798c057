"""Shared set-up of the purchase-import tests: the test company's purchase journal, and
files given to it the way the web client's upload does (one attachment per file, then
``account.journal.create_document_from_attachment``)."""

from decimal import Decimal

from .common import VnEinvoiceCommon

MIMETYPES = {".xml": "text/xml", ".pdf": "application/pdf", ".zip": "application/zip"}


class PurchaseImportCommon(VnEinvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purchase_journal = cls.company_data["default_journal_purchase"]

    def attachments(self, files):
        return self.env["ir.attachment"].create([{
            "name": name, "raw": data,
            "mimetype": next((m for s, m in MIMETYPES.items() if name.endswith(s)),
                             "application/octet-stream")} for name, data in files.items()])

    def upload(self, files, journal=None, user=None):
        """What a drop on Vendor Bills does: the action the web client then opens."""
        journal = journal or self.purchase_journal
        env_journal = journal.with_user(user) if user else journal
        attachments = self.attachments(files) if user is None else \
            self.attachments(files).with_user(user)
        return env_journal.with_context(default_move_type="in_invoice") \
            .create_document_from_attachment(attachments.ids)

    def bill_of(self, action):
        self.assertEqual((action["res_model"], action.get("res_id") is not None),
                         ("account.move", True), action)
        return self.env["account.move"].browse(action["res_id"])

    def bills(self):
        return self.env["account.move"].search([("company_id", "=", self.company.id),
                                                ("move_type", "in", ("in_invoice",
                                                                     "in_refund"))])

    def vat_by_rate(self, bill):
        """{TSuat: VAT} of the bill's tax lines, in the bill's sign."""
        sign = -1 if bill.is_inbound() else 1
        result = {}
        for line in bill.line_ids.filtered("tax_line_id"):
            code = line.tax_line_id._l10n_vn_einvoice_tsuat()
            result[code] = result.get(code, Decimal(0)) + Decimal(str(sign * line.amount_currency))
        return result
