"""Walk the e-invoice tamper-evidence chains of a database and name the first broken link.

Run with Odoo's Python from the repository root::

    python scripts/check_chain.py -d DATABASE [-c odoo.conf] [--company ID ...]
    python scripts/check_chain.py -d DATABASE [-c odoo.conf] --rotate-key
    python scripts/check_chain.py -d DATABASE [-c odoo.conf] --adopt-keys

Odoo is found like scripts/common.sh does ($ODOO_SRC, else /opt/odoo).  Prints one line
per broken chain and a summary; exits 1 when a chain is broken, 0 when all links verify.
The links are keyed with a file of the server (``<data_dir>/l10n_vn_einvoice/chain_keys``
or the ``l10n_vn_einvoice_chain_key_dir`` option): run it as the Odoo system user, with
the server's configuration.  ``--rotate-key`` starts a new key for the links made from
then on (keep the old key files: they verify the older links).  ``--adopt-keys`` makes
DATABASE the owner of its key directory: for a database restored from a backup (new
PostgreSQL oid) that now is the production one — a copy is otherwise refused the key.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _odoo():
    source = os.environ.get("ODOO_SRC", "/opt/odoo")
    if source not in sys.path:
        sys.path.insert(0, source)
    import odoo  # only importable once ODOO_SRC is on sys.path

    return odoo


def _environment(database: str, config: str | None):
    odoo = _odoo()
    from odoo.modules.registry import Registry

    args = ["-d", database, "--log-level=warn"]
    if config:
        args += ["-c", config]
    else:
        addons = [f"{os.environ.get('ODOO_SRC', '/opt/odoo')}/addons", str(REPO_ROOT)]
        args += [f"--addons-path={','.join(addons)}"]
    odoo.tools.config.parse_config(args)
    return odoo, Registry(database)


def check(database: str, config: str | None = None, companies=()) -> tuple[int, list[dict]]:
    """(links verified, first broken link of each broken chain) of ``database``."""
    odoo, registry = _environment(database, config)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        chosen = env["res.company"].browse(companies) if companies else None
        return env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_check_chain(chosen)


def rotate_key(database: str, config: str | None = None) -> str:
    """Start a new chain key for ``database``; returns its id."""
    odoo, registry = _environment(database, config)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        return env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_rotate_chain_key()


def adopt_keys(database: str, config: str | None = None) -> str:
    """Make ``database`` the owner of its chain key directory; returns the directory."""
    odoo, registry = _environment(database, config)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        return str(env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_adopt_chain_keys())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-c", "--config")
    parser.add_argument("--company", type=int, action="append", default=[])
    parser.add_argument("--rotate-key", action="store_true",
                        help="start a new chain key (older links keep their own key)")
    parser.add_argument("--adopt-keys", action="store_true",
                        help="make this database the owner of its key directory (a "
                             "restored backup that is now the production database)")
    args = parser.parse_args(argv)
    if args.adopt_keys:
        print(f"{args.database} now owns {adopt_keys(args.database, args.config)}")
        return 0
    if args.rotate_key:
        print(f"new chain key {rotate_key(args.database, args.config)}")
        return 0
    checked, breaks = check(args.database, args.config, args.company)
    for item in breaks:
        print(f"BROKEN company={item['company_id']} symbol={item['symbol']} "
              f"link={item['chain_index']} document={item['document_id']} "
              f"({item['name']}): {item['reason']}")
    print(f"{checked} links verified, {len(breaks)} broken chain(s)")
    return 1 if breaks else 0


if __name__ == "__main__":
    sys.exit(main())
