"""What a POS sync pays for its e-invoice beyond the document itself (issue 27 item 2,
``benchmarks/pos_checkout.py``): no tracking message for the order's link to its
document, the database identity asked once per connection, and the outbox workers woken
through a new connection at most once a second while every transaction still makes the
job due."""

import datetime

from odoo.addons.l10n_vn_einvoice.models import einvoice_document
from odoo.tests import tagged

from .pos_common import VnPosCommon


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPosSyncCost(VnPosCommon):

    def test_the_order_gets_its_einvoice_without_a_tracking_message(self):
        session = self.open_session(self.config_a)
        block = self.config_a.l10n_vn_einvoice_reserve_block(datetime.date.today().year)
        order = self.sync(self.order_data(session, code=self.codes_of(block)[0]))
        self.env.flush_all()
        self.env.cr.precommit.run()  # where mail writes its tracking messages
        self.assertEqual(order.l10n_vn_einvoice_state, "ready")
        tracked = self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", "pos.order"),
            ("mail_message_id.res_id", "=", order.id)])
        self.assertFalse(tracked.mapped("field_id.name"))

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
