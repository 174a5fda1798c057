"""What one batch of the outbox worker does once instead of once per document.

The worker commits after each document, and each commit empties the ORM's cache: whatever
a document's transaction reads of the company, the cron user or a cron record is read
again, whole, for the next document (cProfile of ``benchmarks/outbox_drain.py``).  The
worker puts an :class:`OutboxBatch` in its context; the code it runs finds it there:

* the crons the documents wake (an accepted document wakes the delivery cron: its legal
  file to fetch, its e-mail to send) are woken once, when the batch ends — one trigger
  row, one read of the cron and one new connection to PostgreSQL for the ``NOTIFY``
  instead of one per document (:func:`wake_cron`);
* the author of the chatter entries the commits write (the state-tracking message) is
  the worker's user, and their reply-to address the company's catch-all: both computed
  once (each a read of the user's partner or of the company, whole, per document).

It is a Python object, like the server marker (``server_owned.py``): JSON-RPC cannot send
one, so no caller can silence a wake-up or choose an author.
"""

from odoo import models

BATCH_KEY = "l10n_vn_einvoice_outbox_batch"


class OutboxBatch:
    """State of one outbox batch (see the module docstring)."""

    def __init__(self):
        self.wake = set()  # XML ids of the crons to wake when the batch ends
        self.author = {}  # user id → (author_id, email_from) of the chatter entries
        self.reply_to = {}  # (company id, default, author_id) → a log entry's reply-to


def wake_cron(env, xmlid):
    """Wake the cron ``xmlid`` now, or when the outbox batch running in ``env`` ends."""
    batch = env.context.get(BATCH_KEY)
    if isinstance(batch, OutboxBatch):
        batch.wake.add(xmlid)
    else:
        env.ref(xmlid)._trigger()


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    def _message_compute_author(self, author_id=None, email_from=None):
        # EXTEND mail.thread: in an outbox batch, the default author (the worker's user)
        # is computed for the first document only.
        batch = self.env.context.get(BATCH_KEY)
        if not isinstance(batch, OutboxBatch) or author_id is not None \
                or email_from is not None:
            return super()._message_compute_author(author_id, email_from)
        if self.env.uid not in batch.author:
            batch.author[self.env.uid] = super()._message_compute_author()
        return batch.author[self.env.uid]


class MailThread(models.AbstractModel):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "mail.thread"  # pylint: disable=consider-merging-classes-inherited

    def _notify_get_reply_to(self, default=None, author_id=False):
        # EXTEND mail: in an outbox batch, the reply-to address of a log entry that
        # names no record (``_message_log_batch``: the company's catch-all) is computed
        # for the first document only.
        batch = self.env.context.get(BATCH_KEY)
        if self or not isinstance(batch, OutboxBatch):
            return super()._notify_get_reply_to(default=default, author_id=author_id)
        key = (self.env.company.id, default, author_id)
        if key not in batch.reply_to:
            batch.reply_to[key] = super()._notify_get_reply_to(default=default,
                                                               author_id=author_id)
        return dict(batch.reply_to[key])
