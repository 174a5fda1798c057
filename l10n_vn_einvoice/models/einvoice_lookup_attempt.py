import datetime
import hashlib

from odoo import api, fields, models

LIMIT = 20
WINDOW = datetime.timedelta(minutes=10)


class L10nVnEinvoiceLookupAttempt(models.Model):
    """Tries on the public lookup page, per client address.  A table rather than process
    memory, so the limit holds across HTTP workers and servers; the address is kept only
    as a hash, and only for the length of the window."""

    _name = "l10n_vn_einvoice.lookup.attempt"
    _description = "E-invoice lookup attempt"
    _log_access = False

    client_hash = fields.Char(required=True, index=True)
    tried_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _try_from(self, address):
        """Record one try from ``address``; False when it is over the limit (not recorded:
        a client hammering the page cannot extend its own ban forever)."""
        client_hash = hashlib.sha256((address or "").encode()).hexdigest()
        since = fields.Datetime.now() - WINDOW
        if self.sudo().search_count([("client_hash", "=", client_hash),
                                     ("tried_at", ">=", since)], limit=LIMIT) >= LIMIT:
            return False
        self.sudo().create({"client_hash": client_hash})
        return True

    @api.autovacuum
    def _gc_attempts(self):
        self.sudo().search([("tried_at", "<", fields.Datetime.now() - WINDOW)]).unlink()
