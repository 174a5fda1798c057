"""E-invoices mailed to the purchase journal's alias: the same import, and no empty bills.

Odoo makes a bill of every mail sent to the alias, then decodes its attachments on it
(``message_new`` then ``_message_post_after_hook``), so each supplier's e-invoice goes
through the same decoder as a drop.  Two cases would leave an empty bill behind, so they
are decided before the bill exists, from the mail's attachments:

* every e-invoice of the mail is already in Odoo (suppliers send reminders, forward the
  same mail twice): the mail is posted on the existing bill, nothing is created;
* every e-invoice of the mail is refused (hostile, broken, not an invoice): the mail and
  the reasons are posted on the purchase journal, nothing is created.

A mail that also brings anything else (a new invoice, another document) takes Odoo's
normal path: each of its files is decoded on a bill of its own, and a file that cannot be
booked says why on that bill.
"""

from markupsafe import Markup

from odoo import api, models

from ..standard import invoice_archive
from .account_move_purchase_import import FILE_TYPE, ZIP_TYPE


class AccountMove(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # EXTEND 'account': see the module docstring.
        values = custom_values or {}
        journal = self.env["account.journal"].browse(values.get("journal_id") or [])
        if values.get("move_type") != "in_invoice" or journal.type != "purchase" or \
                journal.company_id.account_fiscal_country_id.code != "VN":
            return super().message_new(msg_dict, custom_values=custom_values)
        outcomes = self.with_context(default_journal_id=journal.id) \
            ._l10n_vn_einvoice_mail_outcomes(msg_dict.get("attachments") or [])
        if outcomes is None:
            return super().message_new(msg_dict, custom_values=custom_values)
        present = [outcome for outcome in outcomes if outcome.existing]
        reasons = Markup().join(
            Markup("<li style='white-space: pre-wrap;'>%s: %s</li>") % (
                outcome.name, self._l10n_vn_einvoice_text(*outcome.refusal))
            for outcome in outcomes if outcome.refusal)
        if present:
            bill = present[0].existing.sudo()
            bill._message_log(body=Markup("%s<ul>%s</ul>") % (self.env._(
                "An e-mail from %(sender)s brought this e-invoice again: nothing was created."
                "\nThư của %(sender)s gửi lại hóa đơn điện tử này: không tạo hóa đơn mới.",
                sender=msg_dict.get("email_from") or msg_dict.get("from") or "-"), reasons))
            return bill
        journal.sudo()._message_log(body=Markup("%s<ul>%s</ul>") % (self.env._(
            "An e-mail from %(sender)s brought e-invoices that cannot be imported: no bill was "
            "created.\nThư của %(sender)s gửi hóa đơn điện tử không nhập được: không tạo hóa "
            "đơn nào.", sender=msg_dict.get("email_from") or msg_dict.get("from") or "-"),
            reasons))
        return journal.sudo()

    @api.model
    def _l10n_vn_einvoice_mail_outcomes(self, attachments):
        """The outcomes of the mail's e-invoices when none of them makes a bill, else None."""
        files_data = []
        for attachment in attachments:
            files_data.extend(self._l10n_vn_einvoice_mail_files(attachment.fname,
                                                                 attachment.content,
                                                                 attachment.info or {}))
        outcomes = []
        for file_data in files_data:
            kind = file_data["import_file_type"]
            if kind == "pdf":
                continue
            if kind != FILE_TYPE:
                return None
            outcome = self._l10n_vn_einvoice_outcome(file_data)
            if not (outcome.refusal or outcome.existing):
                return None
            outcomes.append(outcome)
        return outcomes or None

    @api.model
    def _l10n_vn_einvoice_mail_files(self, name, content, info):
        """``file_data`` of one mail attachment (of each member, for a zip), in memory."""
        if isinstance(content, str):
            content = content.encode(info.get("encoding") or "utf-8")
        lower = (name or "").lower()
        mimetype = "application/pdf" if lower.endswith(".pdf") else \
            "application/zip" if lower.endswith(".zip") else \
            "application/xml" if lower.endswith(".xml") else "application/octet-stream"
        file_data = {"name": name, "raw": content, "mimetype": mimetype, "attachment": None,
                     "origin_attachment": None}
        file_data["xml_tree"] = self._get_xml_tree(file_data)
        file_data["import_file_type"] = self._get_import_file_type(file_data)
        if file_data["import_file_type"] != ZIP_TYPE:
            return [file_data]
        try:
            members, refused = invoice_archive.read_archive(content)
        except ValueError:
            return [{**file_data, "import_file_type": None}]
        if refused:
            return [{**file_data, "import_file_type": None}]
        return [data for member in members
                for data in self._l10n_vn_einvoice_mail_files(member.name, member.data, {})]
