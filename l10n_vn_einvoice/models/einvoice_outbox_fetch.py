"""The outbox's ``fetch_xml`` operation: after acceptance, the worker fetches the provider's
legal XML of a document (``download_xml``), checks it and keeps it before the buyer's
e-mail leaves (``models/einvoice_document_legal.py`` says which documents need it).

A failure (provider fault, timeout, a file that is not the legal one) never touches the
accepted document: the row is tried again with the outbox's back-off, the first failure
is said in the chatter, and after :data:`FETCH_MAX_ATTEMPTS` a manager is alerted; the
hourly mail cron arms the fetch again while the e-mail still waits.
"""

import datetime

from odoo import fields, models

from .einvoice_outbox import backoff
from .server_owned import as_server

# About ten hours of tries at the outbox's back-off (10 s doubling, capped at one hour).
FETCH_MAX_ATTEMPTS = 16


class L10nVnEinvoiceOutbox(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.outbox"  # pylint: disable=consider-merging-classes-inherited

    operation = fields.Selection(selection_add=[("fetch_xml", "Fetch the legal XML")],
                                 ondelete={"fetch_xml": "cascade"})

    def _process_one(self, client):
        # EXTEND the outbox: the fetch of the legal XML is one more operation.
        if self.operation == "fetch_xml":
            return self._send_fetch_xml(self.document_id, client)
        return super()._process_one(client)

    def _apply_result(self, doc, result):
        # EXTEND the outbox: an accepted document whose legal file only the provider holds
        # gets it fetched before its e-mail leaves.
        outcome = super()._apply_result(doc, result)
        if doc.state == "accepted" and doc._l10n_vn_einvoice_waits_for_legal_xml():
            doc._l10n_vn_einvoice_enqueue("fetch_xml")
        return outcome

    def _send_fetch_xml(self, doc, client):
        if not doc._l10n_vn_einvoice_waits_for_legal_xml():
            return self._finish()
        xml, error = self._call(doc, client, "download_xml", client.download_xml,
                                doc.submission_key)
        if error is not None:
            return self._fetch_later(f"{error.message}\n{error.message_vi}")
        problems = doc._l10n_vn_einvoice_legal_problems(xml)
        if problems:
            return self._fetch_later(doc._l10n_vn_einvoice_refuse_legal_xml(xml, problems))
        doc._l10n_vn_einvoice_keep_legal_xml(xml)
        return self._finish()

    def _retry_later(self, message):
        # EXTEND the outbox: a fetch that failed in an unexpected way is tried again like
        # any fetch, and never turns the accepted document into an error.
        if self.operation == "fetch_xml":
            return self._fetch_later(message)
        return super()._retry_later(message)

    def _fetch_later(self, message):
        doc = self.document_id
        if self.attempts >= FETCH_MAX_ATTEMPTS:
            as_server(self).write({"state": "failed", "last_error": message,
                                   "lease_until": False})
            if self.attempts == FETCH_MAX_ATTEMPTS:
                doc._l10n_vn_einvoice_alert_manager(self.env._(
                    "The legal XML of e-invoice %(name)s could not be fetched from the "
                    "provider after %(n)s attempts: %(reason)s\nThe e-mail to the buyer still "
                    "waits; the e-mail job tries again every hour.\nKhông tải được tệp XML "
                    "hợp pháp của hóa đơn điện tử %(name)s từ nhà cung cấp sau %(n)s lần "
                    "thử: %(reason)s\nThư gửi người mua vẫn chờ; tác vụ gửi thư thử lại mỗi "
                    "giờ.", name=doc.name, n=self.attempts, reason=message))
            return None
        next_at = fields.Datetime.now() + datetime.timedelta(seconds=backoff(self.attempts))
        as_server(self).write({"state": "pending", "last_error": message,
                               "lease_until": False, "next_attempt_at": next_at})
        if self.attempts <= 1:
            doc._l10n_vn_einvoice_note_legal_wait(message, next_at)
        return None
