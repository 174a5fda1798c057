"""POS checkout cost of the addon: server-side order sync with e-invoicing on and off.

Creates a database, installs the addon, sets up a Vietnamese company with two POS
configs — one issuing cash-register e-invoices, one without — and syncs 200 ten-line
paid orders through ``pos.order.sync_from_ui`` on each, interleaved in batches so both
see the same machine state.  Ratio = time with e-invoices / time without (goal ≤ 1.15).
It also measures the time from order sync to "accepted" at the sandbox with the outbox
cron worker running in its own thread, and drops the database at the end.
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

ORDERS = 200
LINES = 10
BATCH = 20


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


def install(odoo_src: Path, db: str, addons_path: str) -> None:
    subprocess.run(["createdb", db], check=True)
    subprocess.run([sys.executable, str(odoo_src / "odoo-bin"), "-d", db,
                    "--addons-path", addons_path, "-i", "l10n_vn_einvoice",
                    "--stop-after-init", "--log-level=warn"], check=True)


def setup(env):
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
    configs = []
    for name, enabled in (("Có HĐĐT", True), ("Không HĐĐT", False)):
        journal = env["account.journal"].create({"name": f"Cash {name}", "type": "cash",
                                                 "code": f"CB{len(configs)}"})
        cash = env["pos.payment.method"].create({
            "name": f"Cash {name}", "journal_id": journal.id,
            "receivable_account_id": company.account_default_pos_receivable_account_id.id,
        })
        config = env["pos.config"].create({
            "name": name, "payment_method_ids": [(6, 0, cash.ids)],
            "l10n_vn_einvoice_enabled": enabled,
            "l10n_vn_einvoice_authority_string": "BENCH",
            "l10n_vn_einvoice_block_size": ORDERS + 10,
        })
        config._check_before_creating_new_session()
        env["pos.session"].create({"config_id": config.id, "user_id": env.uid})
        configs.append(config)
    return products, configs


def order_data(env, config, products, code=False):
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
    return {
        "uuid": order_uuid, "name": f"Order {order_uuid}", "session_id": session.id,
        "user_id": env.uid, "pricelist_id": config.pricelist_id.id,
        "date_order": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "amount_paid": total, "amount_return": 0, "amount_tax": total - untaxed,
        "amount_total": total, "lines": lines, "last_order_preparation_change": "{}",
        "payment_ids": [(0, 0, {"amount": total, "payment_method_id":
                                config.payment_method_ids.id})],
        "to_invoice": False, "state": "paid", "l10n_vn_einvoice_code": code,
    }


def measure_sync(registry, config_ids, product_ids):
    """Seconds per synced order for each config, batches interleaved, one commit each."""
    from odoo import SUPERUSER_ID, api

    timings = {cid: [] for cid in config_ids}
    codes = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        enabled = env["pos.config"].browse(config_ids[0])
        block = enabled.l10n_vn_einvoice_reserve_block(time.gmtime().tm_year)
        prefix = f"M{block['form']}-{block['year'] % 100:02d}-{block['authority_string']}-"
        codes = iter(f"{prefix}{n:011d}" for n in range(block["first"], block["last"] + 1))
    for _batch in range(ORDERS // BATCH):
        for cid in config_ids:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                config = env["pos.config"].browse(cid)
                products = env["product.product"].browse(product_ids)
                batch = [order_data(env, config, products,
                                    next(codes) if config.l10n_vn_einvoice_enabled else False)
                         for _ in range(BATCH)]
                for data in batch:
                    started = time.perf_counter()
                    env["pos.order"].sync_from_ui([data])
                    env.flush_all()
                    timings[cid].append(time.perf_counter() - started)
    return [statistics.fmean(timings[cid]) for cid in config_ids]


def measure_acceptance(registry, config_id, product_ids, sandbox_url):
    """Seconds from the sync commit to 'accepted', a cron worker polling like Odoo's."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.company.l10n_vn_einvoice_provider_url = sandbox_url
        env["l10n_vn_einvoice.outbox"].search([("state", "=", "pending")]).write(
            {"state": "done"})
    stop = threading.Event()

    def worker():
        while not stop.is_set():
            with registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})["l10n_vn_einvoice.outbox"]._cron_process()
            stop.wait(0.1)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    samples = []
    try:
        for _ in range(5):
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                config = env["pos.config"].browse(config_id)
                data = order_data(env, config, env["product.product"].browse(product_ids))
                started = time.perf_counter()
                env["pos.order"].sync_from_ui([data])
                doc = env["pos.order"].search([("uuid", "=", data["uuid"])]) \
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
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    odoo_src = find_odoo()
    sys.path.insert(0, str(odoo_src))
    addons_path = f"{odoo_src}/odoo/addons,{odoo_src}/addons,{REPO_ROOT}"
    db = f"bench_pos_{uuid.uuid4().hex[:8]}"
    install(odoo_src, db, addons_path)
    try:
        import odoo
        from l10n_vn_einvoice.providers.sandbox.server import start_in_thread
        from odoo import SUPERUSER_ID, api
        from odoo.modules.registry import Registry

        odoo.tools.config.parse_config(["--addons-path", addons_path, "-d", db,
                                        "--log-level=warn"])
        registry = Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            products, configs = setup(env)
            product_ids, config_ids = products.ids, [c.id for c in configs]
        with_einvoice, without = measure_sync(registry, config_ids, product_ids)
        with tempfile.TemporaryDirectory(prefix="vn-bench-") as data_dir:
            running = start_in_thread("127.0.0.1", 0, data_dir)
            try:
                accepted = measure_acceptance(registry, config_ids[0], product_ids,
                                              running.url)
            finally:
                running.stop()
        print(f"sync per {LINES}-line order: with e-invoice {with_einvoice * 1000:.1f} ms, "
              f"without {without * 1000:.1f} ms ({ORDERS} orders each)")
        print(f"order sync → accepted at the sandbox (cron worker running): "
              f"{accepted:.2f} s median of 5")
        print(result_line("pos_sync_seconds_per_order", with_einvoice, without,
                          "ratio<=1.15"))
    finally:
        if "odoo.sql_db" in sys.modules:  # release the registry's connections first
            from odoo.modules.registry import Registry
            from odoo.sql_db import close_db
            Registry.delete(db)
            close_db(db)
        if not args.keep_db:
            subprocess.run(["dropdb", "--if-exists", db], check=False)


if __name__ == "__main__":
    main()
