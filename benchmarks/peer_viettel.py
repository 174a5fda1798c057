"""Odoo's own Viettel connector against ours: invoices per second to "accepted", and how
long a user waits on one invoice.

Odoo 19.0 Community ships ``l10n_vn_edi_viettel``, which sends invoices to Viettel's
S-Invoice REST API; the sandbox speaks that API too (``providers/sandbox/
viettel_contract.py``).  The sandbox runs as its own server on loopback
(``--sandbox-workers`` processes) and serves both sides in the same run.

Two databases with the same set-up, not one: our addon turns every posted Vietnamese
customer invoice into an e-invoice (the legal duty; there is no switch), so in one
database the peer's invoices would also be numbered, built, signed and queued by ours,
and the peer would pay our cost.  Both are copies of one database with ``account`` and
``l10n_vn`` installed, then get their module (``l10n_vn_edi_viettel`` / ``l10n_vn_einvoice``)
and the same company (Vietnamese, l10n_vn chart, tax code, address), buyer, ten products
at 10 % VAT and ``--count`` draft invoices of ten lines each, created before the clock.

Peer: ``--processes`` Odoo processes play users; for each invoice a user posts it
(``action_post``, committed) and sends it with Odoo's Send wizard
(``account.move.send.wizard`` → ``action_send_and_print``; SInvoice ticked by default,
"download" as the sending method so no e-mail is queued).  The wizard calls
``_l10n_vn_edi_send_invoice`` (login once per token, ``createInvoice``) inside the request,
then renders Odoo's invoice PDF and fetches SInvoice's XML and PDF.  Its endpoint is a
module constant (``SINVOICE_API_URL``) and a literal login address: this process only
replaces ``requests`` in that module by a shim that rewrites
``https://api-vinvoice.viettel.vn`` to the sandbox and then calls ``requests.request``
exactly as the module does (a new connection per call).  The addon is not touched.
"Accepted": ``l10n_vn_edi_invoice_state = 'sent'``, set when ``createInvoice`` answered.

Ours: the same number of processes post the same invoices (``action_post``, committed: the
e-invoice is numbered, built, validated, signed and queued in the posting transaction),
then become the outbox's workers (``_cron_process``, as the cron runs it) until the queue
is drained to the sandbox's Viettel contract.  "Accepted": the document's state.

Printed: invoices/s from the first post to the last accepted, for each, and the median
(and 90th percentile) of what a user waits: the peer's post + send (and each part), our
post.  For a sceptic, the peer's web-service path alone is timed too: post, then
``_l10n_vn_edi_send_invoice`` called directly (JSON + createInvoice, no PDF, no files).
Afterwards every invoice must be accepted and the sandbox must hold exactly one invoice
per invoice.  Goals: ours ≥ 1.5 × the peer's throughput (its whole send flow), and our
median wait on posting no longer than the peer's on posting and sending.
Run from the repository root with Odoo's Python:
``python benchmarks/peer_viettel.py [--count 500] [--processes 2] [--keep-db | --reuse P]``.
"""

from __future__ import annotations

import argparse
import json
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

from benchmarks._common import ADDONS, ODOO_SRC, REPO_ROOT, open_odoo, result_line

GOAL_RATIO = 1.5
LINES = 10
VIETTEL = "https://api-vinvoice.viettel.vn"
ADMIN_TOKEN = secrets.token_urlsafe(24)  # of the sandbox this run starts
SIDES = {"peer": "l10n_vn_edi_viettel", "ours": "l10n_vn_einvoice"}
SELLER_MST = "0315558888"
BUYER_MST = "0301234562"


# --- databases --------------------------------------------------------------------------

def _odoo_bin(database, modules):
    subprocess.run([sys.executable, f"{ODOO_SRC}/odoo-bin", "-d", database, "-i", modules,
                    f"--addons-path={ADDONS}", "--without-demo=True", "--stop-after-init",
                    "--log-level=warn", "--no-http"], check=True, cwd=REPO_ROOT)


def _filestore(database):
    return os.path.expanduser(f"~/.local/share/Odoo/filestore/{database}")


def _copy(template, database):
    subprocess.run(["createdb", "-T", template, database], check=True)
    if os.path.isdir(_filestore(template)):
        subprocess.run(["cp", "-a", _filestore(template), _filestore(database)], check=True)


def _drop(database):
    subprocess.run(["dropdb", "--force", "--if-exists", database], check=False)
    subprocess.run(["rm", "-rf", _filestore(database)], check=False)


def _build(prefix):
    """``<prefix>_peer`` and ``<prefix>_ours``: one database with account and l10n_vn,
    copied, each copy with its module and the same company."""
    base = f"{prefix}_base"
    _odoo_bin(base, "l10n_vn")
    try:
        for side, module in SIDES.items():
            _copy(base, f"{prefix}_{side}")
            _odoo_bin(f"{prefix}_{side}", module)
            subprocess.run([sys.executable, __file__, "--configure", side,
                            f"{prefix}_{side}"], check=True, cwd=REPO_ROOT)
    finally:
        _drop(base)


def _configure(side, database):
    """The same company, buyer and products on both sides, and each side's own settings."""
    odoo, registry = open_odoo(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        vn = env.ref("base.vn")
        company = env.ref("base.main_company")
        company.write({"name": "Công ty TNHH Đo Hiệu Năng", "country_id": vn.id,
                       "currency_id": vn.currency_id.id})
        env["account.chart.template"].try_loading("vn", company, install_demo=False)
        state = env["res.country.state"].search([("country_id", "=", vn.id)], limit=1)
        company.write({"vat": SELLER_MST, "street": "123 Lê Lợi", "city": "Hồ Chí Minh",
                       "state_id": state.id, "phone": "+84 28 3822 0000",
                       "email": "hoadon@dohieunang.example",
                       "website": "https://dohieunang.example"})
        buyer = env["res.partner"].create({
            "name": "Công ty TNHH Khách Hàng", "vat": BUYER_MST, "is_company": True,
            "street": "12 Nguyễn Huệ", "city": "Hồ Chí Minh", "state_id": state.id,
            "country_id": vn.id, "email": "ketoan@khachhang.example",
            "invoice_sending_method": "manual"})
        tax = env["account.chart.template"].with_company(company).ref("tax_sale_vat10")
        env["product.product"].create([{
            "name": f"Sản phẩm đo {n}", "default_code": f"SP{n:02d}", "type": "consu",
            "list_price": 100000 + 1000 * n, "taxes_id": [(6, 0, tax.ids)]}
            for n in range(1, LINES + 1)])
        year = time.gmtime().tm_year % 100
        if side == "peer":
            company.write({"l10n_vn_edi_username": "sandbox", "l10n_vn_edi_password": "sandbox"})
            template = env["l10n_vn_edi_viettel.sinvoice.template"].create({
                "name": "1/001", "template_invoice_type": "1"})
            symbol = env["l10n_vn_edi_viettel.sinvoice.symbol"].create({
                "name": f"C{year:02d}TAA", "invoice_template_id": template.id})
            buyer.l10n_vn_edi_symbol = symbol
        else:
            company.write({"l10n_vn_einvoice_provider": "viettel",
                           "l10n_vn_einvoice_provider_url": "http://127.0.0.1:1",
                           "l10n_vn_einvoice_username": "sandbox",
                           "l10n_vn_einvoice_password": "sandbox"})
        cr.commit()


def _draft_invoices(database, url, count, processes):
    """``count`` draft invoices of ten lines (the same on both sides), invoice ``n`` to
    buyer ``n % processes``; their ids.  Ours is pointed at the sandbox."""
    odoo, registry = open_odoo(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        buyers = env["res.partner"].search([("vat", "=", BUYER_MST)], order="id")
        while len(buyers) < processes:  # one buyer per user: two users invoicing one
            # customer at the same instant collide on its customer_rank, on both sides
            buyers |= buyers[0].copy({"name": f"{buyers[0].name} {len(buyers) + 1}"})
            if "l10n_vn_edi_symbol" in buyers._fields:
                buyers[-1].l10n_vn_edi_symbol = buyers[0].l10n_vn_edi_symbol
        products = env["product.product"].search([("default_code", "like", "SP")],
                                                 order="default_code")
        today = odoo.fields.Date.context_today(env["res.partner"])
        if "l10n_vn_einvoice_provider_url" in env["res.company"]._fields:
            env.ref("base.main_company").l10n_vn_einvoice_provider_url = url
        moves = env["account.move"]
        for start in range(0, count, 100):
            moves |= env["account.move"].create([{
                "move_type": "out_invoice", "partner_id": buyers[n % processes].id,
                "invoice_date": today,
                "invoice_line_ids": [(0, 0, {"product_id": product.id, "quantity": 1 + n % 3})
                                     for product in products]}
                for n in range(start, min(start + 100, count))])
            cr.commit()
        return moves.ids


# --- the measured processes -------------------------------------------------------------

class _Requests:
    """``requests`` as l10n_vn_edi_viettel calls it, with Viettel's address rewritten to
    the sandbox's (this process only)."""

    def __init__(self, real, url):
        self._real, self._url = real, url

    def request(self, method, url, **kwargs):
        return self._real.request(method, url.replace(VIETTEL, self._url), **kwargs)

    def __getattr__(self, name):
        return getattr(self._real, name)


def _worker(side, database, url, mode, ids):
    odoo, registry = open_odoo(database)
    from odoo.service.model import retrying
    if side == "peer":
        import requests

        from odoo.addons.l10n_vn_edi_viettel.models import account_move as peer_module
        peer_module.requests = _Requests(requests, url)
        peer_module.SINVOICE_API_URL = peer_module.SINVOICE_API_URL.replace(VIETTEL, url)
    waits = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin").id, context={"lang": "en_US"})
        Moves = env["account.move"]
        print("READY", flush=True)
        sys.stdin.readline()
        cpu = time.process_time()
        for move_id in ids:
            move = Moves.browse(move_id)
            started = time.perf_counter()
            retrying(move.action_post, env)  # one request, as Odoo's RPC layer runs it
            posted = time.perf_counter()
            if side == "peer" and mode == "flow":
                retrying(lambda move=move: env["account.move.send.wizard"].with_context(
                    active_model="account.move", active_ids=move.ids).create(
                    {}).action_send_and_print(), env)
            elif side == "peer":  # the web-service path alone, for comparison
                retrying(lambda move=move: move._l10n_vn_edi_send_invoice(
                    move._l10n_vn_edi_generate_invoice_json()), env)
            waits.append((posted - started, time.perf_counter() - posted))
            env.invalidate_all()
        if side == "ours":
            env["l10n_vn_einvoice.outbox"].sudo()._cron_process(batch_size=10,
                                                                max_seconds=3600)
    print("DONE " + json.dumps({"waits": waits, "cpu": time.process_time() - cpu}),
          flush=True)


def _measure(side, database, url, mode, ids, processes):
    """(seconds from "go" to the last process done, [(post s, send s)], CPU s)."""
    shares = [ids[i::processes] for i in range(processes)]
    workers = [subprocess.Popen([sys.executable, __file__, "--worker", side, database, url,
                                 mode, json.dumps(share)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT)
               for share in shares]
    for worker in workers:
        if worker.stdout.readline().strip() != "READY":
            raise SystemExit(f"a {side} process did not start")
    started = time.perf_counter()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    waits, cpu = [], 0.0
    for worker in workers:
        word, _space, data = worker.stdout.readline().partition(" ")
        if word != "DONE":
            raise SystemExit(f"a {side} process failed")
        done = json.loads(data)
        waits += done["waits"]
        cpu += done["cpu"]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.wait()
    return elapsed, waits, cpu


def _accepted(side, database, ids):
    odoo, registry = open_odoo(database)
    with registry.cursor() as cr:
        if side == "peer":
            cr.execute("SELECT l10n_vn_edi_invoice_state, count(*) FROM account_move "
                       "WHERE id IN %s GROUP BY 1", [tuple(ids)])
            states = dict(cr.fetchall())
            ok = states == {"sent": len(ids)}
        else:
            cr.execute("SELECT d.state, count(*) FROM l10n_vn_einvoice_document d "
                       "JOIN account_move m ON m.id = d.move_id WHERE m.id IN %s GROUP BY 1",
                       [tuple(ids)])
            states = dict(cr.fetchall())
            ok = states == {"accepted": len(ids)}
    from odoo.modules.registry import Registry
    Registry.delete(database)
    odoo.sql_db.close_db(database)
    if not ok:
        raise SystemExit(f"{side}: not every invoice accepted once: {states}")


# --- the run ----------------------------------------------------------------------------

def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url):
    request = urllib.request.Request(f"{url}/_sandbox/health",
                                     headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    return json.loads(urllib.request.urlopen(request, timeout=10).read())


def _wait_for(url):
    for _attempt in range(200):
        try:
            return _health(url)
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the sandbox did not start")


def _ms(values):
    return statistics.median(values) * 1000


def _p90(values):
    return sorted(values)[int(0.9 * (len(values) - 1))] * 1000


def _side(prefix, side, url, mode, args):
    """One measurement on a fresh copy of the side's database."""
    database = f"{prefix}_{side}_run_{uuid.uuid4().hex[:6]}"
    _copy(f"{prefix}_{side}", database)
    # A new database.uuid, as Odoo's "Duplicate" gives a copy: our e-invoice chain's
    # tamper-evidence keys belong to one database and refuse a copy of it.
    database_uuid = str(uuid.uuid1())
    subprocess.run(["psql", "-q", "-d", database, "-c",
                    f"UPDATE ir_config_parameter SET value = '{database_uuid}' "
                    "WHERE key = 'database.uuid'"], check=True)
    try:
        ids = _draft_invoices(database, url, args.count + args.processes, args.processes)
        warm, ids = ids[:args.processes], ids[args.processes:]
        _measure(side, database, url, mode, warm, args.processes)  # caches, token, PDF
        before = _health(url)["invoices"]
        elapsed, waits, cpu = _measure(side, database, url, mode, ids, args.processes)
        held = _health(url)["invoices"] - before
        _accepted(side, database, ids)
        if held != len(ids):
            raise SystemExit(f"{side}: the sandbox holds {held} new invoices for {len(ids)}")
    finally:
        _drop(database)
        subprocess.run(["rm", "-rf", os.path.expanduser(
            f"~/.local/share/Odoo/l10n_vn_einvoice/chain_keys/{database_uuid}")], check=False)
    return len(ids) / elapsed, waits, cpu / len(ids)


def _run(args):
    prefix = args.reuse or f"l10n_vn_einvoice_bench_peer_{uuid.uuid4().hex[:6]}"
    if not args.reuse:
        _build(prefix)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="vn-peer-") as data_dir:
            sandbox = subprocess.Popen(
                [sys.executable, "-m", "l10n_vn_einvoice.providers", "sandbox", "--port",
                 str(port), "--data", data_dir, "--workers", str(args.sandbox_workers)],
                cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env={**os.environ, "L10N_VN_SANDBOX_TOKEN": ADMIN_TOKEN})
            try:
                _wait_for(url)
                results["peer"] = _side(prefix, "peer", url, "flow", args)
                results["ours"] = _side(prefix, "ours", url, "flow", args)
                if args.peer_core:
                    results["core"] = _side(prefix, "peer", url, "core", args)
            finally:
                sandbox.terminate()
                sandbox.wait(timeout=30)
    finally:
        if args.keep_db or args.reuse:
            print(f"kept databases {prefix}_peer, {prefix}_ours (rerun with --reuse {prefix})")
        else:
            for side in SIDES:
                _drop(f"{prefix}_{side}")
    peer_rate, peer_waits, peer_cpu = results["peer"]
    ours_rate, ours_waits, ours_cpu = results["ours"]
    peer_user = [post + send for post, send in peer_waits]
    ours_user = [post for post, _send in ours_waits]
    print(f"{args.count} invoices of {LINES} lines, {args.processes} Odoo processes per side, "
          f"sandbox {args.sandbox_workers} process(es) on loopback")
    print(f"peer (l10n_vn_edi_viettel, post + Send wizard): {peer_rate:6.2f} invoices/s to "
          f"accepted; a user waits {_ms(peer_user):.0f} ms (median; p90 {_p90(peer_user):.0f}) "
          f"= post {_ms([p for p, _s in peer_waits]):.0f} + send "
          f"{_ms([s for _p, s in peer_waits]):.0f}; Odoo CPU {peer_cpu * 1000:.0f} ms/invoice")
    print(f"ours (post, outbox drained by the same processes): {ours_rate:6.2f} invoices/s to "
          f"accepted; a user waits {_ms(ours_user):.0f} ms on posting (median; p90 "
          f"{_p90(ours_user):.0f}); Odoo CPU {ours_cpu * 1000:.0f} ms/invoice")
    if "core" in results:
        core_rate, core_waits, _core_cpu = results["core"]
        print(f"peer's web-service path alone (post + _l10n_vn_edi_send_invoice, no PDF, no "
              f"files): {core_rate:6.2f} invoices/s; a user waits "
              f"{_ms([p + s for p, s in core_waits]):.0f} ms; ours/that "
              f"{ours_rate / core_rate:.2f} x")
    print(result_line("peer_viettel_wait_ms", _ms(ours_user), _ms(peer_user),
                      "ratio<=1 (our post vs the peer's post + send, median)"))
    print(result_line("peer_viettel_per_s", ours_rate, peer_rate,
                      f"ratio>={GOAL_RATIO} (ours vs l10n_vn_edi_viettel, same invoices)"))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--sandbox-workers", type=int, default=1,
                        help="sandbox server processes; the Viettel contract keeps logins "
                             "and its invoiceNo index in its process's memory, so 1")
    parser.add_argument("--no-peer-core", dest="peer_core", action="store_false",
                        help="skip timing the peer's web-service path alone")
    parser.add_argument("--keep-db", action="store_true", help="keep the two databases")
    parser.add_argument("--reuse", metavar="PREFIX",
                        help="use the databases kept by --keep-db")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--configure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        side, database, url, mode, ids = args.worker
        _worker(side, database, url, mode, json.loads(ids))
        return 0
    if args.configure:
        _configure(*args.configure)
        return 0
    return _run(args)


if __name__ == "__main__":
    sys.exit(main())
