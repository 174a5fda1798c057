"""Invoices per second from the VNPT client to the sandbox over loopback HTTP.

Measures a sequential client (baseline) and 4 concurrent clients (value), each issue being
the full round trip the Odoo layer makes (ImportAndPublishInv + GetMCCQThueByFkeys +
listInvByCusFkey).  Beside it, the time the sandbox spent inside its handlers (measured
in the server) shows how much is protocol/transport versus tax-authority work (numbering,
validation, CQT signature).  Run from the repository root:
``python benchmarks/provider_roundtrip.py [--count N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import result_line
from l10n_vn_einvoice.providers.registry import make_client
from l10n_vn_einvoice.providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from l10n_vn_einvoice.providers.sandbox.server import start_in_thread
from l10n_vn_einvoice.tests import std_fixtures

CONCURRENCY = 4


def _client(url):
    return make_client("vnpt", url, username=DEFAULT_ACCOUNT, password=DEFAULT_PASSWORD,
                       account=DEFAULT_ACCOUNT, account_password=DEFAULT_PASSWORD, timeout=30)


def _issue_many(url: str, count: int) -> None:
    client = _client(url)
    invoice = std_fixtures.vat_invoice()
    for _ in range(count):
        result = client.issue(uuid.uuid4().hex, invoice)
        if result.state != "accepted":
            raise SystemExit(f"benchmark invoice not accepted: {result.message}")


def _run(running, count: int, workers: int) -> tuple[float, float]:
    """(invoices per second, sandbox handler seconds per invoice)."""
    app = running.app
    requests_before, handler_before = app.requests, app.handler_seconds
    per_worker = count // workers
    threads = [threading.Thread(target=_issue_many, args=(running.url, per_worker))
               for _ in range(workers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = per_worker * workers
    handler = (app.handler_seconds - handler_before) / done
    assert app.requests - requests_before == 3 * done
    return done / elapsed, handler


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data_dir:
        with start_in_thread(data_dir=data_dir) as running:
            _issue_many(running.url, 5)  # warm up: WSDL parsing, keys, first connection
            sequential, seq_handler = _run(running, args.count, 1)
            concurrent, con_handler = _run(running, args.count, CONCURRENCY)
    print(f"sequential: {sequential:8.1f} invoices/s, sandbox handlers "
          f"{seq_handler * 1000:6.2f} ms/invoice of {1000 / sequential:6.2f} ms")
    print(f"{CONCURRENCY} clients:  {concurrent:8.1f} invoices/s, sandbox handlers "
          f"{con_handler * 1000:6.2f} ms/invoice of {1000 / concurrent:6.2f} ms wall")
    print(result_line("provider_roundtrip_per_s", concurrent, sequential,
                      "concurrent >= sequential; >= 50 invoices/s over loopback"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
