"""How many tries the public lookup page grants, per client, in one SQL statement.

Two buckets count every try in a fixed window: one per browser (the client's address and
its Odoo session) and one per address.  A buyer who mistypes a code twenty times locks
out only their own browser; a script that drops its cookie at each try still fills its
address's bucket, which holds ten browsers' worth so that an office or a shop behind one
address keeps working.  Which address is the client's is decided by
``controllers/client_address.py`` (``proxy_mode`` and the trusted proxies).

Counting is one ``INSERT … ON CONFLICT DO UPDATE`` statement for both buckets, run in its
own short READ COMMITTED transaction: thirty tries at once get exactly the remaining
places, never more (issue 11 §5), and a rolled-back request still counts.  Buckets hold
an HMAC of the client (keyed by the database secret), never an address in clear, and
are removed by the autovacuum once their window is over.
"""

import datetime
import hashlib
import hmac

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import SUPERUSER_ID, api, fields, models
from odoo.sql_db import Cursor
from odoo.tools import SQL
from odoo.tools.sql import column_exists

SESSION_LIMIT = 20
ADDRESS_LIMIT = 200
WINDOW = datetime.timedelta(minutes=10)

_COUNT = """
    WITH browser AS (
        INSERT INTO l10n_vn_einvoice_lookup_attempt AS a (bucket, window_start, tries)
        VALUES (%(browser)s, %(now)s, 1)
        ON CONFLICT (bucket) DO UPDATE SET
            tries = CASE WHEN a.window_start <= %(expired)s THEN 1 ELSE a.tries + 1 END,
            window_start = CASE WHEN a.window_start <= %(expired)s THEN %(now)s
                                ELSE a.window_start END
        RETURNING tries, window_start
    ), address AS (
        INSERT INTO l10n_vn_einvoice_lookup_attempt AS a (bucket, window_start, tries)
        SELECT %(address)s, %(now)s, 1 FROM browser WHERE browser.tries <= %(browser_limit)s
        ON CONFLICT (bucket) DO UPDATE SET
            tries = CASE WHEN a.window_start <= %(expired)s THEN 1 ELSE a.tries + 1 END,
            window_start = CASE WHEN a.window_start <= %(expired)s THEN %(now)s
                                ELSE a.window_start END
        RETURNING tries, window_start
    )
    SELECT browser.tries, browser.window_start, address.tries, address.window_start
      FROM browser LEFT JOIN address ON TRUE
"""


class L10nVnEinvoiceLookupAttempt(models.Model):
    """One counting bucket of the public lookup page (see the module docstring)."""

    _name = "l10n_vn_einvoice.lookup.attempt"
    _description = "E-invoice lookup attempts"
    _log_access = False

    bucket = fields.Char(required=True, help="HMAC of the browser or of the address.")
    window_start = fields.Datetime(required=True, index=True)
    tries = fields.Integer(required=True)

    _bucket_unique = models.Constraint("UNIQUE(bucket)", "One row per bucket.")

    def _auto_init(self):
        # EXTEND 'base': earlier versions kept one row per try; those rows are only a few
        # minutes of counting and cannot become buckets: start the table afresh.
        if column_exists(self.env.cr, self._table, "client_hash"):
            self.env.cr.execute(SQL("DROP TABLE %s", SQL.identifier(self._table)))
        return super()._auto_init()

    def _bucket(self, kind, value):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    @api.model
    def _admit(self, address, browser):
        """Count one try of ``browser`` from ``address``; 0 when it may go on, else the
        seconds until its window ends (the ``Retry-After`` to answer)."""
        now = fields.Datetime.now()
        self.env.cr.execute(_COUNT, {
            "browser": self._bucket("browser", f"{address}|{browser}"),
            "address": self._bucket("address", address), "now": now,
            "expired": now - WINDOW, "browser_limit": SESSION_LIMIT})
        browser_tries, browser_start, address_tries, address_start = self.env.cr.fetchone()
        if browser_tries > SESSION_LIMIT:
            return _seconds_left(browser_start, now)
        if address_tries > ADDRESS_LIMIT:
            return _seconds_left(address_start, now)
        return 0

    @api.autovacuum
    def _gc_attempts(self):
        self.env.cr.execute("DELETE FROM l10n_vn_einvoice_lookup_attempt WHERE window_start < %s",
                            [fields.Datetime.now() - WINDOW])


def _seconds_left(start, now):
    return max(1, int((start + WINDOW - now).total_seconds()))


def count_try(cr, address, browser):
    """Count a try in ``cr``'s own transaction (see the module docstring): ``cr`` is a
    fresh cursor nobody else uses, opened by the caller as ``with …cursor() as cr``,
    which commits it as soon as this returns."""
    if isinstance(cr, Cursor):  # a test cursor shares its test's transaction
        cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
    env = api.Environment(cr, SUPERUSER_ID, {})
    return env["l10n_vn_einvoice.lookup.attempt"]._admit(address, browser)
