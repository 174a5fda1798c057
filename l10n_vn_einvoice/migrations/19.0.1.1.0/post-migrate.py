"""Upgrade to 19.0.1.1.0: the status seal (``chain_seal``) is new.

Documents chained before the upgrade have no seal, and the chain check would name every
one of them.  They are sealed once here, as they stand at the upgrade: the seal then
proves what the server found, not what it wrote at the time (a change made in SQL before
the upgrade is not seen; the chain links themselves, which older versions already wrote,
still catch a change of what each document says).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    documents = env["l10n_vn_einvoice.document"].with_context(active_test=False).search(
        [("chain_hash", "!=", False), ("chain_seal", "=", False)])
    documents._l10n_vn_einvoice_seal()
