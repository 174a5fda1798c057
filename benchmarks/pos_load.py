"""Concurrency and load: 10 POS sessions and the back office against a multi-worker Odoo.

Creates its own database (Vietnamese company, ``--sessions`` cash-register POS configs,
one open session each), starts the sandbox provider and a real ``odoo-bin --workers 2
--max-cron-threads 2`` on loopback, then runs at the same time:

* one client per POS session, logged in through ``/web/session/authenticate``, that
  reserves its code block with ``pos.config.l10n_vn_einvoice_reserve_block`` and sends
  ``--orders`` paid orders through ``/web/dataset/call_kw/pos.order/sync_from_ui`` in
  interleaved syncs of 1 to 3 orders (the codes made by the "register" from its block);
* one back-office client creating and posting customer invoices (``action_post``).

Each POS config gets its own cash-register symbol by default (C<yy>MAA, MAB, …), so each
register has its own counter row and chain.  The cron workers drain the outbox to the
sandbox meanwhile.  Afterwards: every order has its e-invoice, no cash-register code or
(symbol, number) is used twice, numbers are gap-free per symbol and year, every document
is accepted, the outbox is empty and the sandbox holds exactly one invoice per document.
Serialization failures are counted twice: retries Odoo made inside a request (read from
the server's ``odoo.service.model`` log) and syncs that still failed and were sent again
by the register, over the whole run.  Baseline: the same sync route from one session alone,
with the same number of orders as one session of the load.  Both runs are warmed the same
way before either is timed — the lone register sends ``--warm-up`` orders alone, then the
ten registers send as many each together with the back office's as many invoices (both
workers, their caches and connections warm) — and each starts on a drained outbox, so
neither pays the cron's work of the other.  Goal: 10 registers reach at
least 1.6 × the orders/s of one register on this 2-core machine, with no duplicate, gap
or serialization failure.  Run from the repository root with Odoo's Python::

    python benchmarks/pos_load.py [--sessions 10] [--orders 30] [--invoices 30]

Odoo is found like scripts/common.sh does ($ODOO_SRC, else /opt/odoo).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import REPO_ROOT, result_line
from benchmarks.pos_checkout import find_odoo, install

LINES = 3
PASSWORD = "load-test"  # a throw-away database on loopback
GOAL = ">=1.6x one register, zero duplicates, gaps or serialization failures"
GOAL_RATIO = 1.6
SANDBOX_ADMIN_TOKEN = secrets.token_urlsafe(24)  # of the sandbox this run starts


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_request(url):
    """A request to the sandbox's admin API, with the token it was started with."""
    return urllib.request.Request(url, headers={
        "Authorization": f"Bearer {SANDBOX_ADMIN_TOKEN}"})


def wait_for(url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def setup(registry, sessions, orders, sandbox_url):
    """Company, chart, products, a customer, ``sessions`` POS configs with a session (and
    one more for the baseline); ``orders``: the most one register sends, warm-up included."""
    from odoo import SUPERUSER_ID, api

    year = datetime.date.today().year % 100
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        company.write({"country_id": env.ref("base.vn").id, "name": "Công ty Tải Thử",
                       "street": "1 Lê Lợi", "city": "TP. Hồ Chí Minh"})
        env["account.chart.template"].try_loading("vn", company, install_demo=False)
        company.write({"vat": "0315558888", "l10n_vn_einvoice_provider": "sandbox",
                       "l10n_vn_einvoice_provider_url": sandbox_url,
                       "l10n_vn_einvoice_symbol": f"C{year}TAA",
                       "l10n_vn_einvoice_pos_symbol": f"C{year}MAA"})
        env.ref("base.user_admin").write({"password": PASSWORD, "group_ids": [(4, env.ref(
            "point_of_sale.group_pos_manager").id), (4, env.ref(
            "account.group_account_manager").id)]})
        chart = env["account.chart.template"].with_company(company)
        taxes = [chart.ref("tax_sale_vat10"), chart.ref("tax_sale_vat8")]
        products = env["product.product"].create([{
            "name": f"Món {i}", "available_in_pos": True, "type": "consu",
            "list_price": 20000 + 1500 * i, "taxes_id": [(6, 0, taxes[i % 2].ids)],
        } for i in range(LINES)])
        lines = []
        for index, product in enumerate(products):
            qty = 1 + index
            result = product.taxes_id.compute_all(product.list_price, company.currency_id, qty)
            lines.append({"product_id": product.id, "qty": qty,
                          "price_unit": product.list_price,
                          "price_subtotal": result["total_excluded"],
                          "price_subtotal_incl": result["total_included"],
                          "tax_ids": [(6, 0, product.taxes_id.ids)]})
        customer = env["res.partner"].create({
            "name": "Công ty TNHH Khách Hàng", "vat": "0301234562", "is_company": True,
            "street": "12 Nguyễn Huệ", "city": "TP. Hồ Chí Minh",
            "country_id": env.ref("base.vn").id})
        registers = []
        for index in range(sessions + 1):  # the last one measures the baseline alone
            journal = env["account.journal"].create({
                "name": f"Cash {index}", "type": "cash", "code": f"CL{index:02d}"})
            cash = env["pos.payment.method"].create({
                "name": f"Cash {index}", "journal_id": journal.id,
                "receivable_account_id": company.account_default_pos_receivable_account_id.id,
            })
            config = env["pos.config"].create({
                "name": f"Quầy {index}", "payment_method_ids": [(6, 0, cash.ids)],
                "l10n_vn_einvoice_enabled": True,
                "l10n_vn_einvoice_authority_string": "LOAD1",
                # one block holds a session's orders: registers fetch blocks when they
                # open (and in the background), not inside a sync
                "l10n_vn_einvoice_block_size": orders + 10,
            })
            config._check_before_creating_new_session()
            session = env["pos.session"].create({"config_id": config.id,
                                                 "user_id": env.ref("base.user_admin").id})
            registers.append({"config": config.id, "session": session.id,
                              "pricelist": config.pricelist_id.id,
                              "payment_method": cash.id})
        return {"lines": lines, "customer": customer.id, "registers": registers,
                "product": products[0].id, "tax": taxes[0].id}


class Client:
    """A logged-in browser session talking JSON-RPC to the server, like the POS does."""

    def __init__(self, base, database):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        self.rpc("/web/session/authenticate",
                 {"db": database, "login": "admin", "password": PASSWORD})

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                           "params": params}).encode()
        request = urllib.request.Request(self.base + path, body,
                                         {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=300) as response:
            answer = json.loads(response.read())
        if answer.get("error"):
            raise RuntimeError(json.dumps(answer["error"])[:2000])
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(f"/web/dataset/call_kw/{model}/{method}",
                        {"model": model, "method": method, "args": list(args),
                         "kwargs": kwargs})


class Register:
    """One POS: codes from its own reserved blocks (as offline), orders synced in 1–3s."""

    def __init__(self, client, register, data):
        self.client, self.register, self.data = client, register, data
        self.codes = iter(())
        self.retries = 0
        self.year = datetime.date.today().year

    def reserve(self):
        """A block of codes, as the POS fetches one when it opens."""
        block = self.client.call("pos.config", "l10n_vn_einvoice_reserve_block",
                                 [self.register["config"]], self.year)
        prefix = f"M{block['form']}-{block['year'] % 100:02d}-{block['authority_string']}-"
        self.codes = iter(f"{prefix}{n:011d}" for n in range(block["first"], block["last"] + 1))

    def next_code(self):
        code = next(self.codes, None)
        if code is None:
            self.reserve()
            code = next(self.codes)
        return code

    def order(self):
        lines = self.data["lines"]
        total = sum(line["price_subtotal_incl"] for line in lines)
        untaxed = sum(line["price_subtotal"] for line in lines)
        order_uuid = str(uuid.uuid4())
        return {
            "uuid": order_uuid, "name": f"Order {order_uuid}",
            "session_id": self.register["session"], "user_id": 2,
            "pricelist_id": self.register["pricelist"],
            "date_order": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
            "amount_paid": total, "amount_return": 0, "amount_tax": total - untaxed,
            "amount_total": total, "lines": [(0, 0, dict(line)) for line in lines],
            "last_order_preparation_change": "{}",
            "payment_ids": [(0, 0, {"amount": total, "payment_method_id":
                                    self.register["payment_method"]})],
            "to_invoice": False, "state": "paid", "l10n_vn_einvoice_code": self.next_code(),
        }

    def run(self, count, start, errors):
        """Sync ``count`` orders after ``start`` is set; interleaved syncs of 1–3 orders.

        Like the POS, a sync refused for a concurrency failure keeps its orders and
        sends them again (the same uuids: the server must not create them twice)."""
        try:
            start.wait()
            sizes = itertools.cycle((1, 3, 2))
            sent = 0
            while sent < count:
                batch = [self.order() for _ in range(min(next(sizes), count - sent))]
                while True:
                    try:
                        self.client.call("pos.order", "sync_from_ui", batch)
                        break
                    except RuntimeError as error:
                        if "SerializationFailure" not in str(error):
                            raise
                        self.retries += 1
                        time.sleep(0.2)
                sent += len(batch)
        except Exception as error:  # reported by the main thread
            errors.append(f"register {self.register['config']}: {error}")


def back_office(client, data, count, start, errors):
    """An accountant posting customer invoices while the registers sell."""
    try:
        start.wait()
        for index in range(count):
            move_id = client.call("account.move", "create", {
                "move_type": "out_invoice", "partner_id": data["customer"],
                "invoice_line_ids": [(0, 0, {"product_id": data["product"],
                                             "quantity": 1 + index % 4,
                                             "price_unit": 150000,
                                             "tax_ids": [(6, 0, [data["tax"]])]})]})
            client.call("account.move", "action_post", [move_id])
    except Exception as error:  # reported by the main thread
        errors.append(f"back office: {error}")


def wait_drained(registry, seconds):
    """Seconds until no issue/lookup row is pending or sending (cron workers only)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        with registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM l10n_vn_einvoice_outbox "
                       "WHERE state IN ('pending', 'sending')")
            if not cr.fetchone()[0]:
                return time.monotonic() - started
        time.sleep(1)
    raise SystemExit(f"outbox not drained after {seconds} s")


def check(registry, expected_orders, expected_invoices, sandbox_url):
    """The invariants; returns the figures."""
    with registry.cursor() as cr:
        cr.execute("""SELECT count(*), count(l10n_vn_einvoice_document_id)
                        FROM pos_order WHERE state IN ('paid', 'done')""")
        orders, with_doc = cr.fetchone()
        cr.execute("""SELECT kind, state, count(*) FROM l10n_vn_einvoice_document
                    GROUP BY kind, state""")
        states = {(kind, state): n for kind, state, n in cr.fetchall()}
        cr.execute("""SELECT count(*) - count(DISTINCT tax_authority_code)
                        FROM l10n_vn_einvoice_document WHERE kind = 'cash_register'""")
        duplicate_codes = cr.fetchone()[0]
        cr.execute("""SELECT count(*) - count(DISTINCT (company_id, form, symbol, number))
                        FROM l10n_vn_einvoice_document""")
        duplicate_numbers = cr.fetchone()[0]
        cr.execute("""SELECT symbol, count(*), min(number), max(number)
                        FROM l10n_vn_einvoice_document
                    GROUP BY company_id, form, symbol, extract(year FROM issue_date)""")
        gaps = {symbol: (n, low, high) for symbol, n, low, high in cr.fetchall()
                if (low, high) != (1, n)}
        cr.execute("""SELECT state, count(*) FROM l10n_vn_einvoice_outbox GROUP BY state""")
        outbox = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM l10n_vn_einvoice_exchange WHERE operation = 'issue' "
                   "AND result = 'ok'")
        issues_ok = cr.fetchone()[0]
    documents = sum(states.values())
    health = admin_request(f"{sandbox_url}/_sandbox/health")
    held = json.loads(urllib.request.urlopen(health).read())
    figures = {"orders": orders, "documents": documents, "duplicate_codes": duplicate_codes,
               "duplicate_numbers": duplicate_numbers, "gaps": gaps, "outbox": outbox,
               "sandbox_invoices": held["invoices"], "states": states,
               "issue_calls_ok": issues_ok}
    problems = []
    if orders != expected_orders or with_doc != orders:
        problems.append(f"{orders} orders, {with_doc} with an e-invoice, "
                        f"{expected_orders} expected")
    if states.get(("coded", "accepted"), 0) != expected_invoices:
        problems.append(f"back-office documents {states}")
    if set(states) - {("coded", "accepted"), ("cash_register", "accepted")}:
        problems.append(f"documents not final: {states}")
    if duplicate_codes or duplicate_numbers or gaps:
        problems.append(f"duplicates {duplicate_codes}/{duplicate_numbers}, gaps {gaps}")
    if set(outbox) - {"done"}:
        problems.append(f"outbox not drained: {outbox}")
    if held["invoices"] != documents:
        problems.append(f"sandbox holds {held['invoices']} invoices for {documents} documents")
    return figures, problems


def run(args):
    odoo_src = find_odoo()
    sys.path.insert(0, str(odoo_src))
    import odoo
    from odoo.modules.registry import Registry

    database = f"l10n_vn_einvoice_load_{os.getpid()}"
    addons = f"{odoo_src}/odoo/addons,{odoo_src}/addons,{REPO_ROOT}"
    sandbox_port, http_port = free_port(), args.port or free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    base = f"http://127.0.0.1:{http_port}"
    processes = []
    with tempfile.TemporaryDirectory(prefix="vn-load-") as data_dir:
        try:
            if args.template:  # a copy of a database with the addon and the POS bridge
                subprocess.run(["createdb", "-T", args.template, database], check=True)
                subprocess.run(["psql", "-qd", database, "-c", "UPDATE ir_config_parameter "
                                "SET value = gen_random_uuid()::text WHERE key = "
                                "'database.uuid'"], check=True)
            else:
                install(odoo_src, database, addons)
                subprocess.run([sys.executable, str(odoo_src / "odoo-bin"), "-d", database,
                                "--addons-path", addons, "-i", "point_of_sale",
                                "--stop-after-init", "--log-level=warn"], check=True)
            odoo.tools.config.parse_config(["-d", database, f"--addons-path={addons}",
                                            "--log-level=warn"])
            registry = Registry(database)
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "l10n_vn_einvoice.providers", "sandbox", "--port",
                 str(sandbox_port), "--data", data_dir], cwd=REPO_ROOT,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "L10N_VN_SANDBOX_TOKEN": SANDBOX_ADMIN_TOKEN}))
            wait_for(admin_request(f"{sandbox_url}/_sandbox/health"))
            data = setup(registry, args.sessions, max(args.orders, args.baseline_orders) +
                         args.warm_up, sandbox_url)
            server_log = Path(data_dir) / "odoo.log"
            processes.append(subprocess.Popen(
                [sys.executable, str(odoo_src / "odoo-bin"), "-d", database,
                 f"--db-filter=^{database}$", "--addons-path", addons, "--workers", "2",
                 "--max-cron-threads", "2", "--http-interface", "127.0.0.1",
                 "--http-port", str(http_port), "--gevent-port", str(free_port()),
                 "--log-level=warn", "--log-handler=odoo.service.model:INFO",
                 f"--logfile={server_log}", "--limit-time-real=600",
                 "--limit-time-cpu=600"], cwd=REPO_ROOT))
            wait_for(f"{base}/web/login")

            baseline_orders = args.baseline_orders or args.orders
            errors = []
            solo = Register(Client(base, database), data["registers"][-1], data)
            registers = [Register(Client(base, database), register, data)
                         for register in data["registers"][:-1]]
            office = Client(base, database)
            for register in (solo, *registers):  # the registers open, one after the other
                register.reserve()
            # warm-up, not timed, the same for both runs: the register alone sends
            # --warm-up orders as in its run, then the ten registers and the back office
            # send as many together, as in theirs (both workers and their caches warm)
            solo.run(args.warm_up, _set_event(), errors)
            concurrently(registers, args.warm_up, data, office, args.warm_up, errors)
            if errors:
                raise SystemExit("\n".join(errors[:5]))
            wait_drained(registry, args.drain_timeout)  # neither run pays the other's drain
            started = time.perf_counter()
            solo.run(baseline_orders, _set_event(), errors)
            baseline = baseline_orders / (time.perf_counter() - started)
            if errors:
                raise SystemExit("\n".join(errors[:5]))
            wait_drained(registry, args.drain_timeout)
            load_seconds = concurrently(registers, args.orders, data, office, args.invoices,
                                        errors)
            retries = solo.retries + sum(register.retries for register in registers)
            odoo_retries = serialization_retries(server_log)
            if errors:
                raise SystemExit("\n".join(errors[:5]))
            drain_seconds = wait_drained(registry, args.drain_timeout)
            expected = (args.sessions + 1) * args.warm_up + args.sessions * args.orders + \
                baseline_orders
            figures, problems = check(registry, expected, args.invoices + args.warm_up,
                                      sandbox_url)
        finally:
            for process in reversed(processes):
                process.terminate()
                process.wait(timeout=60)
            subprocess.run(["dropdb", "--force", "--if-exists", database], check=False)
            subprocess.run(["rm", "-rf", os.path.expanduser(
                f"~/.local/share/Odoo/filestore/{database}")], check=False)
    orders = args.sessions * args.orders
    value = orders / load_seconds
    print(f"loaded {args.sessions} POS sessions x {args.orders} orders + {args.invoices} "
          f"back-office invoices in {load_seconds:.1f} s ({value:.1f} orders/s through "
          f"sync_from_ui, workers=2, cron threads=2); outbox drained {drain_seconds:.1f} s "
          f"later; {figures['documents']} documents checked: duplicate codes "
          f"{figures['duplicate_codes']}, duplicate numbers {figures['duplicate_numbers']}, "
          f"gaps {len(figures['gaps'])}, sandbox invoices {figures['sandbox_invoices']}; "
          f"serialization failures retried inside Odoo: {odoo_retries}, syncs failed and "
          f"sent again by a register: {retries} (whole run); one session alone: "
          f"{baseline:.1f} orders/s ({baseline_orders} orders); both runs after the same "
          f"warm-up ({args.warm_up} orders per register, alone then together) and a "
          f"drained outbox")
    if retries or odoo_retries:
        problems.append("serialization failures under load")
    if value < GOAL_RATIO * baseline:
        problems.append(f"{value / baseline:.2f}x one register, goal {GOAL_RATIO}x")
    if problems:
        print("FAILED: " + "; ".join(problems))
    print(result_line("pos_load_orders_per_s", value, baseline,
                      f"{GOAL}; {args.sessions}x{args.orders} orders"))
    return 1 if problems else 0


def concurrently(registers, orders, data, office, invoices, errors):
    """Seconds for ``registers`` to sync ``orders`` each, the back office posting
    ``invoices`` meanwhile, all starting at once."""
    start = threading.Event()
    threads = [threading.Thread(target=register.run, args=(orders, start, errors))
               for register in registers]
    threads.append(threading.Thread(target=back_office, args=(
        office, data, invoices, start, errors)))
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def serialization_retries(server_log):
    """Requests Odoo retried after a serialization failure (its ``service.model`` log)."""
    if not server_log.exists():
        return 0
    text = server_log.read_text(errors="replace")
    return text.count("tries left, try again") + text.count("maximum number of tries")


def _set_event():
    event = threading.Event()
    event.set()
    return event


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--orders", type=int, default=30, help="orders per session")
    parser.add_argument("--invoices", type=int, default=30, help="back-office invoices")
    parser.add_argument("--baseline-orders", type=int, default=0,
                        help="orders of the one-register baseline (default: --orders)")
    parser.add_argument("--warm-up", type=int, default=6,
                        help="orders per register (and back-office invoices) sent before "
                             "either run is timed")
    parser.add_argument("--drain-timeout", type=int, default=900)
    parser.add_argument("--template", default="",
                        help="copy this database (with the addon, point_of_sale and the POS "
                             "bridge) instead of installing one: a quicker set-up")
    parser.add_argument("--port", type=int, default=0, help="HTTP port of the Odoo server")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
