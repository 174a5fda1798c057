"""Invoices per second from VNPT clients to the sandbox provider running as a server.

The sandbox runs in its own process (``python -m l10n_vn_einvoice.providers sandbox``), as
a provider's server does in production, on loopback.  Clients are processes too, as
Odoo's workers are.  Each of ``--rounds`` rounds measures both: one client alone issuing
``--count`` invoices (baseline) and ``--clients`` clients issuing as many between them at
the same time (value), in alternating order from one round to the next (one client first
in odd rounds, last in even ones), so both see the same machine and the same sandbox
state; the RESULT line takes the best round of each (the same number of rounds for both:
the least disturbed by the rest of the machine) and the median is printed beside it.
Each issue is the full round trip the Odoo layer makes (ImportAndPublishInv +
GetMCCQThueByFkeys + listInvByCusFkey), and every invoice must come back accepted.  The
time the sandbox spent in its handlers (its ``/_sandbox/health`` counters) shows how much
of each round trip is the tax authority's work.  Goal: 4 clients reach at least 1.5 × one
client.  Run from the repository root:
``python benchmarks/provider_roundtrip.py [--count N] [--clients N] [--rounds N]``.
``--provider viettel|bkav|easyinvoice|misa`` measures that provider's client against the
sandbox speaking its contract instead of VNPT's (one RESULT line per provider).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import REPO_ROOT, result_line
from l10n_vn_einvoice.providers.registry import make_client
from l10n_vn_einvoice.providers.sandbox.bkav_contract import PARTNER_GUID, PARTNER_TOKEN
from l10n_vn_einvoice.providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from l10n_vn_einvoice.providers.sandbox.misa_contract import APP_ID
from l10n_vn_einvoice.tests import std_fixtures

GOAL_RATIO = 1.5
ADMIN_TOKEN = secrets.token_urlsafe(24)  # of the sandbox this run starts


PROVIDERS = ("vnpt", "viettel", "bkav", "easyinvoice", "misa")
PROVIDER = os.environ.get("L10N_VN_ROUNDTRIP_PROVIDER", "vnpt")  # set by --provider
# HTTP requests of a client's warm-up, and of one issue: VNPT ImportAndPublishInv +
# GetMCCQThueByFkeys + listInvByCusFkey; Viettel createInvoice (login and templates in the
# warm-up); BKAV create, sign, status; EasyInvoice importAndIssueInvoice; MISA publishhsm +
# status (token and a lookup under both paths in the warm-up)
REQUESTS = {"vnpt": (1, 3), "viettel": (3, 1), "bkav": (1, 3), "easyinvoice": (1, 1),
            "misa": (3, 2)}
# The sandbox keeps these contracts' tokens (Viettel, MISA) and invoices awaiting their
# signature (BKAV) in its process's memory: one server process serves them.
ONE_PROCESS = ("viettel", "bkav", "misa")


def _client(provider: str, url: str):
    """A client of ``provider`` on the sandbox's default accounts (the seller of the
    benchmark invoice, its symbol listed where the API lists none), warmed up (WSDL
    parsed, token taken, connection open), and the invoice it issues: numbered by the
    provider where the client would send the fixture's number."""
    invoice = std_fixtures.vat_invoice()
    seller, symbols = invoice.seller.tax_code, [("1", invoice.symbol)]
    if provider == "bkav":
        client = make_client("bkav", f"{url}/WSPublicEHoaDon.asmx", username=PARTNER_GUID,
                             password=PARTNER_TOKEN, symbols=symbols, timeout=60)
    else:
        client = make_client(provider, url, username=DEFAULT_ACCOUNT,
                             password=DEFAULT_PASSWORD, account_password=DEFAULT_PASSWORD,
                             account=APP_ID if provider == "misa" else DEFAULT_ACCOUNT,
                             seller_tax_code=seller, symbols=symbols, timeout=60)
    client.lookup(uuid.uuid4().hex)
    if provider == "viettel":
        client.list_symbols()  # the templates it issues under, fetched once
    if provider != "vnpt":
        invoice = dataclasses.replace(invoice, number=None)
    return client, invoice


def _issue_many(url: str, count: int, start) -> None:
    """One client process: wait for ``start``, then issue ``count`` invoices."""
    client, invoice = _client(PROVIDER, url)  # warmed up before the clock
    start.wait()
    for _ in range(count):
        result = client.issue(uuid.uuid4().hex, invoice)
        if result.state != "accepted":
            raise SystemExit(f"benchmark invoice not accepted: {result.message}")


def _health(url):
    request = urllib.request.Request(f"{url}/_sandbox/health",
                                     headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    return json.loads(urllib.request.urlopen(request, timeout=10).read())


def _run(url: str, count: int, clients: int) -> tuple[float, float]:
    """(invoices per second, sandbox handler seconds per invoice) of ``clients`` processes
    issuing ``count`` invoices between them."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    per_client = count // clients
    processes = [context.Process(target=_issue_many, args=(url, per_client, start))
                 for _ in range(clients)]
    for process in processes:
        process.start()
    before = _health(url)
    _wait_ready(url, before["requests"] + REQUESTS[PROVIDER][0] * clients)  # warmed up
    before = _health(url)
    started = time.perf_counter()
    start.set()
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit("a client failed")
    elapsed = time.perf_counter() - started
    after = _health(url)
    done = per_client * clients
    if after["requests"] - before["requests"] != REQUESTS[PROVIDER][1] * done:
        raise SystemExit(f"{after['requests'] - before['requests']} requests for {done} issues")
    return done / elapsed, (after["handler_seconds"] - before["handler_seconds"]) / done


def _wait_ready(url, requests):
    """Until the server answers and has served ``requests`` requests (each client makes
    one warm-up lookup)."""
    deadline = time.monotonic() + 120
    while True:
        try:
            if _health(url)["requests"] >= requests:
                return
        except OSError:
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise SystemExit("the sandbox or the clients did not start")
        time.sleep(0.05)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400,
                        help="invoices per measurement (each round, each side)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2,
                        help="sandbox server processes (default 2, one per core here)")
    parser.add_argument("--provider", choices=PROVIDERS, default="vnpt",
                        help="whose client and contract (default vnpt)")
    args = parser.parse_args(argv)
    if args.provider in ONE_PROCESS:
        args.workers = 1
    global PROVIDER  # the spawned clients read it from their environment
    PROVIDER = os.environ["L10N_VN_ROUNDTRIP_PROVIDER"] = args.provider
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    single, several = [], []  # (invoices/s, sandbox handler s/invoice) per round
    with tempfile.TemporaryDirectory(prefix="vn-roundtrip-") as data_dir:
        server = subprocess.Popen(
            [sys.executable, "-m", "l10n_vn_einvoice.providers", "sandbox", "--port",
             str(port), "--data", data_dir, "--workers", str(args.workers)],
            cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "L10N_VN_SANDBOX_TOKEN": ADMIN_TOKEN})
        try:
            _wait_ready(url, 0)
            _run(url, 10, 1)  # warm up: keys, schemas and caches of the server
            for index in range(args.rounds):
                if index % 2:
                    several.append(_run(url, args.count, args.clients))
                    single.append(_run(url, args.count, 1))
                else:
                    single.append(_run(url, args.count, 1))
                    several.append(_run(url, args.count, args.clients))
                print(f"round {index + 1}/{args.rounds} "
                      f"({'one client last' if index % 2 else 'one client first'}): "
                      f"1 client {single[-1][0]:.1f}/s, {args.clients} clients "
                      f"{several[-1][0]:.1f}/s, ratio {several[-1][0] / single[-1][0]:.3f}",
                      flush=True)
            held = _health(url)["invoices"]
        finally:
            server.terminate()
            server.wait(timeout=30)
    issued = 10 + args.rounds * (2 * args.count - args.count % args.clients)
    if held != issued:
        raise SystemExit(f"the sandbox holds {held} invoices, not {issued}")
    sequential, seq_handler = max(single)
    concurrent, con_handler = max(several)
    print(f"sandbox server: own process, {args.workers} worker process(es), loopback; "
          f"{args.rounds} rounds, best of each side")
    print(f"1 client:  {sequential:8.1f} invoices/s (median "
          f"{statistics.median(rate for rate, _ in single):.1f}), sandbox handlers "
          f"{seq_handler * 1000:6.2f} ms/invoice of {1000 / sequential:6.2f} ms")
    print(f"{args.clients} clients: {concurrent:8.1f} invoices/s (median "
          f"{statistics.median(rate for rate, _ in several):.1f}), sandbox handlers "
          f"{con_handler * 1000:6.2f} ms/invoice of {1000 / concurrent:6.2f} ms wall")
    name = "provider_roundtrip" + ("" if PROVIDER == "vnpt" else f"_{PROVIDER}")
    print(result_line(f"{name}_per_s", concurrent, sequential,
                      f"{args.clients} clients >= {GOAL_RATIO}x one client (best of "
                      f"{args.rounds} interleaved rounds each)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
