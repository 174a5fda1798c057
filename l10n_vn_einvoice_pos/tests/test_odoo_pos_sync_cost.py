"""What a POS sync pays for its e-invoice beyond the document itself (issue 27 item 2,
``benchmarks/pos_checkout.py``): the database identity asked once per connection, and
the outbox workers woken through a new connection at most once a second while every
transaction still makes the job due."""

from odoo.addons.l10n_vn_einvoice.models import einvoice_document
from odoo.tests import tagged

from .pos_common import VnPosCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosSyncCost(VnPosCommon):

    def test_database_identity_is_asked_once_per_connection(self):
        Document = self.env["l10n_vn_einvoice.document"]
        identity = Document._l10n_vn_einvoice_database_identity()
        self.assertRegex(identity, r"^\d+:")
        with self.assertQueryCount(0):
            self.assertEqual(Document._l10n_vn_einvoice_database_identity(), identity)

    def test_every_transaction_makes_the_job_due_one_wake_up_a_second(self):
        cron = self.env.ref("l10n_vn_einvoice.ir_cron_outbox")
        cron.sudo().active = True  # as on a server (an inactive job gets no trigger)
        Trigger = self.env["ir.cron.trigger"].sudo()
        Document = self.env["l10n_vn_einvoice.document"]
        dbname = self.env.cr.dbname
        einvoice_document._LAST_WAKE.pop(dbname, None)
        self.addCleanup(einvoice_document._LAST_WAKE.pop, dbname, None)
        postcommit = self.env.cr.postcommit
        postcommit.clear()  # what earlier tests of this cursor queued (never run here)

        def wake_ups():
            return sum(getattr(f, "__name__", "") == "_notifydb" for f in postcommit._funcs)

        before = Trigger.search_count([("cron_id", "=", cron.id)])
        Document._l10n_vn_einvoice_trigger_worker()
        Document._l10n_vn_einvoice_trigger_worker()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 2)
        self.assertEqual(wake_ups(), 1)
        # a second later the next transaction wakes the workers again
        einvoice_document._LAST_WAKE[dbname] -= einvoice_document.WAKE_INTERVAL
        Document._l10n_vn_einvoice_trigger_worker()
        self.assertEqual(wake_ups(), 2)
        postcommit.clear()
