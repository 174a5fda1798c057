"""PostgreSQL restarts while a real worker process is between claiming a row and storing
the provider's answer: after recovery every document is final, the provider holds one
invoice per document, and no number or cash-register code is skipped or reused.

Restarting the shared PostgreSQL cuts every connection of everyone on it, so this runs
only with ``L10N_VN_LONG_TESTS=1`` (outage of a few seconds: ``pg_ctlcluster restart``).
"""

import os
import shutil
import subprocess
import time

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged

from ..providers.sandbox.faults import Fault
from .committed_data import LONG, CommittedDataCase, odoo_shell

CLUSTER = os.environ.get("L10N_VN_PG_CLUSTER", "15 main").split()
SEND_SECONDS = 4  # each provider call, so the restart falls inside one
DRAIN = "env['l10n_vn_einvoice.outbox']._cron_process(batch_size=2, max_seconds=120)\n"


@tagged("post_install", "-at_install", "post_install_l10n")
class TestPostgresRestart(CommittedDataCase):

    def setUp(self):
        super().setUp()
        if not LONG:
            self.skipTest("set L10N_VN_LONG_TESTS=1 to restart PostgreSQL during a send")
        if not shutil.which("pg_ctlcluster"):
            self.skipTest("pg_ctlcluster is not available to restart PostgreSQL")
        self.use_sandbox()

    def run_worker(self, script, timeout=300):
        process = odoo_shell(self.dbname)
        out, err = process.communicate(script, timeout=timeout)
        return process.returncode, out, err

    def sending_rows(self, doc_ids):
        with self.cursor() as cr:
            cr.execute("""SELECT count(*) FROM l10n_vn_einvoice_outbox
                           WHERE document_id = ANY(%s) AND state = 'sending'""", (doc_ids,))
            return cr.fetchone()[0]

    def test_restart_between_claim_and_store(self):
        doc_ids = self.queue(("coded", "uncoded", "cash_register") * 2)
        self.sandbox.faults.add("*", Fault("latency", seconds=SEND_SECONDS, count=-1))
        # The cron entry point in a real worker process: claims 2 rows, commits, sends.
        process = odoo_shell(self.dbname)
        process.stdin.write(DRAIN)
        process.stdin.close()
        deadline = time.monotonic() + 120
        while not self.sending_rows(doc_ids):  # claimed and committed: now sending
            self.assertLess(time.monotonic(), deadline, "the worker never claimed a row")
            if process.poll() is not None:
                self.fail(f"the worker ended before claiming: {process.stderr.read()[-2000:]}")
            time.sleep(0.2)
        time.sleep(1)
        outage = time.monotonic()
        subprocess.run(["pg_ctlcluster", *CLUSTER, "restart"], check=True, timeout=60)
        outage = time.monotonic() - outage
        self.assertLess(outage, 30, "PostgreSQL took too long to come back")
        process.wait(timeout=300)
        first_worker_log = process.stderr.read()
        process.stdout.close()
        process.stderr.close()
        self.sandbox.faults.clear()
        self.assertIn("database connection lost while processing row", first_worker_log,
                      "the log tells why the worker stopped")

        # Recovery as in production: the rows it held come back when their lease
        # expires (pulled forward here), and the next cron run finishes the queue.
        with self.cursor() as cr:
            cr.execute("""UPDATE l10n_vn_einvoice_outbox SET lease_until = %s
                           WHERE document_id = ANY(%s) AND state = 'sending'""",
                       (fields.Datetime.subtract(fields.Datetime.now(), seconds=1), doc_ids))
        code, _out, err = self.run_worker(DRAIN)
        self.assertEqual(code, 0, err[-2000:])

        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            docs = env["l10n_vn_einvoice.document"].browse(doc_ids)
            stories = {doc.id: [(x.operation, x.result) for x in doc.exchange_ids.sorted("id")]
                       for doc in docs}
            for doc in docs:
                self.assertEqual(doc.state, "accepted", (doc.id, stories[doc.id],
                                                         first_worker_log[-2000:]))
                self.assertEqual(doc.outbox_ids.mapped("state"), ["done"])
                held = self.sandbox.sandbox.find("vnpt", doc.submission_key)
                self.assertIsNotNone(held, stories[doc.id])
                self.assertFalse(held.duplicated)
            self.assertEqual(self.sandbox.sandbox.count(), len(doc_ids),
                             "exactly one invoice per document at the provider")
            for kind in ("coded", "uncoded"):
                numbers = sorted(docs.filtered(lambda d, k=kind: d.kind == k).mapped("number"))
                self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 2)),
                                 f"{kind}: numbers gap-free, none reused")
            registers = docs.filtered(lambda d: d.kind == "cash_register")
            self.assertEqual(len(set(registers.mapped("tax_authority_code"))), 2)
            interrupted = [story for story in stories.values() if story[0] != ("issue", "ok")]
            self.assertTrue(interrupted, "the restart hit a send in progress")
            for story in interrupted:
                self.assertEqual(story[0][0], "lookup", "after an interrupted send: look up "
                                 "by submission key before anything is re-sent")
