from odoo import api, models
from odoo.tools.mail import plaintext2html


class L10nVnEinvoiceExchange(models.Model):
    _inherit = "l10n_vn_einvoice.exchange"

    @api.model_create_multi
    def create(self, vals_list):
        """Each exchange also appears in the document's chatter, where accountants look.

        Logged as internal notes (``_message_log_batch``): the same note the accountant
        reads, without the follower and notification machinery of ``message_post`` that
        made the note cost about a third of the outbox worker's time; an internal note
        notifies nobody anyway.
        """
        exchanges = super().create(vals_list)
        labels = dict(self._fields["result"]._description_selection(self.env))
        rounds = []  # one batch per round, as a batch logs one note per document
        for exchange in exchanges:
            body = self.env._("%(operation)s with %(provider)s: %(result)s (%(duration)s ms, try "
                              "%(attempt)s)", operation=exchange.operation,
                              provider=exchange.provider or "-", result=labels[exchange.result],
                              duration=exchange.duration_ms, attempt=exchange.attempt)
            if exchange.result != "ok" and exchange.message:
                body = f"{body}\n{exchange.error_code or ''} {exchange.message}".strip()
            doc_id = exchange.document_id.id
            batch = next((bodies for bodies in rounds if doc_id not in bodies), None)
            if batch is None:
                batch = {}
                rounds.append(batch)
            batch[doc_id] = plaintext2html(body)
        Document = self.env["l10n_vn_einvoice.document"].sudo()
        for bodies in rounds:
            Document.browse(list(bodies))._message_log_batch(bodies)
        return exchanges
