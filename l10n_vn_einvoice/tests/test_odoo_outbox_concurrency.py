"""The outbox with committed data and real, concurrent transactions (not the test
transaction): two workers claiming at once never send the same row twice, and a worker
that dies between signing and sending, or between sending and storing the answer, leaves
nothing lost and nothing duplicated once another worker takes over after its lease.

Set ``L10N_VN_LONG_TESTS=1`` to also kill a real ``odoo-bin shell`` worker with SIGKILL.

The workers' tests run through the ``sandbox`` provider (VNPT's contract) and again through
EasyInvoice's and MISA meInvoice's contracts (``TestOutboxConcurrencyEasyInvoice``,
``TestOutboxConcurrencyMisa``): each ends with exactly one invoice at the provider per
document.
"""

import threading
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.sql_db import db_connect
from odoo.tests import tagged

from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.faults import Fault
from ..providers.sandbox.misa_contract import APP_ID
from .committed_data import LONG, CommittedDataCase, odoo_shell
from .common import SELLER_MST


# These tests commit on purpose (pylint's invalid-commit is disabled on those lines):
# other workers' transactions must see the rows, as in Odoo core's
# account/tests/test_sequence_mixin.py concurrency tests.
@tagged("post_install", "-at_install", "post_install_l10n")
class TestOutboxConcurrency(CommittedDataCase):

    store = "vnpt"  # the sandbox's store of the contract the company's provider speaks

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test's own workers must be the only ones: Odoo's cron thread (running when
        # the suite serves HTTP, woken by the triggers these tests commit) would take the
        # committed rows from under them. Switch the job off for the whole class and wait
        # for a run in progress to end (a running job holds its ir_cron row lock).
        with db_connect(cls.dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref("l10n_vn_einvoice.ir_cron_outbox")
            was_active = cron.active
            cron.active = False
            cr.commit()  # pylint: disable=invalid-commit
            # a run that never ends fails the class here instead of hanging the suite
            cr.execute("SET LOCAL lock_timeout = '120s'")
            cr.execute("SELECT id FROM ir_cron WHERE id = %s FOR UPDATE", [cron.id])
            cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id = %s", [cron.id])
        cls.addClassCleanup(cls._set_cron_active, was_active)

    def setUp(self):
        super().setUp()
        self.use_sandbox()
        self.claims = []

    @classmethod
    def _set_cron_active(cls, active):
        with db_connect(cls.dbname).cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {}).ref(
                "l10n_vn_einvoice.ir_cron_outbox").active = active

    def final_states(self, doc_ids):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            docs = env["l10n_vn_einvoice.document"].browse(doc_ids)
            return {doc.id: (doc.state, [(x.operation, x.result)
                                         for x in doc.exchange_ids.sorted("id")],
                             doc.submission_key) for doc in docs}

    def worker(self, doc_ids, taken, errors, started=None):
        """One cron worker: claim a small batch, commit, send, commit; until none left.

        ``started`` (a barrier) holds each worker after its first claim until the other
        has claimed too, so the test does not depend on thread scheduling.
        """
        try:
            with self.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                Outbox = env["l10n_vn_einvoice.outbox"]
                while True:
                    try:
                        rows = Outbox._claim(2, doc_ids)
                    except SerializationFailure:  # as _cron_process: claim again
                        cr.rollback()
                        self.claims.append((threading.get_ident(), "retry"))
                        continue
                    self.claims.append((threading.get_ident(), rows.ids))
                    cr.commit()  # pylint: disable=invalid-commit
                    if started is not None:
                        started.wait(timeout=60)
                        started = None
                    if not rows:
                        break
                    taken.extend(rows.mapped("document_id").ids)
                    rows._process(auto_commit=True)
        except Exception as error:  # reported to the main thread
            errors.append(error)

    def expire_leases(self, doc_ids):
        with self.cursor() as cr:
            cr.execute("""UPDATE l10n_vn_einvoice_outbox SET lease_until = %s
                           WHERE document_id = ANY(%s) AND state = 'sending'""",
                       (fields.Datetime.subtract(fields.Datetime.now(), seconds=1), doc_ids))
            return cr.rowcount

    def assert_sent_once(self, doc_ids):
        states = self.final_states(doc_ids)
        for doc_id, (state, story, key) in states.items():
            self.assertEqual(state, "accepted", (doc_id, story))
            held = self.sandbox.sandbox.find(self.store, key)
            self.assertIsNotNone(held, story)
            self.assertFalse(held.duplicated)
        self.assertEqual(self.sandbox.sandbox.count(), len(doc_ids))
        return states

    def cron_worker(self, errors):
        """The cron entry point itself, in a transaction of its own."""
        try:
            with self.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["l10n_vn_einvoice.outbox"]._cron_process(batch_size=2, max_seconds=120)
        except Exception as error:  # reported to the main thread
            errors.append(error)

    def test_two_cron_workers_never_send_the_same_row(self):
        doc_ids = self.queue(["coded", "cash_register"] * 15)
        # a slow provider keeps both workers busy at the same time
        self.sandbox.faults.add("*", Fault("latency", seconds=0.02, count=-1))
        errors = []
        threads = [threading.Thread(target=self.cron_worker, args=(errors,))
                   for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        self.sandbox.faults.clear()
        self.assertEqual(errors, [])
        states = self.assert_sent_once(doc_ids)
        for _state, story, _key in states.values():
            self.assertEqual(story, [("issue", "ok")], "one call per document")

    def test_two_claiming_workers_split_the_rows(self):
        doc_ids = self.queue(["coded", "uncoded"] * 6)
        self.sandbox.faults.add("*", Fault("latency", seconds=0.02, count=-1))
        taken = [[], []]
        errors = []
        started = threading.Barrier(2)
        threads = [threading.Thread(target=self.worker,
                                    args=(doc_ids, taken[i], errors, started))
                   for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.sandbox.faults.clear()
        self.assertEqual(errors, [])
        self.assertTrue(taken[0] and taken[1], f"both workers did part of the work: "
                        f"{taken}, claims {self.claims}, states {self.final_states(doc_ids)}")
        self.assertFalse(set(taken[0]) & set(taken[1]), "no row claimed by both")
        self.assertEqual(sorted(taken[0] + taken[1]), sorted(doc_ids))
        self.assert_sent_once(doc_ids)

    def test_worker_killed_between_signing_and_sending(self):
        doc_ids = self.queue(["coded", "uncoded", "cash_register"])
        with self.cursor() as cr:  # claims, commits, then dies before any call
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(len(env["l10n_vn_einvoice.outbox"]._claim(10, doc_ids)), 3)
        self.assertEqual(self.sandbox.sandbox.count(), 0)
        self.assert_taken_over(doc_ids, [("lookup", "unknown"), ("issue", "ok")])

    def test_worker_killed_between_sending_and_storing(self):
        doc_ids = self.queue(["coded", "uncoded", "cash_register"])
        cr = self.cursor()
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            rows = env["l10n_vn_einvoice.outbox"]._claim(10, doc_ids)
            cr.commit()  # pylint: disable=invalid-commit
            rows._process(auto_commit=False)  # the provider commits, the answer is lost
            cr.rollback()
        finally:
            cr.close()
        self.assertEqual(self.sandbox.sandbox.count(), 3)
        self.assert_taken_over(doc_ids, [("lookup", "ok")])

    def assert_taken_over(self, doc_ids, expected_story):
        """Nothing moves while the dead worker's lease runs; then another worker finishes."""
        taken, errors = [], []
        self.worker(doc_ids, taken, errors)
        self.assertEqual((taken, errors), ([], []), "a leased row is left alone")
        self.assertEqual(self.expire_leases(doc_ids), len(doc_ids))
        self.worker(doc_ids, taken, errors)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(taken), sorted(doc_ids))
        for _state, story, _key in self.assert_sent_once(doc_ids).values():
            self.assertEqual(story, expected_story)

    def test_cron_time_up_gives_back_the_rows_not_tried(self):
        """Through Odoo's own cron runner (``method_direct_trigger``: a progress record,
        ``cron_end_time``): ``_commit_progress`` is made to answer "time is up" after
        the first row.  The three rows claimed with it but not tried go back to the
        queue as they were, the job reports them as left (so Odoo runs it again at
        once), and the next run sends them once each, with no lookup first."""
        doc_ids = self.queue(["coded"] * 4)
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref("l10n_vn_einvoice.ir_cron_outbox")
            IrCron = env.registry["ir.cron"]
            real_commit_progress = IrCron._commit_progress
            done = []

            def time_up_after_one_row(self, processed=0, **kwargs):
                time_left = real_commit_progress(self, processed, **kwargs)
                if self.env.context.get("cron_id") != cron.id:
                    return time_left  # another job, in Odoo's own cron thread
                done.append(processed)
                return 0.0 if sum(done) else time_left

            last_progress = env["ir.cron.progress"].search([], order="id desc", limit=1).id or 0
            self.addCleanup(self._drop_triggers, cron.id)
            with patch.object(IrCron, "_commit_progress", time_up_after_one_row):
                cron.method_direct_trigger()
            cr.commit()  # pylint: disable=invalid-commit
            self.assertEqual(sum(done), 1)
            progress = env["ir.cron.progress"].search(
                [("cron_id", "=", cron.id), ("id", ">", last_progress)], order="id")
            self.assertEqual((progress[0].done, progress[0].remaining), (1, 3))
            self.assertTrue(env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
                            "rows are left: the job is due again")
            cr.execute("""SELECT state, attempts, lease_until FROM l10n_vn_einvoice_outbox
                           WHERE document_id = ANY(%s) ORDER BY state""", [doc_ids])
            self.assertEqual(cr.fetchall(), [("done", 1, None)] + [("pending", 0, None)] * 3)
            self.assertEqual(self.sandbox.sandbox.count(), 1)

            cron.method_direct_trigger()
            cr.commit()  # pylint: disable=invalid-commit
        for _state, story, _key in self.assert_sent_once(doc_ids).values():
            self.assertEqual(story, [("issue", "ok")])

    def _drop_triggers(self, cron_id):
        with self.cursor() as cr:
            cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id = %s", [cron_id])

    def test_sigkill_of_a_real_worker_process(self):
        if not LONG:
            self.skipTest("set L10N_VN_LONG_TESTS=1 to kill a real odoo-bin worker")
        doc_ids = self.queue(["coded", "cash_register"])
        script = (
            "import os, signal\n"
            f"rows = env['l10n_vn_einvoice.outbox']._claim(10, {doc_ids!r})\n"
            "env.cr.commit()\n"
            "rows._process(auto_commit=False)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
        process = odoo_shell(self.dbname)
        process.communicate(script, timeout=300)
        self.assertEqual(process.returncode, -9, "the worker was killed")
        self.assertEqual(self.sandbox.sandbox.count(), 2,
                         "the killed worker reached the provider")
        self.assert_taken_over(doc_ids, [("lookup", "ok")])


class _OtherContract:
    """The company's provider switched (and put back) to ``provider``, whose contract the
    sandbox speaks.  Neither EasyInvoice nor MISA offers cash-register invoices: their
    documents are coded and uncoded."""

    provider = ""
    FIELDS = ("l10n_vn_einvoice_provider", "l10n_vn_einvoice_username",
              "l10n_vn_einvoice_password", "l10n_vn_einvoice_account", "vat")

    def use_sandbox(self):
        running = super().use_sandbox()
        with self.cursor() as cr:
            company = api.Environment(cr, SUPERUSER_ID, {})["res.company"].browse(
                self.company_id)
            self.addCleanup(self._put_back, {name: company[name] for name in self.FIELDS})
            company.write({
                "l10n_vn_einvoice_provider": self.provider,
                "l10n_vn_einvoice_username": DEFAULT_ACCOUNT,
                "l10n_vn_einvoice_password": DEFAULT_PASSWORD,
                "l10n_vn_einvoice_account": APP_ID if self.provider == "misa" else False,
                # MISA's token is for a company by its tax code
                "vat": company.vat or SELLER_MST})
        return running

    def _put_back(self, values):
        with self.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["res.company"].browse(
                self.company_id).write(values)

    def queue(self, kinds):
        return super().queue(["uncoded" if kind == "cash_register" else kind
                              for kind in kinds])

    # the cron's time budget and a real process's death are the outbox's, not the
    # contract's: they run once, above
    test_cron_time_up_gives_back_the_rows_not_tried = None
    test_sigkill_of_a_real_worker_process = None


@tagged("post_install", "-at_install", "post_install_l10n")
class TestOutboxConcurrencyEasyInvoice(_OtherContract, TestOutboxConcurrency):

    provider = store = "easyinvoice"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestOutboxConcurrencyMisa(_OtherContract, TestOutboxConcurrency):

    provider = store = "misa"
