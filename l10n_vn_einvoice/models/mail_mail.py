from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, success_emails, failure_reason=False,
                                  failure_type=None):
        # EXTEND 'mail': an e-invoice says it was e-mailed only once the mail server took
        # the e-mail (or says why not); before, it only says "queued".
        documents = self.env["l10n_vn_einvoice.document"].sudo().search(
            [("email_mail_id", "in", self.ids)])
        documents._l10n_vn_einvoice_note_mail_outcome()
        return super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason,
            failure_type=failure_type)
