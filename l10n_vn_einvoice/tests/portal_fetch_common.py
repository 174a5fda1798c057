"""Odoo set-up of the portal fetch tests: the sandbox plays the tax portal on loopback, the
system parameters point the fetch at it (no pause between calls in tests), and the real
purchase responses of 2026 are published for the company's tax code."""

import datetime

from odoo.tools import SQL

from ..providers.sandbox.portal_contract import PREFIX
from ..providers.sandbox.server import start_in_thread
from ..wizard.portal_fetch_wizard import PARAM_PACE, PARAM_TIMEOUT, PARAM_URL, PASSWORD_KEY
from .portal_reconciliation_common import MODEL, PortalReconciliationCommon
from .portal_sandbox_data import PASSWORD, portal_contract, publish_purchases

FETCH = "l10n_vn_einvoice.portal_fetch"
MARCH_APRIL = (datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))


class PortalFetchCommon(PortalReconciliationCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.running = start_in_thread()
        cls.addClassCleanup(cls.running.stop)
        cls.portal = portal_contract(cls.running)
        cls.published = publish_purchases(cls.running, cls.company.vat)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param(PARAM_URL, cls.running.url + PREFIX.rstrip("/"))
        params.set_param(PARAM_PACE, "0")
        params.set_param(PARAM_TIMEOUT, "5")

    def setUp(self):
        super().setUp()
        self.running.faults.clear()

    def open_wizard(self, reconciliation, user=None):
        """The dialog as the button opens it: its defaults fetch the portal's captcha."""
        env = self.env(user=user or self.accountant)
        action = env[MODEL].browse(reconciliation.id).action_open_fetch()
        Fetch = env[FETCH].with_context(**action["context"])
        return Fetch.create(Fetch.default_get(list(Fetch._fields)))

    def fetch(self, wizard, password=PASSWORD, captcha=None):
        wizard.captcha_text = captcha or self.portal.current_captcha.text
        return wizard.with_context(**{PASSWORD_KEY: password}).action_fetch()


def tables_holding(env, secret):
    """Every text column of every table of the database, searched for ``secret``."""
    env.flush_all()
    env.cr.execute("""
        SELECT c.table_name, c.column_name FROM information_schema.columns c
          JOIN information_schema.tables t ON t.table_name = c.table_name
               AND t.table_schema = c.table_schema AND t.table_type = 'BASE TABLE'
         WHERE c.table_schema = 'public'
           AND c.data_type IN ('character varying', 'text', 'jsonb', 'bytea')""")
    found = []
    for table, column in env.cr.fetchall():
        env.cr.execute(SQL("SELECT 1 FROM %s WHERE position(%s in %s::text) > 0 LIMIT 1",
                           SQL.identifier(table), secret, SQL.identifier(column)))
        if env.cr.fetchone():
            found.append(f"{table}.{column}")
    return found
