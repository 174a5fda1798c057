"""POS checkout cost of the addon: one order per sync transaction, commit included, in a
database with the addon against one without it.

Creates two databases in the same run: one with ``l10n_vn_einvoice`` installed, one with
only its dependencies (account, point_of_sale, l10n_vn, certificate, mail) — stock Odoo.
Both get the same Vietnamese company on the l10n_vn chart, the same ten products and
taxes, one POS config with an open session (cash-register e-invoices on, in the first),
and the same ``--orders`` ten-line paid orders.  Each order is synced on its own, as a
register syncs a paid order: a fresh transaction, ``pos.order.sync_from_ui``, and the
commit with everything it runs (flush, tracking, the cron trigger, the post-commit
notifications).  The two databases alternate order by order (which one goes first
alternates too) so both see the same machine state; the first ``--warmup`` orders of each
are not timed.  Ratio = median time per order with the addon / without (goal ≤ 1.10).
It also measures order sync → "accepted" at the sandbox with a cron worker polling.
Run from the repository root with Odoo's Python: ``python benchmarks/pos_checkout.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks._common import result_line  # noqa: E402

LINES = 10
GOAL = 1.10
DEPENDENCIES = "account,point_of_sale,l10n_vn,certificate,mail"


def find_odoo() -> Path:
    """Same order as scripts/common.sh: $ODOO_SRC, the user env file, /opt/odoo."""
    candidates = [os.environ.get("ODOO_SRC", "")]
    env_file = Path.home() / ".config" / "l10n_vn_einvoice" / "env"
    if env_file.exists():
        lines = [ln[len("ODOO_SRC="):] for ln in env_file.read_text().splitlines()
                 if ln.startswith("ODOO_SRC=")]
        candidates += lines[-1:]
    candidates.append("/opt/odoo")
    for candidate in candidates:
        if candidate and (Path(candidate) / "odoo-bin").exists():
            return Path(candidate)
    raise SystemExit("Odoo 19.0 source not found: set ODOO_SRC (see README)")


# The core and its POS bridge (point_of_sale comes with the bridge).
ADDON_MODULES = "l10n_vn_einvoice,l10n_vn_einvoice_pos"


def install(odoo_src: Path, db: str, addons_path: str, modules=ADDON_MODULES) -> None:
    subprocess.run(["createdb", db], check=True)
    subprocess.run([sys.executable, str(odoo_src / "odoo-bin"), "-d", db,
                    "--addons-path", addons_path, "-i", modules, "--without-demo=True",
                    "--stop-after-init", "--log-level=warn"], check=True)


def setup(env):
    """Company, chart, products, one POS config with an open session; returns ids."""
    company = env.company
    company.write({"country_id": env.ref("base.vn").id, "name": "Công ty Đo Hiệu Năng",
                   "street": "1 Lê Lợi", "city": "TP. Hồ Chí Minh"})
    env["account.chart.template"].try_loading("vn", company, install_demo=False)
    company.vat = "0315558888"
    chart = env["account.chart.template"].with_company(company)
    taxes = [chart.ref("tax_sale_vat10"), chart.ref("tax_sale_vat8")]
    products = env["product.product"].create([{
        "name": f"Món {i}", "available_in_pos": True, "type": "consu",
        "list_price": 20000 + 1500 * i, "taxes_id": [(6, 0, taxes[i % 2].ids)],
    } for i in range(LINES)])
    journal = env["account.journal"].create({"name": "Cash POS", "type": "cash",
                                             "code": "CPOS"})
    cash = env["pos.payment.method"].create({
        "name": "Cash POS", "journal_id": journal.id,
        "receivable_account_id": company.account_default_pos_receivable_account_id.id,
    })
    values = {"name": "Quầy đo", "payment_method_ids": [(6, 0, cash.ids)]}
    if "l10n_vn_einvoice_enabled" in env["pos.config"]._fields:
        values.update(l10n_vn_einvoice_enabled=True,
                      l10n_vn_einvoice_authority_string="BENCH",
                      l10n_vn_einvoice_block_size=5000)
    config = env["pos.config"].create(values)
    config._check_before_creating_new_session()
    env["pos.session"].create({"config_id": config.id, "user_id": env.uid})
    return config.id, products.ids


def order_data(env, config, products, code=False):
    """A ten-line paid order as the POS sends it (prices computed by Odoo's taxes)."""
    session = config.current_session_id
    lines, total, untaxed = [], 0.0, 0.0
    for index, product in enumerate(products):
        qty = 1 + index % 3
        taxes = product.taxes_id
        result = taxes.compute_all(product.list_price, env.company.currency_id, qty)
        total += result["total_included"]
        untaxed += result["total_excluded"]
        lines.append((0, 0, {"product_id": product.id, "qty": qty,
                             "price_unit": product.list_price,
                             "price_subtotal": result["total_excluded"],
                             "price_subtotal_incl": result["total_included"],
                             "tax_ids": [(6, 0, taxes.ids)]}))
    order_uuid = str(uuid.uuid4())
    order = {
        "uuid": order_uuid, "name": f"Order {order_uuid}", "session_id": session.id,
        "user_id": env.uid, "pricelist_id": config.pricelist_id.id,
        "date_order": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "amount_paid": total, "amount_return": 0, "amount_tax": total - untaxed,
        "amount_total": total, "lines": lines, "last_order_preparation_change": "{}",
        "payment_ids": [(0, 0, {"amount": total, "payment_method_id":
                                config.payment_method_ids.id})],
        "to_invoice": False, "state": "paid",
    }
    if code:
        order["l10n_vn_einvoice_code"] = code
    return order


class Database:
    """One of the two databases: its registry, POS config, products and prepared orders."""

    def __init__(self, registry, count):
        from odoo import SUPERUSER_ID, api

        self.registry, self.api, self.uid = registry, api, SUPERUSER_ID
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.config_id, self.product_ids = setup(env)
        codes = iter(())
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            config = env["pos.config"].browse(self.config_id)
            self.einvoicing = "l10n_vn_einvoice_enabled" in config._fields
            if self.einvoicing:
                block = config.l10n_vn_einvoice_reserve_block(time.gmtime().tm_year)
                prefix = (f"M{block['form']}-{block['year'] % 100:02d}-"
                          f"{block['authority_string']}-")
                codes = iter(f"{prefix}{n:011d}"
                             for n in range(block["first"], block["last"] + 1))
            products = env["product.product"].browse(self.product_ids)
            self.orders = [order_data(env, config, products, next(codes, False))
                           for _ in range(count)]
        self.timings = []

    def sync_one(self, timed):
        """One order, one transaction: sync_from_ui and the commit."""
        order = self.orders.pop()
        started = time.perf_counter()
        with self.registry.cursor() as cr:
            env = self.api.Environment(cr, self.uid, {})
            env["pos.order"].sync_from_ui([order])
        if timed:
            self.timings.append(time.perf_counter() - started)

    def check(self, expected):
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM pos_order WHERE state IN ('paid', 'done')")
            orders = cr.fetchone()[0]
            documents = expected
            if self.einvoicing:
                cr.execute("SELECT count(*) FROM l10n_vn_einvoice_document "
                           "WHERE kind = 'cash_register' AND state = 'ready'")
                documents = cr.fetchone()[0]
        if orders != expected or documents != expected:
            raise SystemExit(f"{orders} orders, {documents} e-invoices, {expected} expected")


def measure_acceptance(database, sandbox_url):
    """Seconds from the sync commit to 'accepted', a cron worker polling like Odoo's."""
    registry, api, uid = database.registry, database.api, database.uid
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {})
        env.company.l10n_vn_einvoice_provider_url = sandbox_url
        env["l10n_vn_einvoice.outbox"].search([("state", "=", "pending")]).write(
            {"state": "done"})
    stop = threading.Event()

    def worker():
        while not stop.is_set():
            with registry.cursor() as cr:
                api.Environment(cr, uid, {})["l10n_vn_einvoice.outbox"]._cron_process()
            stop.wait(0.1)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    samples = []
    try:
        for order in database.orders[:5]:
            started = time.perf_counter()
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                env["pos.order"].sync_from_ui([order])
                doc = env["pos.order"].search([("uuid", "=", order["uuid"])]) \
                    .l10n_vn_einvoice_document_id.id
            while time.perf_counter() - started < 60:
                with registry.cursor() as cr:
                    cr.execute("SELECT state FROM l10n_vn_einvoice_document WHERE id = %s",
                               [doc])
                    if cr.fetchone()[0] == "accepted":
                        break
                time.sleep(0.02)
            samples.append(time.perf_counter() - started)
    finally:
        stop.set()
        thread.join()
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200, help="timed orders per database")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    odoo_src = find_odoo()
    sys.path.insert(0, str(odoo_src))
    addons_path = f"{odoo_src}/odoo/addons,{odoo_src}/addons,{REPO_ROOT}"
    run = uuid.uuid4().hex[:8]
    with_addon, without = f"bench_pos_{run}_einvoice", f"bench_pos_{run}_stock"
    install(odoo_src, with_addon, addons_path)
    install(odoo_src, without, addons_path, DEPENDENCIES)
    try:
        import odoo
        from l10n_vn_einvoice.providers.sandbox.server import start_in_thread
        from odoo.modules.registry import Registry

        odoo.tools.config.parse_config(["--addons-path", addons_path, "--log-level=warn"])
        count = args.warmup + args.orders + 5
        databases = [Database(Registry(with_addon), count), Database(Registry(without), count)]
        for index in range(args.warmup + args.orders):
            pair = databases if index % 2 else databases[::-1]
            for database in pair:
                database.sync_one(timed=index >= args.warmup)
        for database in databases:
            database.check(args.warmup + args.orders)
        with tempfile.TemporaryDirectory(prefix="vn-bench-") as data_dir:
            running = start_in_thread("127.0.0.1", 0, data_dir)
            try:
                accepted = measure_acceptance(databases[0], running.url)
            finally:
                running.stop()
        medians = [statistics.median(d.timings) for d in databases]
        means = [statistics.fmean(d.timings) for d in databases]
        print(f"one {LINES}-line order per sync transaction, commit included "
              f"({args.orders} timed orders each, alternating): with the addon median "
              f"{medians[0] * 1000:.1f} ms (mean {means[0] * 1000:.1f}), stock Odoo "
              f"without the addon median {medians[1] * 1000:.1f} ms (mean "
              f"{means[1] * 1000:.1f}); mean ratio {means[0] / means[1]:.3f}")
        print(f"order sync → accepted at the sandbox (cron worker running): "
              f"{accepted:.2f} s median of 5")
        print(result_line("pos_sync_seconds_per_order", medians[0], medians[1],
                          f"ratio<={GOAL:.2f} (median, vs a database without the addon)"))
    finally:
        if "odoo.sql_db" in sys.modules:  # release the registries' connections first
            from odoo.modules.registry import Registry
            from odoo.sql_db import close_db
            for db in (with_addon, without):
                Registry.delete(db)
                close_db(db)
        if not args.keep_db:
            for db in (with_addon, without):
                subprocess.run(["dropdb", "--if-exists", db], check=False)
                subprocess.run(["rm", "-rf", os.path.expanduser(
                    f"~/.local/share/Odoo/filestore/{db}")], check=False)


if __name__ == "__main__":
    main()
