"""Concurrent tries on the public lookup page never pass the limit (issue 11 §5).

The test servers of ``HttpCase`` serialise requests on one test cursor, so the race is run
for real: a threaded ``odoo-bin`` on the committed test database, thirty requests of one
browser released together, and then the counting statement itself from thirty threads,
each with its own database connection."""

import os
import socket
import subprocess
import sys
import threading
import time

import requests

from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import config

from ..models import einvoice_lookup_attempt as limiter
from .committed_data import CommittedDataCase

CONCURRENT = 30
WRONG = "ZZZZZZZZZZ"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install", "post_install_l10n")
class TestLookupRace(CommittedDataCase):

    def setUp(self):
        super().setUp()
        with self.cursor() as cr:
            cr.execute("SELECT COALESCE(MAX(id), 0) FROM l10n_vn_einvoice_lookup_attempt")
            self.first_new_id = cr.fetchone()[0] + 1
        self.addCleanup(self._forget_tries)

    def _forget_tries(self):
        with self.cursor() as cr:
            cr.execute("DELETE FROM l10n_vn_einvoice_lookup_attempt WHERE id >= %s",
                       [self.first_new_id])

    def _server(self):
        """A threaded odoo-bin on a free loopback port, serving the committed database."""
        port = free_port()
        odoo_bin = os.path.join(os.path.dirname(next(iter(sys.modules["odoo"].__path__))),
                                "odoo-bin")
        paths = config["addons_path"]
        args = [sys.executable, odoo_bin, "-d", self.dbname, f"--db-filter=^{self.dbname}$",
                "--http-interface=127.0.0.1", f"--http-port={port}",
                f"--gevent-port={free_port()}", "--max-cron-threads=0", "--log-level=warn",
                "--addons-path=" + (paths if isinstance(paths, str) else ",".join(paths))]
        for option in ("db_host", "db_port", "db_user", "db_password"):
            if config[option]:
                args.append(f"--{option}={config[option]}")  # odoo-bin spells them so
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.addCleanup(process.wait, 30)
        self.addCleanup(process.terminate)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:  # the first answer waits for the registry to load
                if requests.get(f"{url}/web/health", timeout=30).ok:
                    return url
            except requests.RequestException:
                time.sleep(0.2)
        self.fail(f"odoo-bin did not start: {process.stderr.read1().decode()[-2000:]}")
        return url

    def test_thirty_concurrent_tries_of_one_browser(self):
        url = self._server()
        browser = requests.Session()
        page = browser.get(f"{url}/einvoice/lookup", timeout=30)
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        token = page.text[start:page.text.index('"', start)]
        barrier = threading.Barrier(CONCURRENT)
        statuses = []

        def attempt():
            barrier.wait(timeout=30)
            response = browser.post(f"{url}/einvoice/lookup", timeout=60,
                                    data={"csrf_token": token, "code": WRONG})
            statuses.append(response.status_code)

        threads = [threading.Thread(target=attempt) for _index in range(CONCURRENT)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        self.assertEqual(len(statuses), CONCURRENT)
        self.assertEqual(sorted(set(statuses)), [404, 429], statuses)
        self.assertEqual(statuses.count(404), limiter.SESSION_LIMIT,
                         "exactly the limit gets through, never more")

    def test_counting_statement_is_atomic(self):
        """Thirty connections count at once against one address: exactly the limit."""
        barrier = threading.Barrier(CONCURRENT)
        results, errors = [], []

        def attempt(index):
            try:
                with db_connect(self.dbname).cursor() as cr:
                    barrier.wait(timeout=30)
                    results.append(limiter.count_try(cr, "192.0.2.55", f"browser {index}"))
            except Exception as error:  # any failure of a thread fails the test below
                errors.append(repr(error))

        for index in range(limiter.ADDRESS_LIMIT - 10):
            with db_connect(self.dbname).cursor() as cr:
                self.assertEqual(limiter.count_try(cr, "192.0.2.55", f"earlier {index}"), 0)
        threads = [threading.Thread(target=attempt, args=(index,))
                   for index in range(CONCURRENT)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        self.assertEqual(results.count(0), 10, results)
        self.assertTrue(all(0 < wait <= limiter.WINDOW.total_seconds()
                            for wait in results if wait))
