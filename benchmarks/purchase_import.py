"""Supplier e-invoices turned into draft vendor bills, one bill per transaction, one worker.

Creates its own database with the addon and Odoo's ``account_edi_ubl_cii`` (for the
baseline), a Vietnamese buyer company and a Vietnamese supplier company, both on the
l10n_vn chart.  Every bill is made the way a mail alias or a drop of single files makes
it: one file, one ``account.journal.create_document_from_attachment`` (the web client's
upload), one commit, on a fresh cursor and environment (a request of its own).  The file
is an attachment already, as the upload dialog sends it before asking for the import.

Three sides, the same ``--count`` ten-line invoices (mixed rates 0/5/8/10 % and KCT),
run in chunks of ``--chunk`` bills whose order rotates (addon, UBL, ORM; then UBL, ORM,
addon; …), so that none of them always runs first, last or on the fullest database:

* the addon: a signed e-invoice of the supplier, coded and signed by a test tax
  authority (as a buyer receives it) — parse, inbound rules, XSD, both signatures
  verified, supplier found, lines, taxes, VAT per rate set to the invoice's, checks,
  attachment kept, chatter;
* baseline 1, Odoo's own import of the same invoice as UBL 2.1 (exported by Odoo's UBL
  module from the supplier company, one number each), into the same purchase journal;
* baseline 2, the ORM floor: the same bill created directly with ``account.move.create``
  (partner, the ten lines with their quantities, prices and taxes) from values parsed
  once beforehand — what any import pays at least to create the bill, and commit it.

Each bill is checked afterwards: the addon's totals equal the invoices', every side made
``--count`` draft bills of ten lines.  The last RESULT line is the addon's rate over the
ORM floor's (goal ≥ 0.7); the one before it the addon over Odoo's UBL import (goal ≥ 2).
``--profile PREFIX`` runs every side under cProfile, counting this process's CPU time
(rates then not comparable), writes ``PREFIX.<side>`` and prints the addon's top
entries.  Run from the repository root with Odoo's Python::

    python benchmarks/purchase_import.py [--count 500] [--chunk 10] [--template DB]

``--template DB`` copies an existing database holding the addon (a quicker set-up for
short runs on a developer's machine) instead of installing a new one.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import pstats
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ADDONS, ODOO_SRC, open_odoo, pin_to_one_core, result_line

BUYER_MST = "0315558888"
SUPPLIER_MST = "0100109106"
GOAL_FLOOR = ">= 0.7 x the ORM floor (same bills through account.move.create)"
GOAL_UBL = ">= 2 x Odoo's UBL 2.1 import of the same invoices"
WARM_UP = 5
SIDES = ("addon", "ubl", "orm")


def _install(database, template):
    if template:
        subprocess.run(["createdb", "-T", template, database], check=True)
        subprocess.run(["psql", "-qd", database, "-c", "UPDATE ir_config_parameter SET value "
                        "= gen_random_uuid()::text WHERE key = 'database.uuid'"], check=True)
        filestore = Path.home() / ".local/share/Odoo/filestore"
        if (filestore / template).is_dir():
            shutil.copytree(filestore / template, filestore / database)
        subprocess.run([sys.executable, f"{ODOO_SRC}/odoo-bin", "-d", database,
                        f"--addons-path={ADDONS}", "-i", "account_edi_ubl_cii",
                        "--stop-after-init", "--log-level=warn"], check=True)
        return
    subprocess.run(["createdb", database], check=True)
    subprocess.run([sys.executable, f"{ODOO_SRC}/odoo-bin", "-d", database,
                    f"--addons-path={ADDONS}", "-i", "l10n_vn_einvoice,account_edi_ubl_cii",
                    "--stop-after-init", "--log-level=warn"], check=True)


def _companies(env):
    """The buyer (main company) and the supplier, both Vietnamese on l10n_vn."""
    vn = env.ref("base.vn")
    buyer = env.company
    buyer.write({"name": "Công ty TNHH Thử Nghiệm", "country_id": vn.id, "street": "1 Lê Lợi",
                 "city": "TP. Hồ Chí Minh"})
    env["account.chart.template"].try_loading("vn", buyer, install_demo=False)
    buyer.vat = BUYER_MST
    supplier = env["res.company"].create({"name": "Tập đoàn Viễn thông (nhà cung cấp)",
                                          "country_id": vn.id, "street": "Cầu Giấy",
                                          "city": "Hà Nội", "currency_id": buyer.currency_id.id})
    env.user.company_ids |= supplier
    env["account.chart.template"].try_loading("vn", supplier, install_demo=False)
    supplier.vat = SUPPLIER_MST
    return buyer, supplier


def _vn_invoice():
    from l10n_vn_einvoice.tests import purchase_files, std_fixtures

    return purchase_files.for_company(std_fixtures.ten_line_invoice(), buyer_tax_code=BUYER_MST)


def _vn_files(numbers):
    """Signed, coded ten-line invoices addressed to the buyer (name → bytes)."""
    from l10n_vn_einvoice.tests import purchase_files

    base = _vn_invoice()
    return {f"C26TAA_{number}.xml": purchase_files.signed(dataclasses.replace(
        base, number=number)) for number in numbers}


def _ubl_files(env, supplier, buyer, numbers):
    """Odoo's UBL 2.1 export of the same ten lines, from the supplier to the buyer."""
    from l10n_vn_einvoice.tests import std_fixtures

    chart = env["account.chart.template"].with_company(supplier)
    taxes = {rate: chart.ref(f"tax_sale_vat{rate.rstrip('%')}") for rate in ("0%", "5%", "8%",
                                                                            "10%")}
    taxes["KCT"] = chart.ref("tax_sale_vat_exemption")
    customer = env["res.partner"].create({"name": buyer.name, "vat": BUYER_MST,
                                          "country_id": env.ref("base.vn").id,
                                          "street": "1 Lê Lợi", "city": "TP. Hồ Chí Minh"})
    move = env["account.move"].with_company(supplier).create({
        "move_type": "out_invoice", "partner_id": customer.id, "invoice_date": "2026-11-20",
        "invoice_line_ids": [(0, 0, {"name": line.name, "quantity": float(line.quantity),
                                     "price_unit": float(line.unit_price),
                                     "tax_ids": [(6, 0, taxes[line.vat_rate].ids)]})
                             for line in std_fixtures.ten_line_invoice().lines]})
    move.action_post()
    xml, _errors = env["account.edi.xml.ubl_21"]._export_invoice(move)
    first_id = re.search(rb"<cbc:ID>([^<]+)</cbc:ID>", xml).group(0)
    return {f"UBL_{n}.xml": xml.replace(first_id, b"<cbc:ID>UBL/2026/%05d</cbc:ID>" % n, 1)
            for n in numbers}


def _orm_values(env, buyer, journal_id, partner_id):
    """The bill's values, parsed once from the invoice: the ORM floor's input."""
    from l10n_vn_einvoice.standard import purchase_bill

    invoice = _vn_invoice()
    data = purchase_bill.bill_from_invoice(invoice)
    chart = env["account.chart.template"].with_company(buyer)
    taxes = {code: chart.ref(xmlid).id
             for code, xmlid in (("0%", "tax_purchase_vat0"), ("5%", "tax_purchase_vat5"),
                                 ("8%", "tax_purchase_vat8"), ("10%", "tax_purchase_vat10"),
                                 ("KCT", "tax_purchase_vat_exemption"))}
    return {"move_type": "in_invoice", "journal_id": journal_id, "partner_id": partner_id,
            "invoice_date": invoice.issue_date, "lines": [
                {"name": line.name, "quantity": float(line.quantity),
                 "price_unit": float(line.price_unit), "discount": float(line.discount),
                 "tax_ids": [(6, 0, [taxes[line.rate_code]])]} for line in data.lines]}


class Bench:
    """The database, the journal, and one bill per transaction for each side."""

    def __init__(self, odoo, registry, company_id, journal_id):
        self.odoo, self.registry = odoo, registry
        self.company_id, self.journal_id = company_id, journal_id
        self.bill_ids = {side: [] for side in SIDES}
        self.seconds = dict.fromkeys(SIDES, 0.0)
        self.queries = dict.fromkeys(SIDES, 0)
        self.orm_values = None
        self.profilers = {}

    def env(self, cr):
        return self.odoo.api.Environment(cr, self.odoo.SUPERUSER_ID,
                                         {"allowed_company_ids": [self.company_id]})

    def attachments(self, files):
        """Files uploaded (committed), as the upload dialog sends them first."""
        with self.registry.cursor() as cr:
            return self.env(cr)["ir.attachment"].create([
                {"name": name, "raw": data, "mimetype": "application/xml"}
                for name, data in files.items()]).ids

    def _timed(self, side, count, work):
        """``work(env)`` on a fresh cursor, then commit: (seconds, its result)."""
        profiler = self.profilers.get(side) if count else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        with self.registry.cursor() as cr:
            result = work(self.env(cr))
            cr.commit()
            if count:
                self.queries[side] += cr.sql_log_count
        if profiler:
            profiler.disable()
        return time.perf_counter() - started, result

    def upload(self, env, attachment_id):
        """One file, one import (the bill's id)."""
        journal = env["account.journal"].browse(self.journal_id)
        action = journal.with_context(default_move_type="in_invoice") \
            .create_document_from_attachment([attachment_id])
        ids = action.get("res_id") or action.get("domain", [(None, None, [])])[0][2]
        return ids if isinstance(ids, int) else ids[0]

    def create(self, env, number):
        """The ORM floor: the same bill from parsed values (its id)."""
        values = self.orm_values
        return env["account.move"].create({
            **{key: value for key, value in values.items() if key != "lines"},
            "ref": f"1C26TAA-{number}",
            "invoice_line_ids": [(0, 0, dict(line)) for line in values["lines"]]}).id

    def run(self, side, work, count=True):
        method = self.create if side == "orm" else self.upload
        for item in work:
            seconds, bill_id = self._timed(side, count,
                                           lambda env, item=item: method(env, item))
            if count:
                self.seconds[side] += seconds
                self.bill_ids[side].append(bill_id)


def _check(bench, count, total):
    """Every side made ``count`` draft ten-line bills; the addon's to the invoice's đồng."""
    problems, lines = [], {}
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        for side in SIDES:
            bills = env["account.move"].browse(bench.bill_ids[side])
            lines[side] = len(bills.invoice_line_ids) / max(len(bills), 1)
            if len(bills) != count or bills.filtered(lambda b: b.state != "draft") or \
                    lines[side] != 10:
                problems.append(f"{side}: {len(bills)} bills, {lines[side]:.1f} lines each")
            if side == "addon":
                wrong = bills.filtered(lambda b: b.amount_total != total
                                       or b.l10n_vn_einvoice_in_status == "error")
                if wrong:
                    problems.append(f"addon: {len(wrong)} bills not equal to their invoice "
                                    f"or with an error: "
                                    f"{wrong[:1].l10n_vn_einvoice_in_checks}")
            if side != "orm" and any(bill.partner_id.vat != SUPPLIER_MST for bill in bills):
                problems.append(f"{side}: a bill without the supplier as vendor")
    return problems


def _print_profile(side, profiler, path, count, top):
    profiler.dump_stats(path)
    stats = pstats.Stats(path)
    print(f"--- {side}: {stats.total_tt / count * 1000:.0f} ms of this process's CPU per bill "
          f"(profiled, {path})")
    for key in ("cumulative", "tottime") if top else ():
        print(f"--- {side}, top {top} by {key}")
        stats.sort_stats(key).print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--chunk", type=int, default=10)
    parser.add_argument("--template", default="", help="copy this database (with the addon)")
    parser.add_argument("--profile", default="", help="cProfile each side to PREFIX.<side>")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    pin_to_one_core()
    database = f"bench_purchase_{uuid.uuid4().hex[:8]}"
    _install(database, args.template)
    try:
        odoo, registry = open_odoo(database)
        numbers = range(1, args.count + 1)
        warm = range(100001, 100001 + WARM_UP)
        vn = _vn_files([*numbers, *warm])
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            buyer, supplier = _companies(env)
            ubl = _ubl_files(env, supplier, buyer, [*numbers, *warm])
            journal = env["account.journal"].search([("company_id", "=", buyer.id),
                                                     ("type", "=", "purchase")], limit=1)
            bench = Bench(odoo, registry, buyer.id, journal.id)
        # warm-up, not counted: the registry's first computations, every side
        bench.run("addon", bench.attachments({f"C26TAA_{n}.xml": vn[f"C26TAA_{n}.xml"]
                                              for n in warm}), count=False)
        bench.run("ubl", bench.attachments({f"UBL_{n}.xml": ubl[f"UBL_{n}.xml"]
                                            for n in warm}), count=False)
        with registry.cursor() as cr:
            env = bench.env(cr)
            partner = env["account.move"].search([("journal_id", "=", journal.id)],
                                                 limit=1).partner_id
            bench.orm_values = _orm_values(env, env.company, journal.id, partner.id)
        bench.run("orm", warm, count=False)
        if args.profile:  # CPU time of this process: other load on the machine does not count
            bench.profilers = {side: cProfile.Profile(time.process_time) for side in SIDES}
        for index, first in enumerate(range(1, args.count + 1, args.chunk)):
            chunk = range(first, min(first + args.chunk, args.count + 1))
            work = {"addon": bench.attachments({f"C26TAA_{n}.xml": vn[f"C26TAA_{n}.xml"]
                                                for n in chunk}),
                    "ubl": bench.attachments({f"UBL_{n}.xml": ubl[f"UBL_{n}.xml"]
                                              for n in chunk}),
                    "orm": chunk}
            for offset in range(len(SIDES)):
                side = SIDES[(index + offset) % len(SIDES)]
                bench.run(side, work[side])
        problems = _check(bench, args.count, float(_vn_invoice().totals.total))
        rates = {side: args.count / bench.seconds[side] for side in SIDES}
        print(f"{args.count} ten-line bills per side, one file, one import and one commit "
              f"each, in chunks of {args.chunk} whose order rotates:")
        print(f"addon, signed and coded Vietnamese e-invoices: {bench.seconds['addon']:.1f} s "
              f"({rates['addon']:.1f}/s), every bill's total equal to its invoice's, every "
              f"check passed")
        print(f"baseline, Odoo's UBL 2.1 import of the same invoices: "
              f"{bench.seconds['ubl']:.1f} s ({rates['ubl']:.1f}/s)")
        print(f"baseline, ORM floor (account.move.create from parsed values): "
              f"{bench.seconds['orm']:.1f} s ({rates['orm']:.1f}/s)")
        ubl_ratio = rates["addon"] / rates["ubl"]
        print(f"addon / Odoo's UBL import: {ubl_ratio:.2f} x — goal >= 2 x "
              f"{'met' if ubl_ratio >= 2 else 'missed'}")
        print("SQL queries per bill: " + ", ".join(
            f"{side} {bench.queries[side] / args.count:.0f}" for side in SIDES))
        for side, profiler in bench.profilers.items():
            _print_profile(side, profiler, f"{args.profile}.{side}", args.count,
                           top=30 if side == "addon" else 0)
        if problems:
            print("FAILED: " + "; ".join(problems))
        print(result_line("purchase_import_vs_ubl_invoices_per_s", rates["addon"],
                          rates["ubl"], GOAL_UBL))
        print(result_line("purchase_import_vs_orm_floor_invoices_per_s", rates["addon"],
                          rates["orm"], GOAL_FLOOR))
        if problems:
            raise SystemExit(1)
    finally:
        if "odoo.sql_db" in sys.modules:
            from odoo.modules.registry import Registry
            from odoo.sql_db import close_db

            Registry.delete(database)
            close_db(database)
        if not args.keep_db:
            subprocess.run(["dropdb", "--if-exists", database], check=False)
            shutil.rmtree(Path.home() / ".local/share/Odoo/filestore" / database,
                          ignore_errors=True)


if __name__ == "__main__":
    main()
