"""A status changing on an open screen (issue 26 §6), in headless Chromium: the invoice,
the e-invoice, the POS order and the buyer's ticket page are opened while the e-invoice
is ready to send; the tour then clicks nothing, the test runs the outbox worker as the
cron would (when the tour's browser says it is waiting), and the screen shows the
accepted e-invoice by itself, without a reload, in Vietnamese."""

import threading

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser

from .sandbox_server import running_sandbox
from .test_tour_invoice import VnTourCommon

WORKER_MARK = "l10n_vn_einvoice.run_worker"


class WorkerOnCue:
    """The outbox worker, run in a thread of the test when the tour logs
    :data:`WORKER_MARK` (the browser's event thread must not wait on it); it works in
    the test's transaction through a test cursor, as the web requests do."""

    def cue_worker(self):
        self.worker_runs = []
        self.worker_errors = []
        original = ChromeBrowser._handle_console
        test = self

        def handle_console(browser, **event):
            first = (event.get("args") or [{}])[0].get("value")
            if event.get("type") == "log" and first == WORKER_MARK:
                thread = threading.Thread(target=test.run_worker, name="einvoice worker")
                test.worker_runs.append(thread)
                thread.start()
            return original(browser, **event)

        self.patch(ChromeBrowser, "_handle_console", handle_console)

    def run_worker(self):
        try:
            with self.registry.cursor() as cr:
                # the cron's user and language, not the company's
                env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
                env["l10n_vn_einvoice.outbox"]._process_due()
        except Exception as error:  # reported by the test, not lost in the thread
            self.worker_errors.append(error)

    def assert_worker_ran(self):
        for thread in self.worker_runs:
            thread.join(timeout=60)
        self.assertEqual(self.worker_errors, [])
        self.assertEqual(len(self.worker_runs), 1)
        self.env.invalidate_all()


@tagged("post_install", "-at_install", "post_install_l10n")
class TestTourLiveStatus(WorkerOnCue, VnTourCommon):

    def setUp(self):
        super().setUp()
        self.cue_worker()
        # a sandbox of its own: the class's one keeps the numbers of the other tests'
        # invoices (rolled back here) and refuses the same number twice
        self.sandbox = self.enterContext(running_sandbox())
        self.company.l10n_vn_einvoice_provider_url = self.sandbox.url
        self.company.partner_id.lang = "vi_VN"
        self.move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner_a.id,
            "invoice_line_ids": [(0, 0, {"product_id": self.bread.id, "quantity": 2})]})
        self.move.action_post()
        self.doc = self.move.l10n_vn_einvoice_document_id
        self.assertEqual(self.doc.state, "ready")

    def test_invoice_form_follows_its_einvoice(self):
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{self.move.id}",
            "l10n_vn_einvoice_live_invoice", login=self.env.user.login, timeout=120)
        self.assert_worker_ran()
        self.assertEqual(self.doc.state, "accepted")

    def test_einvoice_form_follows_its_state(self):
        self.start_tour(
            f"/odoo/action-l10n_vn_einvoice.action_einvoice_documents/{self.doc.id}",
            "l10n_vn_einvoice_live_document", login=self.env.user.login, timeout=120)
        self.assert_worker_ran()
        self.assertEqual(self.doc.state, "accepted")
