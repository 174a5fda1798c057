"""E-invoices per second drained from the outbox to the sandbox provider, against the
sandbox round trip alone at the same concurrency; and Odoo's CPU per drained document.

Creates its own database with the addon, queues ``--count`` coded documents (batched ORM
creates: the posting path is not what is measured) and starts the sandbox as its own
server on loopback (``--sandbox-workers`` processes, as a provider runs several).  Then
three kinds of processes, each started once and kept warm for the whole run:

* ``--workers`` Odoo cron-worker processes draining the outbox exactly as the cron does
  (``_cron_process``: ``_claim`` with ``FOR UPDATE SKIP LOCKED``, one commit per row,
  exchange notes and state tracking in the chatter, live-status notifications) against
  the real PostgreSQL;
* as many client processes (VNPT client, no Odoo) issuing invoices of the same content
  and size (the same fixture invoice, another symbol) straight to the same sandbox —
  the round trip alone at the same concurrency (baseline);
* the first of those clients alone (the single-client round trip, for the CPU goal).

After an untimed warm-up (``--warmup`` documents drained, as many invoices issued), the
run is cut in ``--rounds`` rounds; in each, a chunk of the queue is made due and
drained by the workers, the clients issue their chunk together, then the single client
its own — in alternating order from one round to the next, so drain and baseline see the
same machine, the same sandbox state and the same warm caches (a baseline measured once
before the drain moved by 40 % between two runs).  Each rate is printed per round and
overall (documents / summed time).  Afterwards every document must be accepted, with
exactly one issue call, and the sandbox must hold exactly one invoice per document and
per baseline issue.

Goals (two RESULT lines): the drain ≥ 0.9 × the round trip alone with as many clients as
workers; Odoo's CPU per drained document (user + system time of the worker processes in
the drain, divided by the documents) ≤ 0.5 × the single-client round trip's time per
document.  Run from the repository root with Odoo's Python:
``python benchmarks/outbox_drain.py [--count 10000] [--workers 3] [--rounds 10]``.
Odoo is found like scripts/common.sh does ($ODOO_SRC, else /opt/odoo).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import json
import os
import resource
import secrets
import signal
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

SYMBOL = "C26TAA"  # the drained documents
BASELINE_SYMBOL = "C26TBB"  # the round trip alone
GOAL_RATIO = 0.9
GOAL_CPU = 0.5
ADMIN_TOKEN = secrets.token_urlsafe(24)  # of the sandbox this run starts


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu():
    """User + system seconds of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _queue(database, url, count):
    """``count`` ready coded documents with their XML and one issue row each, not yet
    due: each round makes its chunk due (:func:`_make_due`)."""
    odoo, registry = open_odoo(database)
    from l10n_vn_einvoice.standard import xml_build
    from l10n_vn_einvoice.tests import std_fixtures

    base = std_fixtures.vat_invoice()
    later = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=1)
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
                "document_id": doc.id, "operation": "issue", "company_id": company.id,
                "next_attempt_at": later} for doc in docs])
            cr.commit()
            env.invalidate_all()


def _make_due(database, chunk):
    """Make the next ``chunk`` queued rows due now; returns how many."""
    _odoo_module, registry = open_odoo(database)
    with registry.cursor() as cr:
        cr.execute("""
            UPDATE l10n_vn_einvoice_outbox SET next_attempt_at = %s
             WHERE id IN (SELECT id FROM l10n_vn_einvoice_outbox
                           WHERE state = 'pending' AND next_attempt_at > %s
                        ORDER BY id LIMIT %s)""",
                   [datetime.datetime(2000, 1, 1), datetime.datetime(2000, 1, 1), chunk])
        return cr.rowcount


def _worker(database):
    """One cron worker process: at each "go", run the cron entry until nothing is due,
    then answer with the CPU seconds it spent."""
    odoo, registry = open_odoo(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Outbox = env["l10n_vn_einvoice.outbox"]
        print("READY", flush=True)
        for line in sys.stdin:
            if line.strip() != "go":
                break
            cpu = _cpu()
            Outbox._cron_process(batch_size=10, max_seconds=3600)
            print(f"DONE {_cpu() - cpu}", flush=True)


def _client(url):
    """One client process of the round trip alone: at each "go FIRST COUNT", issue
    ``COUNT`` invoices numbered from ``FIRST``, then answer with its CPU seconds."""
    from l10n_vn_einvoice.providers.registry import make_client
    from l10n_vn_einvoice.providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
    from l10n_vn_einvoice.tests import std_fixtures

    client = make_client("vnpt", url, username=DEFAULT_ACCOUNT, password=DEFAULT_PASSWORD,
                         account=DEFAULT_ACCOUNT, account_password=DEFAULT_PASSWORD, timeout=30)
    base = dataclasses.replace(std_fixtures.vat_invoice(), symbol=BASELINE_SYMBOL)
    client.lookup(uuid.uuid4().hex)  # WSDL parsed and connection open before any clock
    print("READY", flush=True)
    for line in sys.stdin:
        word, *numbers = line.split()
        if word != "go":
            break
        first, count = map(int, numbers)
        invoices = [dataclasses.replace(base, number=number)
                    for number in range(first, first + count)]
        cpu = _cpu()
        for invoice in invoices:
            if client.issue(uuid.uuid4().hex, invoice).state != "accepted":
                raise SystemExit("baseline invoice not accepted")
        print(f"DONE {_cpu() - cpu}", flush=True)


class _Group:
    """Processes told "go" at once; a round ends when all have answered."""

    def __init__(self, commands):
        self.processes = [subprocess.Popen(command, stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT)
                          for command in commands]
        for process in self.processes:
            if process.stdout.readline().strip() != "READY":
                raise SystemExit("a benchmark process did not start")

    def run(self, orders):
        """(wall seconds, CPU seconds summed over the processes) of one round."""
        started = time.perf_counter()
        for process, order in zip(self.processes, orders, strict=False):
            process.stdin.write(order + "\n")
            process.stdin.flush()
        cpu = 0.0
        for process, _order in zip(self.processes, orders, strict=False):
            word, _space, seconds = process.stdout.readline().partition(" ")
            if word != "DONE":
                raise SystemExit("a benchmark process failed")
            cpu += float(seconds)
        return time.perf_counter() - started, cpu

    def close(self):
        for process in self.processes:
            if process.poll() is None:
                process.stdin.write("quit\n")
                process.stdin.close()
        for process in self.processes:
            process.wait(timeout=60)


def _check(database, count):
    _odoo_module, registry = open_odoo(database)
    with registry.cursor() as cr:
        cr.execute("SELECT state, count(*) FROM l10n_vn_einvoice_document GROUP BY state")
        states = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM l10n_vn_einvoice_exchange WHERE operation = 'issue'")
        issues = cr.fetchone()[0]
    if states != {"accepted": count} or issues != count:
        raise SystemExit(f"drain incomplete or duplicated: {states}, {issues} issue calls")


def _split(total, parts):
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


class _Tally:
    """Documents, wall seconds and CPU seconds of one kind of measurement."""

    def __init__(self):
        self.docs = self.seconds = self.cpu = 0.0

    def add(self, docs, seconds, cpu):
        self.docs += docs
        self.seconds += seconds
        self.cpu += cpu
        return docs / seconds

    @property
    def rate(self):
        return self.docs / self.seconds


def _rounds(args, database, workers, clients):
    drain, together, alone = _Tally(), _Tally(), _Tally()
    chunks = _split(args.count, args.rounds)
    baseline_chunks = _split(args.baseline_count, args.rounds)
    single_chunks = _split(args.single_count, args.rounds)
    number = 1  # next baseline invoice number
    # Warm-up, not timed: each worker drains a few documents (registry caches, the
    # provider client), each client issues a few invoices.
    if _make_due(database, args.warmup) != args.warmup:
        raise SystemExit("the queue does not hold the warm-up documents")
    workers.run(["go"] * args.workers)
    warm = max(args.warmup // args.workers, 1)
    clients.run([f"go {number + index * warm} {warm}" for index in range(args.workers)])
    number += warm * args.workers
    for index in range(args.rounds):
        def run_drain(chunk=chunks[index]):
            if _make_due(database, chunk) != chunk:
                raise SystemExit("the queue does not hold the round's documents")
            seconds, cpu = workers.run(["go"] * args.workers)
            return drain.add(chunk, seconds, cpu)

        def run_baseline(chunk=baseline_chunks[index]):
            nonlocal number
            orders = []
            for share in _split(chunk, args.workers):
                orders.append(f"go {number} {share}")
                number += share
            seconds, cpu = clients.run(orders)
            return together.add(chunk, seconds, cpu)

        def run_single(chunk=single_chunks[index]):
            nonlocal number
            seconds, cpu = clients.run([f"go {number} {chunk}"])
            number += chunk
            return alone.add(chunk, seconds, cpu)

        if index % 2:
            drain_rate, base_rate, single_rate = run_drain(), run_baseline(), run_single()
        else:
            single_rate, base_rate, drain_rate = run_single(), run_baseline(), run_drain()
        print(f"round {index + 1}/{args.rounds} ({'drain first' if index % 2 else 'drain last'}): "
              f"drain {drain_rate:.1f}/s ({chunks[index]} documents), round trip alone "
              f"{base_rate:.1f}/s with {args.workers} clients, {single_rate:.1f}/s with one; "
              f"ratio {drain_rate / base_rate:.3f}", flush=True)
    return drain, together, alone, number - 1


def _stop(_signum, _frame):
    raise SystemExit("stopped")  # through the clean-up below: processes, database


def _run(args):
    signal.signal(signal.SIGTERM, _stop)
    database = f"l10n_vn_einvoice_bench_{os.getpid()}"
    python = sys.executable
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="vn-drain-") as data_dir:
        if args.template:  # a copy of a database that has the addon (short runs)
            subprocess.run(["createdb", "-T", args.template, database], check=True)
        else:
            subprocess.run([python, f"{ODOO_SRC}/odoo-bin", "-d", database, "-i",
                            "l10n_vn_einvoice", f"--addons-path={ADDONS}",
                            "--without-demo=True", "--stop-after-init", "--log-level=warn",
                            "--no-http"], check=True, cwd=REPO_ROOT)
        sandbox = subprocess.Popen([python, "-m", "l10n_vn_einvoice.providers", "sandbox",
                                    "--port", str(port), "--data", data_dir, "--workers",
                                    str(args.sandbox_workers)],
                                   cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                                   env={**os.environ, "L10N_VN_SANDBOX_TOKEN": ADMIN_TOKEN})
        workers = clients = None
        try:
            _wait_for(url)
            started = time.perf_counter()
            _queue(database, url, args.count + args.warmup)
            print(f"queued {args.count} documents (+ {args.warmup} to warm up) in "
                  f"{time.perf_counter() - started:.1f} s")
            workers = _Group([[python, __file__, "--worker", database]] * args.workers)
            clients = _Group([[python, __file__, "--client", url]] * args.workers)
            drain, together, alone, issued = _rounds(args, database, workers, clients)
            _check(database, args.count + args.warmup)
            held = json.loads(urllib.request.urlopen(_admin(f"{url}/_sandbox/health")).read())
            if held["invoices"] != args.count + args.warmup + issued:
                raise SystemExit(f"sandbox holds {held['invoices']} invoices")
        finally:
            for group in (workers, clients):
                if group:
                    group.close()
            sandbox.terminate()
            sandbox.wait()
            subprocess.run(["dropdb", "--force", "--if-exists", database], check=False)
            subprocess.run(["rm", "-rf", os.path.expanduser(
                f"~/.local/share/Odoo/filestore/{database}")], check=False)
    cpu_ms = drain.cpu / drain.docs * 1000
    single_ms = 1000 / alone.rate
    print(f"drained {args.count} documents with {args.workers} workers in {drain.seconds:.1f} s "
          f"over {args.rounds} rounds (cron entry, batches of 10): {drain.rate:.1f}/s; round "
          f"trip alone, {args.workers} client processes: {together.rate:.1f}/s "
          f"({together.docs:.0f} invoices); one client: {alone.rate:.1f}/s = {single_ms:.1f} ms "
          f"per invoice ({alone.docs:.0f} invoices); {args.sandbox_workers} sandbox server "
          f"processes")
    print(f"CPU per document: Odoo workers {cpu_ms:.1f} ms (user + system, the provider "
          f"client's share included), the client alone "
          f"{together.cpu / together.docs * 1000:.1f} ms")
    print(result_line("outbox_drain_docs_per_s", drain.rate, together.rate,
                      f"ratio>={GOAL_RATIO} ({args.count} documents, {args.workers} workers vs "
                      f"{args.workers} clients of the round trip alone, interleaved rounds)"))
    print(result_line("outbox_drain_cpu_ms_per_doc", cpu_ms, single_ms,
                      f"ratio<={GOAL_CPU} (Odoo worker CPU per document vs one client's "
                      f"round trip time per document)"))
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000, help="documents drained")
    parser.add_argument("--workers", type=int, default=3,
                        help="Odoo worker processes, and baseline client processes")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--baseline-count", type=int,
                        help="invoices of the round trip alone, all rounds (default: count / 2)")
    parser.add_argument("--single-count", type=int,
                        help="invoices of the single client, all rounds (default: count / 10)")
    parser.add_argument("--warmup", type=int, default=30,
                        help="documents drained (and invoices issued) before the rounds, "
                             "not timed")
    parser.add_argument("--sandbox-workers", type=int, default=2)
    parser.add_argument("--template", help="copy this database (which has the addon and "
                        "no documents) instead of installing the addon in a new one")
    parser.add_argument("--worker", metavar="DATABASE", help=argparse.SUPPRESS)
    parser.add_argument("--client", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker)
        return 0
    if args.client:
        _client(args.client)
        return 0
    if args.baseline_count is None:
        args.baseline_count = args.count // 2
    if args.single_count is None:
        args.single_count = args.count // 10
    if min(args.count, args.baseline_count, args.single_count) < args.rounds * args.workers:
        parser.error("too few documents for the rounds and workers")
    return _run(args)


if __name__ == "__main__":
    sys.exit(main())
