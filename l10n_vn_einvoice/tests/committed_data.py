"""Tests that need real, committed transactions (concurrent workers, worker processes,
PostgreSQL restarts) on the test database, and clean up what they committed."""

import os
import subprocess
import sys

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name
from odoo.tools import config

from ..models import einvoice_chain_key as chain_key
from .reliability_docs import SYMBOLS, queued_document
from .sandbox_server import running_sandbox

LONG = os.environ.get("L10N_VN_LONG_TESTS") == "1"


def odoo_shell(dbname):
    """A fresh ``odoo-bin shell`` process on the committed database, reading stdin."""
    odoo_bin = os.path.join(os.path.dirname(next(iter(sys.modules["odoo"].__path__))),
                            "odoo-bin")
    args = [sys.executable, odoo_bin, "shell", "-d", dbname, "--no-http",
            "--log-level=warn"]
    if config["config"]:
        args += ["-c", config["config"]]
    else:
        paths = config["addons_path"]
        args.append("--addons-path=" + (paths if isinstance(paths, str) else ",".join(paths)))
    return subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


class CommittedDataCase(BaseCase):
    """Documents of the main company, committed, sent to a sandbox of each test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()

    def cursor(self):
        """A real cursor: its commits are seen by the other workers' transactions."""
        return db_connect(self.dbname).cursor()

    def use_sandbox(self):
        self.sandbox = self.enterContext(running_sandbox())
        with self.cursor() as cr:
            company = api.Environment(cr, SUPERUSER_ID, {}).ref("base.main_company")
            self.company_id = company.id
            self.addCleanup(self._restore, company.l10n_vn_einvoice_provider_url)
            company.l10n_vn_einvoice_provider_url = self.sandbox.url

    def _restore(self, url):
        """Remove what the test committed: its documents, queue rows, counters, URL."""
        with self.cursor() as cr:
            params = {"company": self.company_id, "symbols": list(SYMBOLS.values())}
            cr.execute("""
                DELETE FROM ir_attachment WHERE res_model = 'l10n_vn_einvoice.document'
                   AND res_id IN (SELECT id FROM l10n_vn_einvoice_document
                                   WHERE company_id = %(company)s
                                     AND symbol = ANY(%(symbols)s))""", params)
            for table in ("l10n_vn_einvoice_document", "l10n_vn_einvoice_sequence"):
                cr.execute(f"DELETE FROM {table} WHERE company_id = %(company)s "
                           "AND symbol = ANY(%(symbols)s)", params)
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.company"].browse(self.company_id).l10n_vn_einvoice_provider_url = url
            # the chain heads the committed postings recorded beside the key go too
            directory = env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_chain_key_directory()
            for symbol in SYMBOLS.values():
                chain_key.head_path(directory, self.company_id, symbol).unlink(missing_ok=True)

    def queue(self, kinds):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].browse(self.company_id)
            return [queued_document(env, company, kind).id for kind in kinds]
