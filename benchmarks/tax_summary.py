"""The tax summary report over 1,000,000 e-invoice rate lines and their journal items, on
the real ORM tables.

Creates a database with the addon installed (so every table has exactly the columns and
indexes Odoo and the addon declare, nothing added by hand), a Vietnamese company on the
l10n_vn chart, then fills the real tables with ``generate_series``: 250,000 e-invoices of
2026 with 4 VAT-rate lines each (1,000,000 ``l10n_vn_einvoice_document_line`` rows; one
in 50 replaced, so left out of the report) and the journal entries of the same invoices
(250,000 ``account_move``, 2,250,000 ``account_move_line`` of which 2,000,000 carry
l10n_vn's sales tax tags of their rate).  ``ANALYZE`` then gives the planner the statistics
autovacuum would.  What is timed is the report as the user runs it for the whole year
(``action_compute`` of ``l10n_vn_einvoice.report.tax_summary``): both sides, the
e-invoices' rate lines and the tagged journal items, and the comparison of the two; it
must find no difference.  The sales register query is timed beside it.  Baseline: a plain
``count(*)`` of the two line tables, the least any report reading every row costs.  Goal:
the report in at most 1 s.  The database is dropped at the end.
Run from the repository root with Odoo's Python: ``python benchmarks/tax_summary.py``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ADDONS, ODOO_SRC, REPO_ROOT, open_odoo, result_line

RATES = {"0%": 0, "5%": 5, "8%": 8, "10%": 10}
BASE = 1_000_000  # VND before VAT per rate line
GOAL_SECONDS = 1.0


def _company(env):
    """The Vietnamese company, its sale journal, accounts and the tag of each rate/column."""
    from odoo.addons.l10n_vn_einvoice.report.tax_summary import sales_tag_signs

    company = env.ref("base.main_company")
    company.write({"country_id": env.ref("base.vn").id, "name": "Công ty Báo Cáo Thử",
                   "vat": "0315558888"})
    env["account.chart.template"].try_loading("vn", company, install_demo=False)
    journal = env["account.journal"].search([("type", "=", "sale"),
                                             ("company_id", "=", company.id)], limit=1)
    tags = {}
    for tag_id, uses in sales_tag_signs(env, company.account_fiscal_country_id).items():
        for rate, column, sign in uses:
            if rate in RATES:
                tags.setdefault((rate, column), (tag_id, sign))
    missing = {(r, c) for r in RATES for c in ("base", "vat") if r != "0%"} - set(tags)
    if missing or ("0%", "base") not in tags:
        raise SystemExit(f"l10n_vn tags not found for {sorted(missing)}")
    return company, journal, tags


def _generate(cr, company, journal, tags, documents):
    """Documents, their rate lines, their journal entries and tags, all with SQL."""
    params = {"company": company.id, "journal": journal.id, "n": documents,
              "vnd": company.currency_id.id,
              "income": journal.default_account_id.id,
              "receivable": company.partner_id.property_account_receivable_id.id}
    cr.execute("""
        INSERT INTO l10n_vn_einvoice_document
            (name, company_id, kind, state, form, symbol, number, issue_date,
             submission_key, currency_id, amount_untaxed, amount_tax, amount_total,
             buyer_name, buyer_tax_code, tax_authority_code, create_date, write_date)
        SELECT '1C26TAA-' || g, %(company)s, 'coded',
               CASE WHEN g %% 50 = 0 THEN 'replaced' ELSE 'accepted' END, '1', 'C26TAA', g,
               DATE '2026-01-01' + (g %% 365), md5('bench' || g), %(vnd)s,
               4000000, 230000, 4230000, 'Khách hàng ' || g, '0301234562',
               upper(substr(md5('code' || g) || md5('more' || g), 1, 34)),
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(1, %(n)s) g""", params)
    cr.execute("""
        INSERT INTO l10n_vn_einvoice_document_line
            (document_id, company_id, issue_date, sequence, vat_rate, currency_id,
             amount_untaxed, vat, amount_total, amount_untaxed_vnd, vat_vnd)
        SELECT d.id, d.company_id, d.issue_date, r.seq, r.rate, d.currency_id,
               %(base)s, r.vat, %(base)s + r.vat, %(base)s, r.vat
          FROM l10n_vn_einvoice_document d
         CROSS JOIN (VALUES (1, '0%%', 0), (2, '5%%', 50000), (3, '8%%', 80000),
                            (4, '10%%', 100000)) r(seq, rate, vat)
         WHERE d.symbol = 'C26TAA'""", {**params, "base": BASE})
    cr.execute("""
        INSERT INTO account_move
            (name, move_type, state, auto_post, date, invoice_date, journal_id, company_id,
             currency_id, l10n_vn_einvoice_document_id, create_date, write_date)
        SELECT 'INV/2026/' || lpad(d.number::text, 6, '0'), 'out_invoice',
               CASE WHEN d.state = 'replaced' THEN 'cancel' ELSE 'posted' END, 'no',
               d.issue_date, d.issue_date, %(journal)s, d.company_id, d.currency_id, d.id,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM l10n_vn_einvoice_document d WHERE d.symbol = 'C26TAA'""", params)
    # Per move: one product line per rate (base tag), one tax line per taxed rate (VAT
    # tag), one receivable line.  Balances are signed so that each tag's sign in the
    # report gives the e-invoice amount back.
    lines = []
    for rate, percent in RATES.items():
        base_tag, base_sign = tags[rate, "base"]
        lines.append(("product", BASE * base_sign, base_tag, "%(income)s"))
        if (rate, "vat") in tags and percent:
            vat_tag, vat_sign = tags[rate, "vat"]
            lines.append(("tax", BASE * percent // 100 * vat_sign, vat_tag, "%(income)s"))
    values = ", ".join(f"({seq}, '{kind}', {balance}, {tag}, {account})"
                       for seq, (kind, balance, tag, account) in enumerate(lines, start=1))
    kinds = f"kinds(seq, display_type, balance, tag, account_id) AS (VALUES {values})"
    cr.execute(f"""
        WITH {kinds}
        INSERT INTO account_move_line
            (move_id, move_name, company_id, journal_id, date, parent_state, sequence,
             display_type, account_id, name, balance, debit, credit, amount_currency,
             currency_id, company_currency_id, create_date, write_date)
        SELECT m.id, m.name, m.company_id, m.journal_id, m.date, m.state, k.seq,
               k.display_type, k.account_id, m.name, k.balance, GREATEST(k.balance, 0),
               GREATEST(-k.balance, 0), k.balance, m.currency_id, m.currency_id,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM account_move m CROSS JOIN kinds k
         WHERE m.journal_id = %(journal)s""", params)
    cr.execute(f"""
        WITH {kinds}
        INSERT INTO account_account_tag_account_move_line_rel
            (account_move_line_id, account_account_tag_id)
        SELECT l.id, k.tag FROM account_move_line l JOIN kinds k ON k.seq = l.sequence
         WHERE l.journal_id = %(journal)s""", params)
    cr.execute("""
        INSERT INTO account_move_line
            (move_id, move_name, company_id, journal_id, date, parent_state, display_type,
             account_id, name, balance, debit, credit, amount_currency, currency_id,
             company_currency_id, create_date, write_date)
        SELECT m.id, m.name, m.company_id, m.journal_id, m.date, m.state, 'payment_term',
               %(receivable)s, m.name, -s.total, GREATEST(-s.total, 0),
               GREATEST(s.total, 0), -s.total, m.currency_id, m.currency_id,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM account_move m
          JOIN (SELECT move_id, sum(balance) AS total FROM account_move_line
                 GROUP BY move_id) s ON s.move_id = m.id
         WHERE m.journal_id = %(journal)s""", params)
    cr.execute("ANALYZE")


def _timed(func, repeat):
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def _run(args):
    database = args.reuse or f"l10n_vn_einvoice_bench_tax_{uuid.uuid4().hex[:8]}"
    if not args.reuse:
        subprocess.run([sys.executable, f"{ODOO_SRC}/odoo-bin", "-d", database, "-i",
                        "l10n_vn_einvoice", f"--addons-path={ADDONS}", "--without-demo=True",
                        "--stop-after-init", "--log-level=warn", "--no-http"],
                       check=True, cwd=REPO_ROOT)
    try:
        odoo, registry = open_odoo(database)
        from odoo.addons.l10n_vn_einvoice.report import sales_register, tax_summary

        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            started = time.perf_counter()
            if args.reuse:  # a database kept by --keep-db, with its data
                company = env.ref("base.main_company")
                journal = env["account.journal"].search([("type", "=", "sale"),
                                                         ("company_id", "=", company.id)],
                                                        limit=1)
            else:
                company, journal, tags = _company(env)
                cr.commit()
                _generate(cr, company, journal, tags, args.documents)
                cr.commit()
            cr.execute("SELECT count(*) FROM l10n_vn_einvoice_document_line")
            rate_lines = cr.fetchone()[0]
            cr.execute("SELECT count(*), count(*) FILTER (WHERE display_type != "
                       "'payment_term') FROM account_move_line WHERE journal_id = %s",
                       [journal.id])
            items, tagged = cr.fetchone()
            print(f"generated {args.documents:,} e-invoices, {rate_lines:,} rate lines, "
                  f"{items:,} journal items ({tagged:,} tagged) in "
                  f"{time.perf_counter() - started:.0f} s")
            year = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
            summary = env["l10n_vn_einvoice.report.tax_summary"].create({
                "company_id": company.id, "date_from": year[0], "date_to": year[1]})

            def count():
                cr.execute("SELECT (SELECT count(*) FROM l10n_vn_einvoice_document_line) + "
                           "(SELECT count(*) FROM account_move_line)")
                return cr.fetchone()[0]

            def side(func):
                env.invalidate_all()
                return func()

            country = company.account_fiscal_country_id
            documents_s, _totals = _timed(lambda: side(lambda: tax_summary.document_totals(
                cr, company.id, *year)), args.repeat)
            accounting_s, _booked = _timed(lambda: side(lambda: tax_summary.accounting_totals(
                cr, company.id, *year, tax_summary.sales_tag_signs(env, country))),
                args.repeat)

            count_s, _count = _timed(lambda: side(lambda: tax_summary.document_count(
                cr, company.id, *year)), args.repeat)

            def report():
                env.invalidate_all()
                summary.action_compute()
                return {line.vat_rate: (line.document_count, line.amount_untaxed, line.vat,
                                        line.has_difference) for line in summary.line_ids}

            baseline, _total = _timed(count, args.repeat)
            report_s, lines = _timed(report, args.repeat)
            register_s, rows = _timed(lambda: sales_register.register_rows(
                cr, company.id, *year), args.repeat)
            cr.rollback()
        expected_docs = args.documents - args.documents // 50
        problems = []
        for rate, percent in RATES.items():
            count, untaxed, vat, differs = lines.get(rate, (None, None, None, None))
            if (count, untaxed, vat) != (expected_docs, expected_docs * BASE,
                                         expected_docs * BASE * percent // 100):
                problems.append(f"rate {rate}: {count} e-invoices, {untaxed} + {vat}")
            elif differs:
                problems.append(f"rate {rate}: e-invoices and journal items differ")
        if len(rows) != args.documents:
            problems.append(f"sales register: {len(rows)} rows")
    finally:
        if "odoo.sql_db" in sys.modules:
            from odoo.modules.registry import Registry
            from odoo.sql_db import close_db
            Registry.delete(database)
            close_db(database)
        if args.keep_db:
            print(f"kept database {database} (rerun with --reuse {database})")
        else:
            subprocess.run(["dropdb", "--force", "--if-exists", database], check=False)
            subprocess.run(["rm", "-rf", os.path.expanduser(
                f"~/.local/share/Odoo/filestore/{database}")], check=False)
    print(f"tax summary for the year (both sides, {rate_lines:,} rate lines and {tagged:,} "
          f"tagged journal items): {report_s:.3f} s (e-invoice side alone {documents_s:.3f} "
          f"s, its document count {count_s:.3f} s, journal-items side alone "
          f"{accounting_s:.3f} s); sales register ({len(rows):,} rows "
          f"fetched) {register_s:.3f} s; count(*) of both line tables {baseline:.3f} s "
          f"(best of {args.repeat})")
    if problems:
        print("FAILED: " + "; ".join(problems))
    print(result_line("tax_summary_1M_lines_seconds", report_s, baseline,
                      f"<={GOAL_SECONDS:.0f} s for both sides (real ORM tables, declared "
                      f"indexes only)"))
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep-db", action="store_true", help="keep the database")
    parser.add_argument("--reuse", metavar="DATABASE",
                        help="time the report on a database kept by --keep-db")
    return _run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
