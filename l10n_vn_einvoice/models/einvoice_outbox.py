import datetime
import logging
import time

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import mute_logger

from ..providers.base import (
    STATE_ACCEPTED,
    STATE_PENDING,
    STATE_REJECTED,
    STATE_UNKNOWN,
    AuthenticationError,
    NotSupportedError,
    ProviderError,
    RejectedError,
    TransientError,
)
from .einvoice_outbox_batch import BATCH_KEY, OutboxBatch
from .server_owned import as_server

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = datetime.timedelta(minutes=5)
LOOKUP_DELAY = datetime.timedelta(seconds=5)


def backoff(attempts):
    """Seconds before try ``attempts + 1``: 10 s, 20 s, 40 s… capped at one hour."""
    return min(10 * 2 ** max(attempts - 1, 0), 3600)


class L10nVnEinvoiceOutbox(models.Model):
    """Transmission queue.  A row is committed with the document (the promise); workers
    claim rows with ``FOR UPDATE SKIP LOCKED`` and a lease, so several cron workers can
    run at once, and a worker killed mid-send leaves a row that is taken again once its
    lease expires — and then looked up by its submission key before anything is re-sent."""

    _name = "l10n_vn_einvoice.outbox"
    _description = "E-invoice transmission queue"
    _order = "next_attempt_at, id"

    document_id = fields.Many2one("l10n_vn_einvoice.document", required=True,
                                  ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    operation = fields.Selection(
        [("issue", "Issue"), ("lookup", "Check status"), ("notice", "Error notice")],
        required=True, default="issue")
    state = fields.Selection(
        [("pending", "Pending"), ("sending", "Sending"), ("done", "Done"),
         ("failed", "Failed")], required=True, default="pending", index=True)
    attempts = fields.Integer(default=0)
    next_attempt_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    lease_until = fields.Datetime()
    last_error = fields.Text()

    # ------------------------------------------------------------------ claiming
    def _claim(self, limit, document_ids=None):
        """Take up to ``limit`` due rows for this worker; returns them with attempts bumped.

        The attempt counter is written with the claim, so a send interrupted after the
        provider committed is known to have possibly happened (lookup first next time).
        """
        where_doc = "AND document_id = ANY(%(docs)s)" if document_ids else ""
        self.env.flush_all()
        # The locking SELECT sits in a CTE so that it runs exactly once: inside
        # ``WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`` PostgreSQL may run the
        # subquery again for each row and claim far more than ``limit`` rows.
        self.env.cr.execute(f"""
            WITH due AS (
                SELECT id FROM l10n_vn_einvoice_outbox
                 WHERE ((state = 'pending' AND next_attempt_at <= %(now)s)
                        OR (state = 'sending' AND lease_until < %(now)s))
                       {where_doc}
              ORDER BY next_attempt_at, id
                 LIMIT %(limit)s
                   FOR UPDATE SKIP LOCKED)
            UPDATE l10n_vn_einvoice_outbox AS outbox
               SET state = 'sending', attempts = outbox.attempts + 1,
                   lease_until = %(now)s + %(lease)s
              FROM due
             WHERE outbox.id = due.id
         RETURNING outbox.id""", {"lease": LEASE, "limit": limit,
                                  "docs": list(document_ids or []),
                                  "now": fields.Datetime.now()})
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["state", "attempts", "lease_until"])
        return self.browse(ids)

    def _due_count(self):
        now = fields.Datetime.now()
        return self.search_count(["|", "&", ("state", "=", "pending"),
                                  ("next_attempt_at", "<=", now),
                                  "&", ("state", "=", "sending"), ("lease_until", "<", now)])

    @api.model
    def _cron_process(self, batch_size=50, max_seconds=50):
        """Cron entry: drain due rows in batches, committing after each row.

        Every commit goes through ``ir.cron._commit_progress``, which reports the rows
        done and left to Odoo's cron runner and answers how much of the job's time is
        left: when the answer is "none", the worker stops and gives back the rows it
        claimed but did not try; Odoo runs the job again at once, as rows are left.
        ``max_seconds`` bounds a call made outside a cron (benchmarks, shell)."""
        cron = self.env["ir.cron"]
        deadline = time.monotonic() + max_seconds
        time_left = cron._commit_progress(remaining=self._due_count())
        clients = {}  # one provider client per company for the whole run
        while time_left and time.monotonic() < deadline:
            try:
                with mute_logger("odoo.sql_db"):  # a lost race is not an error
                    rows = self._claim(batch_size)
            except SerializationFailure:
                # Another worker claimed and committed a candidate row after this
                # transaction's snapshot (REPEATABLE READ): claim again in a new one.
                self.env.cr.rollback()
                continue
            if not rows:
                break
            cron._commit_progress()  # the claim, with its attempt count and lease
            time_left = rows._process(auto_commit=True, clients=clients)
        if self.search_count([("state", "=", "pending")], limit=1):
            self.env.ref("l10n_vn_einvoice.ir_cron_outbox")._trigger(
                min(self.search([("state", "=", "pending")], limit=1).mapped("next_attempt_at")))

    @api.model
    def _process_due(self, document_ids=None, limit=100):
        """Process due rows in the current transaction (tests, benchmarks, shell)."""
        rows = self._claim(limit, document_ids)
        rows._process(auto_commit=False)
        return rows

    def _process_documents(self, documents):
        """Used by the buttons: nothing is sent here, the cron is woken up instead."""
        self.env.ref("l10n_vn_einvoice.ir_cron_outbox")._trigger()
        return documents

    def _release(self):
        """Give back claimed rows that were not tried (the cron's time is up): no call
        was made for them, so the claim's attempt is taken back and no lookup is needed
        first when they are taken again."""
        if not self:
            return
        self.env.cr.execute("""
            UPDATE l10n_vn_einvoice_outbox
               SET state = 'pending', attempts = attempts - 1, lease_until = NULL
             WHERE id = ANY(%s) AND state = 'sending'""", [self.ids])
        self.invalidate_model(["state", "attempts", "lease_until"])

    # ------------------------------------------------------------------ sending
    def _process(self, auto_commit, clients=None):
        """Send each row; with ``auto_commit``, commit each result through the cron's
        progress API and stop when the cron's time is up.  Returns the time left.

        What stays the same from one row to the next is read once per batch, not once per
        row (each commit empties the ORM's cache): the company's provider client (once per
        cron run when the caller passes ``clients``) and its language; the crons the
        documents wake are woken once, when the batch ends, and the author of the
        chatter's entries is computed once (:class:`.einvoice_outbox_batch.OutboxBatch`)."""
        clients = {} if clients is None else clients
        langs = {}
        batch = OutboxBatch()
        time_left = float("inf")
        for index, row in enumerate(self):
            # This row and its document only: each commit empties the cache, so reading
            # the whole batch's rows and documents again for each row is wasted work.
            single = row.with_prefetch()
            company = single.company_id
            if company.id not in clients:
                clients[company.id] = company.sudo()._l10n_vn_einvoice_client()
            if company.id not in langs:
                # What the worker writes (chatter, tracked states, alerts) is read by the
                # company's people, in the company's language, not the cron user's.
                langs[company.id] = company.sudo().partner_id.lang or "en_US"
            worker = single.with_context(lang=langs[company.id], **{BATCH_KEY: batch})
            try:
                worker._process_one(clients[company.id])
            except Exception as error:
                if self.env.cr._cnx.closed:
                    # PostgreSQL went away (restart, failover): nothing can be recorded
                    # here, and the row is not at fault.  Stop this worker; the rows it
                    # holds are taken again when their lease expires, and looked up by
                    # submission key before anything is re-sent.
                    _logger.warning("e-invoice outbox: database connection lost while "
                                    "processing row %s; held rows return after their "
                                    "lease (%s)", row.id, LEASE)
                    raise
                _logger.exception("e-invoice outbox row %s failed", row.id)
                if auto_commit:
                    self.env.cr.rollback()
                worker._retry_later(f"{type(error).__name__}: {error}")
            if auto_commit:
                time_left = self.env["ir.cron"]._commit_progress(1)
                if not time_left:
                    self[index + 1:]._release()
                    self.env["ir.cron"]._commit_progress()
                    break
        if batch.wake:
            for xmlid in sorted(batch.wake):
                self.env.ref(xmlid)._trigger()
            if auto_commit:
                self.env["ir.cron"]._commit_progress()
        return time_left

    def _process_one(self, client):
        doc = self.document_id
        handler = {"issue": self._send_issue, "lookup": self._send_lookup,
                   "notice": self._send_notice}[self.operation]
        handler(doc, client)

    def _call(self, doc, client, operation, func, *args):
        """Call the provider, log the exchange, map typed errors to outcomes."""
        started = fields.Datetime.now()
        clock = time.monotonic()
        result = error = None
        try:
            result = func(*args)
        except ProviderError as exc:
            error = exc
        duration = int((time.monotonic() - clock) * 1000)
        kind = ("ok" if error is None else "transient" if isinstance(error, TransientError)
                else "rejected")
        if result is not None and getattr(result, "state", "") == STATE_UNKNOWN:
            kind = "unknown"
        self.env["l10n_vn_einvoice.exchange"].sudo().create({
            "document_id": doc.id, "operation": operation, "provider": client.name,
            "started_at": started, "duration_ms": duration, "result": kind,
            "attempt": self.attempts,
            "error_code": error.code if error else "",
            "message": (f"{error.message}\n{error.message_vi}" if error
                        else getattr(result, "message", "") or ""),
        })
        return result, error

    def _send_issue(self, doc, client):
        if self.attempts > 1 or doc.state == "sent":
            # The previous try may have reached the provider: never issue twice.
            found, error = self._call(doc, client, "lookup", client.lookup, doc.submission_key)
            if error:
                return self._handle_error(doc, error)
            if found.state != STATE_UNKNOWN and not self._needs_transmission(doc, found):
                return self._apply_result(doc, found)
        invoice = doc._l10n_vn_einvoice_invoice_data()
        xml = doc._l10n_vn_einvoice_xml() if doc.signed else None
        result, error = self._call(
            doc, client, "issue", lambda: client.issue(
                doc.submission_key, invoice, xml,
                related_key=doc.corrected_document_id.submission_key or ""))
        if error:
            return self._handle_error(doc, error)
        return self._apply_result(doc, result)

    def _send_lookup(self, doc, client):
        result, error = self._call(doc, client, "lookup", client.lookup, doc.submission_key)
        if error:
            return self._handle_error(doc, error)
        if result.state == STATE_UNKNOWN or self._needs_transmission(doc, result):
            # Never reached the provider, or held but not yet passed to the tax authority:
            # queue the issue again (idempotent by submission key).
            self._finish()
            doc._l10n_vn_einvoice_enqueue("issue", reset=True)
            return None
        return self._apply_result(doc, result)

    @staticmethod
    def _needs_transmission(doc, result):
        """A cash-register invoice the provider holds but has not sent to the tax
        authority (the answer of the first call, or the transmission, was lost): issuing
        again under the same key completes it without a second invoice."""
        return doc.kind == "cash_register" and result.state == STATE_PENDING

    def _send_notice(self, doc, client):
        notice = doc._l10n_vn_einvoice_notice_xml()
        result, error = self._call(doc, client, "notice", client.send_notice,
                                   doc.submission_key, notice)
        if (error and not isinstance(error, RejectedError)) or isinstance(
                error, AuthenticationError):
            return self._handle_error(doc, error)
        refused = error or result.state == STATE_REJECTED
        message = (f"{error.message}\n{error.message_vi}" if error else result.message) or ""
        self._finish()
        # A refused notice leaves the invoice itself as it was: only the notice failed.
        vals = {"provider_message": message}
        if refused and doc.state == "notified":
            vals["state"] = "accepted" if doc.accepted_at else "sent"
        doc._l10n_vn_einvoice_set_outcome(vals)
        if refused:
            doc._l10n_vn_einvoice_alert_manager(self.env._(
                "The error notice (04/SS-HĐĐT) for %(name)s was refused: %(reason)s",
                name=doc.name, reason=message))
        return None

    def _apply_result(self, doc, result):
        if result.state == STATE_REJECTED:
            return self._reject(doc, result.message)
        if result.problem:
            return self._issued_otherwise(doc, result)
        vals = {"provider_message": result.message or False,
                "sent_at": doc.sent_at or fields.Datetime.now()}
        if result.tax_authority_code and not doc.tax_authority_code:
            vals["tax_authority_code"] = result.tax_authority_code
        if result.lookup_code:
            vals["lookup_code"] = result.lookup_code
        if result.state == STATE_ACCEPTED:
            vals.update(state="accepted", accepted_at=fields.Datetime.now())
            if result.signed_xml:
                vals["provider_xml_attachment_id"] = doc._l10n_vn_einvoice_attach(
                    result.signed_xml, "cqt").id
            self._finish()
        else:  # pending at the tax authority: ask again shortly
            vals["state"] = "sent"
            as_server(self).write({"operation": "lookup", "state": "pending",
                                   "lease_until": False,
                                   "next_attempt_at": fields.Datetime.now() + LOOKUP_DELAY})
        if doc.state in ("ready", "sent", "error", "draft"):
            doc._l10n_vn_einvoice_set_outcome(vals)
        return None

    def _issued_otherwise(self, doc, result):
        """The provider issued, under this document's key, something else than what was
        sent and signed (issue 22 §5): record what it said, keep no copy, and stop for a
        manager — never a silent success."""
        self._finish()
        vals = {"state": "error", "provider_message": result.problem,
                "sent_at": doc.sent_at or fields.Datetime.now()}
        if result.tax_authority_code and not doc.tax_authority_code:
            vals["tax_authority_code"] = result.tax_authority_code
        doc._l10n_vn_einvoice_set_outcome(vals)
        doc._l10n_vn_einvoice_alert_manager(self.env._(
            "The provider's copy of e-invoice %(name)s is not the invoice sent and signed; "
            "it was not kept: %(reason)s", name=doc.name, reason=result.problem))

    def _handle_error(self, doc, error):
        if isinstance(error, AuthenticationError):
            # The invoice is fine, the account is not: stop and ask the manager.
            return self._give_up(f"{error.message}\n{error.message_vi}")
        if isinstance(error, RejectedError) or (
                isinstance(error, NotSupportedError) and self.operation == "issue"):
            # An invoice the provider does not take (EasyInvoice's or MISA's cash-register
            # invoices) will not be taken on the next try either: final, in words.
            return self._reject(doc, f"{error.message}\n{error.message_vi}")
        return self._retry_later(f"{error.code} {error.message}".strip())

    def _reject(self, doc, message):
        self._finish()
        doc._l10n_vn_einvoice_set_outcome({"state": "rejected", "provider_message": message})
        doc._l10n_vn_einvoice_alert_manager(self.env._(
            "The provider rejected e-invoice %(name)s: %(reason)s",
            name=doc.name, reason=message))

    def _retry_later(self, message):
        if self.attempts >= MAX_ATTEMPTS:
            return self._give_up(message)
        as_server(self).write({
            "state": "pending", "last_error": message, "lease_until": False,
            "next_attempt_at": fields.Datetime.now()
            + datetime.timedelta(seconds=backoff(self.attempts)),
        })

    def _give_up(self, message):
        doc = self.document_id
        as_server(self).write({"state": "failed", "last_error": message,
                               "lease_until": False})
        doc._l10n_vn_einvoice_set_outcome({"state": "error", "provider_message": message})
        doc._l10n_vn_einvoice_alert_manager(self.env._(
            "E-invoice %(name)s could not be transmitted after %(n)s attempts: %(reason)s",
            name=doc.name, n=self.attempts, reason=message))

    def _finish(self):
        as_server(self).write({"state": "done", "lease_until": False})
