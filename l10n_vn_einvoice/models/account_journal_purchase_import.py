"""The answer to a drop or upload on Vendor Bills, when e-invoices were among the files.

Odoo answers an upload with the bills it created.  For Vietnamese e-invoices the answer
also covers the files that made no bill (:mod:`.purchase_import_report`):

* one file, already in Odoo: the existing bill opens (with a notification saying so);
* nothing created, files refused: a bilingual error naming each file and why;
* several files with anything kept out: the summary (created, already present, refused
  with the reason), from which the bills open;
* otherwise Odoo's own answer, unchanged.
"""

from odoo import models
from odoo.exceptions import UserError

from .purchase_import_report import CONTEXT_KEY, ImportReport, report_of


class AccountJournal(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.journal"  # pylint: disable=consider-merging-classes-inherited

    def _create_document_from_attachment(self, attachment_ids):
        # EXTEND 'account': the report learns which bills were created.
        invoices = super()._create_document_from_attachment(attachment_ids)
        report = report_of(self.env)
        if report is not None:
            report.created = invoices
        return invoices

    def create_document_from_attachment(self, attachment_ids):
        # EXTEND 'account': see the module docstring.
        report = ImportReport()
        action = super(AccountJournal, self.with_context(**{CONTEXT_KEY: report})) \
            .create_document_from_attachment(attachment_ids)
        action["context"] = {key: value for key, value in (action.get("context") or {}).items()
                             if key != CONTEXT_KEY}
        created = report.created or self.env["account.move"]
        if not report.refused_files and not report.present_files:
            return action
        if not created and not report.present_files:
            raise UserError(self._l10n_vn_einvoice_refusal_text(report))
        if not created and not report.refused_files and len(report.present_files) == 1:
            name, bill = report.present_files[0]
            return {**bill._get_records_action(), "context": {
                **action["context"], "notifications": {name: self.env._(
                    "This e-invoice is already in Odoo: its bill %(bill)s is opened, nothing "
                    "was created.\nHóa đơn điện tử này đã có trong Odoo: mở hóa đơn %(bill)s, "
                    "không tạo mới.", bill=bill.display_name)}}}
        summary = self.env["l10n_vn_einvoice.purchase_import.summary"]._from_report(
            report, created)
        return summary._get_records_action(name=self.env._("Import summary"))

    def _l10n_vn_einvoice_refusal_text(self, report):
        english = "\n".join(f"- {name}: {message}" for name, message, _vi in
                            report.refused_files[:20])
        vietnamese = "\n".join(f"- {name}: {message_vi}" for name, _en, message_vi in
                               report.refused_files[:20])
        more = len(report.refused_files) - 20
        if more > 0:
            english += f"\n… (+{more})"
            vietnamese += f"\n… (+{more})"
        return self.env._("No bill was created:\n%(files)s\nKhông tạo hóa đơn nào:\n%(files_vi)s",
                          files=english, files_vi=vietnamese)
