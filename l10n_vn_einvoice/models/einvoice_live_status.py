"""Live status: an open screen learns that the worker changed an e-invoice's state.

The outbox worker accepts an invoice seconds after it was posted, while the accountant
still looks at it.  Each record a screen shows (the e-invoice, its invoice; the POS
order in ``pos_order_live_status.py``) has a bus channel of its own, ``(record,
"l10n_vn_einvoice_live")``; the screen asks for it by name and ``ir_websocket.py`` grants
it only to an internal user who may read that record.  The notification carries the
record's model and id, nothing of its content: the screen reads the record again through
the ORM, with its own rights.

The notification is prepared at commit time (pre-commit hook: the state the transaction
ends with, one notification per record however often it changed) and Odoo's bus
publishes it after the commit only (``bus.bus._sendone``: its rows are inserted by that
same transaction and the ``NOTIFY`` is a post-commit hook); a transaction that rolls back
takes its notifications with it, so no screen ever shows a state that was not committed.
"""

from odoo import models

SUBCHANNEL = "l10n_vn_einvoice_live"
NOTIFICATION = "l10n_vn_einvoice.live"
PENDING = "l10n_vn_einvoice.live_document_ids"  # precommit data: ids whose state changed


class L10nVnEinvoiceDocument(models.Model):
    # One concern per file, as account/models/account_payment.py extends account.move.
    _inherit = "l10n_vn_einvoice.document"  # pylint: disable=consider-merging-classes-inherited

    def _l10n_vn_einvoice_set_outcome(self, vals):
        # A document born "ready" in the transaction that creates it (posting, POS sync)
        # is on no open screen yet: only later changes are announced.
        changed = self.filtered(lambda d: d.state not in ("draft", vals.get("state"))) \
            if "state" in vals else self.browse()
        result = super()._l10n_vn_einvoice_set_outcome(vals)
        if changed:
            changed._l10n_vn_einvoice_announce()
        return result

    def _l10n_vn_einvoice_announce(self):
        """Announce these documents' new state when the transaction commits."""
        precommit = self.env.cr.precommit
        if PENDING not in precommit.data:
            precommit.data[PENDING] = set()
            precommit.add(self.sudo()._l10n_vn_einvoice_send_live)
        precommit.data[PENDING].update(self.ids)

    def _l10n_vn_einvoice_send_live(self):
        """Pre-commit: one notification per record on screen, on its own channel."""
        ids = self.env.cr.precommit.data.pop(PENDING, set())
        docs = self.browse(sorted(ids)).exists()
        targets = docs._l10n_vn_einvoice_live_targets()
        bus = self.env["bus.bus"].sudo()
        for record in targets:
            bus._sendone((record, SUBCHANNEL), NOTIFICATION,
                         {"model": record._name, "id": record.id})
        docs._l10n_vn_einvoice_send_public_live()

    def _l10n_vn_einvoice_live_targets(self):
        """The records whose screens show these documents' state (each once)."""
        targets = []
        for doc in self:
            targets += [doc, *doc.move_id]
        return list(dict.fromkeys(targets))

    def _l10n_vn_einvoice_send_public_live(self):
        """Hook for public pages that show these documents (the POS ticket page)."""
