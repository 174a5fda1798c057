"""E-invoices per second drained from the outbox to the sandbox provider.

Creates its own database with the addon, queues ``--count`` coded documents (batched ORM
creates: the posting path is not what is measured), starts the sandbox as its own server
on loopback (``--sandbox-workers`` processes, as a provider runs several), then lets
``--workers`` Odoo worker processes drain the queue exactly as the cron does (``_claim``
with ``FOR UPDATE SKIP LOCKED``, one commit per row, exchange notes and state tracking in
the chatter) against the real PostgreSQL.  Baseline, in the same run and on the same
server: the sandbox round trip alone (the VNPT client issuing from one process, no Odoo).
Afterwards every document must be accepted and the sandbox must hold exactly one invoice
per document.  Goal: the drain at least 0.9 × the round trip alone.  Run from the
repository root with Odoo's Python:
``python benchmarks/outbox_drain.py [--count 10000] [--workers 3] [--sandbox-workers 2]``.
Odoo is found like scripts/common.sh does ($ODOO_SRC, else /opt/odoo).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ADDONS, ODOO_SRC, REPO_ROOT, open_odoo, result_line

SYMBOL = "C26TAA"
GOAL_RATIO = 0.9
ADMIN_TOKEN = secrets.token_urlsafe(24)  # of the sandbox this run starts


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _queue(database, url, count):
    """``count`` ready coded documents with their XML and one pending issue row each."""
    odoo, registry = open_odoo(database)
    from l10n_vn_einvoice.standard import xml_build
    from l10n_vn_einvoice.tests import std_fixtures

    base = std_fixtures.vat_invoice()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        company.l10n_vn_einvoice_provider_url = url
        vnd = env.ref("base.VND").id
        for start in range(1, count + 1, 500):
            numbers = range(start, min(start + 500, count + 1))
            xmls = [xml_build.invoice_to_bytes(dataclasses.replace(
                base, symbol=SYMBOL, number=number)) for number in numbers]
            docs = env["l10n_vn_einvoice.document"]._l10n_vn_einvoice_create([{
                "company_id": company.id, "kind": "coded", "form": "1", "symbol": SYMBOL,
                "number": number, "issue_date": base.issue_date, "provider": "sandbox",
                "currency_id": vnd, "amount_untaxed": float(base.totals.amount_untaxed),
                "amount_tax": float(base.totals.vat), "amount_total": float(base.totals.total),
                "buyer_name": base.buyer.name, "state": "ready",
                "submission_key": uuid.uuid4().hex} for number in numbers])
            attachments = env["ir.attachment"].create([{
                "name": f"1{SYMBOL}_{doc.number}.xml", "raw": xml,
                "mimetype": "application/xml", "res_model": docs._name, "res_id": doc.id,
                "company_id": company.id} for doc, xml in zip(docs, xmls, strict=True)])
            for doc, attachment, xml in zip(docs, attachments, xmls, strict=True):
                cr.execute("UPDATE l10n_vn_einvoice_document SET xml_attachment_id = %s, "
                           "xml_hash = %s WHERE id = %s",
                           (attachment.id, hashlib.sha256(xml).hexdigest(), doc.id))
            env["l10n_vn_einvoice.outbox"].create([{
                "document_id": doc.id, "operation": "issue", "company_id": company.id}
                for doc in docs])
            cr.commit()
            env.invalidate_all()


def _worker(database):
    """One cron worker process: wait for "go", then run the cron entry until drained."""
    odoo, registry = open_odoo(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Outbox = env["l10n_vn_einvoice.outbox"]
        print("READY", flush=True)
        sys.stdin.readline()
        cpu = time.process_time()
        Outbox._cron_process(batch_size=10, max_seconds=3600)
    print(f"DONE {time.process_time() - cpu}", flush=True)


def _baseline(url, count):
    """Issues per second of the VNPT client alone, one process, no Odoo."""
    from l10n_vn_einvoice.providers.registry import make_client
    from l10n_vn_einvoice.providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
    from l10n_vn_einvoice.tests import std_fixtures

    client = make_client("vnpt", url, username=DEFAULT_ACCOUNT, password=DEFAULT_PASSWORD,
                         account=DEFAULT_ACCOUNT, account_password=DEFAULT_PASSWORD, timeout=30)
    invoices = [dataclasses.replace(std_fixtures.vat_invoice(), symbol="C26TBB",
                                    number=number) for number in range(1, count + 1)]
    started = time.perf_counter()
    for invoice in invoices:
        if client.issue(uuid.uuid4().hex, invoice).state != "accepted":
            raise SystemExit("baseline invoice not accepted")
    return count / (time.perf_counter() - started)


def _check(database, count):
    _odoo_module, registry = open_odoo(database)
    with registry.cursor() as cr:
        cr.execute("SELECT state, count(*) FROM l10n_vn_einvoice_document GROUP BY state")
        states = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM l10n_vn_einvoice_exchange WHERE operation = 'issue'")
        issues = cr.fetchone()[0]
    if states != {"accepted": count} or issues != count:
        raise SystemExit(f"drain incomplete or duplicated: {states}, {issues} issue calls")


def _run(args):
    database = f"l10n_vn_einvoice_bench_{os.getpid()}"
    python = sys.executable
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="vn-drain-") as data_dir:
        subprocess.run([python, f"{ODOO_SRC}/odoo-bin", "-d", database, "-i",
                        "l10n_vn_einvoice", f"--addons-path={ADDONS}", "--without-demo=True",
                        "--stop-after-init", "--log-level=warn", "--no-http"],
                       check=True, cwd=REPO_ROOT)
        sandbox = subprocess.Popen([python, "-m", "l10n_vn_einvoice.providers", "sandbox",
                                    "--port", str(port), "--data", data_dir, "--workers",
                                    str(args.sandbox_workers)],
                                   cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                                   env={**os.environ, "L10N_VN_SANDBOX_TOKEN": ADMIN_TOKEN})
        try:
            _wait_for(url)
            started = time.perf_counter()
            _queue(database, url, args.count)
            print(f"queued {args.count} documents in {time.perf_counter() - started:.1f} s")
            baseline = _baseline(url, args.baseline_count)
            workers = [subprocess.Popen([python, __file__, "--worker", database],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, cwd=REPO_ROOT)
                       for _ in range(args.workers)]
            for worker in workers:
                if worker.stdout.readline().strip() != "READY":
                    raise SystemExit("a worker did not start")
            started = time.perf_counter()
            for worker in workers:
                worker.stdin.write("go\n")
                worker.stdin.flush()
            worker_cpu = 0.0
            for worker in workers:
                word, _space, cpu = worker.stdout.readline().partition(" ")
                if word != "DONE":
                    raise SystemExit("a worker failed")
                worker_cpu += float(cpu)
            elapsed = time.perf_counter() - started
            for worker in workers:
                worker.wait()
            _check(database, args.count)
            held = json.loads(urllib.request.urlopen(_admin(f"{url}/_sandbox/health")).read())
            if held["invoices"] != args.count + args.baseline_count:
                raise SystemExit(f"sandbox holds {held['invoices']} invoices")
        finally:
            sandbox.terminate()
            sandbox.wait()
            subprocess.run(["dropdb", "--force", "--if-exists", database], check=False)
            subprocess.run(["rm", "-rf", os.path.expanduser(
                f"~/.local/share/Odoo/filestore/{database}")], check=False)
    value = args.count / elapsed
    print(f"drained {args.count} documents with {args.workers} workers in {elapsed:.1f} s "
          f"(cron entry, batches of 10); Odoo worker CPU {worker_cpu / args.count * 1000:.1f} "
          f"ms/document; sandbox round trip alone: {baseline:.1f}/s "
          f"({args.sandbox_workers} sandbox server processes)")
    print(result_line("outbox_drain_docs_per_s", value, baseline,
                      f"ratio>={GOAL_RATIO} ({args.count} documents vs the round trip alone)"))
    return 0


def _admin(url):
    """A request to the sandbox's admin API, with the token it was started with."""
    return urllib.request.Request(url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})


def _wait_for(url):
    for _attempt in range(100):
        try:
            urllib.request.urlopen(_admin(f"{url}/_sandbox/health"), timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the sandbox did not start")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--baseline-count", type=int, default=500)
    parser.add_argument("--sandbox-workers", type=int, default=2)
    parser.add_argument("--worker", metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker)
        return 0
    return _run(args)


if __name__ == "__main__":
    sys.exit(main())
