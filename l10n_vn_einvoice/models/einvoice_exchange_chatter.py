from markupsafe import Markup

from odoo import api, models
from odoo.tools.mail import plaintext2html
from odoo.tools.misc import formatLang

NOTES = "l10n_vn_einvoice.exchange_notes"  # precommit data: {document id: [html note]}


class L10nVnEinvoiceExchange(models.Model):
    _inherit = "l10n_vn_einvoice.exchange"

    @api.model_create_multi
    def create(self, vals_list):
        """Each exchange also appears in the document's chatter, where accountants look.

        A chatter entry is a ``mail.message``, a good part of the outbox worker's time per
        document, so the notes of one transaction are written when it commits, one entry
        per document: the body of the state-tracking message when the same transaction
        changed the document's state (accepted, rejected…), else one internal note
        (``_message_log_batch``: no follower or notification machinery; an internal note
        notifies nobody anyway).
        """
        exchanges = super().create(vals_list)
        # In the language of the environment: the outbox worker sets the company's.
        labels = dict(self._fields["result"]._description_selection(self.env))
        operations = self._l10n_vn_einvoice_operation_words()
        notes = self.env.cr.precommit.data.setdefault(NOTES, {})
        if not notes:
            self.env.cr.precommit.add(self._l10n_vn_einvoice_log_notes)
        for exchange in exchanges:
            body = self.env._("%(operation)s with %(provider)s: %(result)s (%(duration)s ms, try "
                              "%(attempt)s)",
                              operation=operations.get(exchange.operation, exchange.operation),
                              provider=exchange.provider or "-", result=labels[exchange.result],
                              duration=formatLang(self.env, exchange.duration_ms, digits=0),
                              attempt=formatLang(self.env, exchange.attempt, digits=0))
            if exchange.result != "ok" and exchange.message:
                body = f"{body}\n{exchange.error_code or ''} {exchange.message}".strip()
            notes.setdefault(exchange.document_id.id, []).append(plaintext2html(body))
        return exchanges

    @api.model
    def _l10n_vn_einvoice_operation_words(self):
        """The provider operations as the chatter names them (``operation`` is the
        technical name, kept as is for the audit)."""
        return {
            "issue": self.env._("Issue"),
            "lookup": self.env._("Check status"),
            "notice": self.env._("Error notice"),
        }

    @api.model
    def _l10n_vn_einvoice_log_notes(self):
        """Pre-commit: the transaction's notes, one chatter entry per document."""
        notes = self.env.cr.precommit.data.pop(NOTES, {})
        Document = self.env["l10n_vn_einvoice.document"].sudo()
        # Initial values of the documents whose tracked fields this transaction wrote;
        # Odoo's own pre-commit hook turns them into tracking messages after this one.
        tracked = self.env.cr.precommit.data.get(f"mail.tracking.{Document._name}", {})
        separate = {}
        for doc_id, bodies in notes.items():
            doc = Document.browse(doc_id).exists()
            if not doc:
                continue
            body = Markup("").join(bodies)
            initial = tracked.get(doc_id) or {}
            if "state" in initial and initial["state"] != doc.state:
                doc._track_set_log_message(body)
            else:
                separate[doc_id] = body
        if separate:
            Document.browse(list(separate))._message_log_batch(separate)
