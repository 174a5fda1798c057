"""Supplier e-invoices per second turned into draft vendor bills, one worker.

Creates its own database with the addon and Odoo's ``account_edi_ubl_cii`` (for the
baseline), a Vietnamese buyer company and a Vietnamese supplier company, both on the
l10n_vn chart.  Measured, each in its own transaction-per-bill run exactly as the web
client's upload does (``account.journal.create_document_from_attachment``, Odoo
committing after each bill):

* the addon: ``--count`` ten-line e-invoices of the supplier (signed by the seller, coded
  and signed by a test tax authority, as a buyer receives them), in one ``.zip`` — parse,
  inbound rules, both signatures verified, supplier found, lines, taxes, VAT per rate set
  to the invoice's, checks, attachment;
* the same, as ``--count`` separate XML files (a folder selected in the upload dialog);
* baseline, side by side: Odoo's own import of ``--count`` UBL 2.1 files of the same
  ten-line invoice (exported by Odoo's UBL module from the supplier company, one number
  each) into the same purchase journal.

Ratio = addon / Odoo's UBL import.  Goal: ≥ 20 invoices/s on one worker including bill
creation.  Every bill is then checked: totals equal the invoices'.  Run from the
repository root with Odoo's Python: ``python benchmarks/purchase_import.py [--count 500]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ADDONS, ODOO_SRC, open_odoo, pin_to_one_core, result_line

BUYER_MST = "0315558888"
GOAL = ">= 20 invoices/s on one worker, bill creation included"
WARM_UP = 5


def _install(database):
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
    supplier.vat = "0100109106"
    return buyer, supplier


def _vn_invoice():
    from l10n_vn_einvoice.tests import purchase_files, std_fixtures

    return purchase_files.for_company(std_fixtures.ten_line_invoice(), buyer_tax_code=BUYER_MST)


def _vn_files(first, count):
    """``count`` signed, coded ten-line invoices addressed to the buyer (name → bytes)."""
    from l10n_vn_einvoice.tests import purchase_files

    base = _vn_invoice()
    return {f"C26TAA_{number}.xml": purchase_files.signed(dataclasses.replace(
        base, number=number)) for number in range(first, first + count)}


def _ubl_files(env, supplier, buyer, count):
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
            for n in range(1, count + 1)}


def _measure(registry, odoo, company_id, files):
    """Seconds for the purchase journal's upload of ``files`` (attachments made first)."""
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"allowed_company_ids": [company_id]})
        attachments = env["ir.attachment"].create([{
            "name": name, "raw": data,
            "mimetype": "application/zip" if name.endswith(".zip") else "text/xml"}
            for name, data in files.items()])
        journal = env["account.journal"].search([("company_id", "=", company_id),
                                                 ("type", "=", "purchase")], limit=1)
        cr.commit()
        started = time.perf_counter()
        action = journal.with_context(default_move_type="in_invoice") \
            .create_document_from_attachment(attachments.ids)
        cr.commit()
        elapsed = time.perf_counter() - started
        bills = env["account.move"].search(action["domain"]) if "domain" in action else \
            env["account.move"].browse(action.get("res_id"))
        return elapsed, bills


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    pin_to_one_core()
    database = f"bench_purchase_{uuid.uuid4().hex[:8]}"
    _install(database)
    try:
        odoo, registry = open_odoo(database)
        from l10n_vn_einvoice.tests import purchase_files

        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            buyer, supplier = _companies(env)
            ubl = _ubl_files(env, supplier, buyer, args.count + WARM_UP)
            buyer_id = buyer.id
        names = sorted(ubl)
        ubl_warm_up = {name: ubl.pop(name) for name in names[args.count:]}
        # warm-up, not counted: the registry's first computations, both formats
        _measure(registry, odoo, buyer_id, _vn_files(100001, WARM_UP))
        _measure(registry, odoo, buyer_id, dict(list(ubl_warm_up.items())[:WARM_UP]))
        zipped = {"thang11.zip": purchase_files.zipped(_vn_files(1, args.count))}
        folder = _vn_files(args.count + 1, args.count)
        zip_seconds, zip_bills = _measure(registry, odoo, buyer_id, zipped)
        folder_seconds, folder_bills = _measure(registry, odoo, buyer_id, folder)
        ubl_seconds, ubl_bills = _measure(registry, odoo, buyer_id, ubl)
        total = float(_vn_invoice().totals.total)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            for label, bills in (("zip", zip_bills), ("folder", folder_bills)):
                bills = bills.with_env(env)
                wrong = bills.filtered(lambda b: b.amount_total != total or b.state != "draft")
                if len(bills) != args.count or wrong:
                    raise SystemExit(f"{label}: {len(bills)} bills, {len(wrong)} wrong")
            ubl_bills = ubl_bills.with_env(env)
            ubl_lines = len(ubl_bills.invoice_line_ids) / max(len(ubl_bills), 1)
        zip_rate, folder_rate = args.count / zip_seconds, args.count / folder_seconds
        ubl_rate = len(ubl_bills) / ubl_seconds
        print(f"addon, one zip of {args.count} ten-line e-invoices: {zip_seconds:.1f} s "
              f"({zip_rate:.1f}/s), every bill's total equal to its invoice's")
        print(f"addon, {args.count} XML files in one upload: {folder_seconds:.1f} s "
              f"({folder_rate:.1f}/s)")
        print(f"baseline, Odoo's UBL import of {len(ubl_bills)} UBL 2.1 files of the same "
              f"invoice ({ubl_lines:.0f} lines per bill): {ubl_seconds:.1f} s "
              f"({ubl_rate:.1f}/s)")
        print(result_line("purchase_import_invoices_per_s", zip_rate, ubl_rate, GOAL))
    finally:
        if "odoo.sql_db" in sys.modules:
            from odoo.modules.registry import Registry
            from odoo.sql_db import close_db

            Registry.delete(database)
            close_db(database)
        if not args.keep_db:
            subprocess.run(["dropdb", "--if-exists", database], check=False)


if __name__ == "__main__":
    main()
