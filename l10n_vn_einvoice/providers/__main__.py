"""``python -m l10n_vn_einvoice.providers sandbox …``: run the sandbox provider.

Example: ``python -m l10n_vn_einvoice.providers sandbox --port 8899 --data /tmp/sbx
--fault ImportAndPublishInv:lost_after_commit:1``.  Only loopback hosts are accepted.  The
admin token of ``/_sandbox/*`` is printed at start-up (``--admin-token`` or
``$L10N_VN_SANDBOX_TOKEN`` to choose it).
"""

from __future__ import annotations

import argparse
import sys

from .sandbox.core import DEFAULT_ACCOUNT
from .sandbox.faults import FaultPlan, parse_fault_spec
from .sandbox.server import TOKEN_ENV, admin_token, check_loopback, serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m l10n_vn_einvoice.providers")
    commands = parser.add_subparsers(dest="command", required=True)
    sandbox = commands.add_parser("sandbox", help="run the sandbox provider (loopback only)")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8899)
    sandbox.add_argument("--data", required=True, help="data directory (kept across restarts)")
    sandbox.add_argument("--account", default="",
                         help=f"the account every operation needs (default {DEFAULT_ACCOUNT!r})")
    sandbox.add_argument("--password", default="", help="password of --account")
    sandbox.add_argument("--admin-token", default="",
                         help=f"token of the /_sandbox/* admin API (default ${TOKEN_ENV}, "
                              "else random; printed at start-up)")
    sandbox.add_argument("--fault", action="append", default=[], metavar="OP:KIND[:ARG][:COUNT]",
                         help="inject a fault (repeatable), e.g. ImportAndPublishInv:http503:2")
    sandbox.add_argument("--workers", type=int, default=1,
                         help="server processes sharing the port and data directory, for "
                              "load on the VNPT contract (default 1; faults need 1)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        check_loopback(args.host)
        plan = FaultPlan()
        for spec in args.fault:
            plan.add(*parse_fault_spec(spec))
        if args.fault and args.workers > 1:
            raise ValueError("--fault needs --workers 1: each worker would count the faults")
        if args.workers < 1:
            raise ValueError("--workers must be at least 1")
    except ValueError as exc:
        # A command-line tool prints, as odoo/cli/*.py does (marked noqa T201 there).
        print(f"error: {exc}", file=sys.stderr)  # pylint: disable=print-used
        return 2
    token = admin_token(args.admin_token)
    print(f"sandbox provider on http://{args.host}:{args.port} (data: {args.data})\n"  # pylint: disable=print-used
          f"sandbox admin token (Authorization: Bearer …, for /_sandbox/*): {token}",
          file=sys.stderr, flush=True)
    try:
        serve(args.host, args.port, args.data, account=args.account, password=args.password,
              faults=plan, token=token, workers=args.workers)
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
