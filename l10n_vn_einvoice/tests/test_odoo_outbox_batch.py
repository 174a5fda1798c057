"""What one outbox batch does once instead of once per document
(``models/einvoice_outbox_batch.py``): the delivery cron is woken once for the batch (and
finds every document of it), and a context sent over JSON-RPC cannot silence a
wake-up."""

from odoo.tests import tagged

from ..models.einvoice_outbox_batch import BATCH_KEY
from .test_odoo_delivery import DeliveryCommon

EMAIL_CRON = "l10n_vn_einvoice.ir_cron_einvoice_email"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestOutboxBatch(DeliveryCommon):

    def _email_triggers(self):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.env.ref(EMAIL_CRON).id)])

    def test_batch_wakes_the_delivery_cron_once(self):
        docs = self._document(accept=False) | self._document(accept=False) \
            | self._document(accept=False)
        before = self._email_triggers()
        self.env["l10n_vn_einvoice.outbox"]._process_due()
        self.assertEqual(docs.mapped("state"), ["accepted"] * 3)
        self.assertEqual(docs.mapped("email_pending"), [True] * 3)
        self.assertEqual(self._email_triggers() - before, 1, "one wake-up for the batch")
        self.assertEqual(self._mail_cron(), docs, "and the cron finds all three")

    def test_a_context_from_a_client_cannot_silence_a_wake_up(self):
        doc = self._document(accept=False)
        before = self._email_triggers()
        # JSON-RPC can send the key, never the Python object the worker puts there
        forged = doc.with_context(**{BATCH_KEY: {"wake": []}})
        forged._l10n_vn_einvoice_set_outcome({"state": "accepted"})
        self.assertGreaterEqual(self._email_triggers() - before, 1, "woken at once")
