"""Tax summary and sales register over 1,000,000 e-invoice rate lines.

Creates a scratch database holding the columns (and the indexes the ORM declares) of
``l10n_vn_einvoice_document`` and ``l10n_vn_einvoice_document_line`` that the two
reports read, fills them with ``generate_series`` (250 000 documents × 4 rate lines),
then times the reports' own SQL (imported from the addon) against a plain
``SELECT count(*)`` of the line table as the baseline.  The database is dropped at the
end.  Run from the repository root with Odoo's Python: ``python benchmarks/tax_summary.py``.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg2

from benchmarks._common import result_line

ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")
sys.path.insert(0, ODOO_SRC)
import odoo.addons  # noqa: E402

odoo.addons.__path__.append(str(Path(__file__).resolve().parents[1]))
from odoo.addons.l10n_vn_einvoice.report import sales_register, tax_summary  # noqa: E402

DB = "l10n_vn_einvoice_bench_tax_summary"
DOCUMENTS = 250_000
RATES = ("0%", "5%", "8%", "10%")
SCHEMA = """
CREATE TABLE res_currency (id serial PRIMARY KEY, name varchar NOT NULL);
INSERT INTO res_currency (name) VALUES ('VND');
CREATE TABLE l10n_vn_einvoice_document (
    id serial PRIMARY KEY, company_id int NOT NULL, state varchar NOT NULL,
    form varchar, symbol varchar, number int, issue_date date NOT NULL, kind varchar,
    buyer_name varchar, buyer_tax_code varchar, currency_id int NOT NULL,
    amount_untaxed numeric, amount_tax numeric, amount_total numeric,
    tax_authority_code varchar, correction_type varchar, corrected_document_id int);
CREATE TABLE l10n_vn_einvoice_document_line (
    id serial PRIMARY KEY, document_id int NOT NULL, company_id int NOT NULL,
    issue_date date NOT NULL, vat_rate varchar NOT NULL,
    amount_untaxed_vnd numeric, vat_vnd numeric);
INSERT INTO l10n_vn_einvoice_document
    (company_id, state, form, symbol, number, issue_date, kind, buyer_name, buyer_tax_code,
     currency_id, amount_untaxed, amount_tax, amount_total, tax_authority_code)
SELECT 1, CASE WHEN g %% 50 = 0 THEN 'replaced' ELSE 'accepted' END, '1', 'C26TAA', g,
       DATE '2026-01-01' + (g %% 365), CASE WHEN g %% 3 = 0 THEN 'cash_register'
       ELSE 'coded' END, 'Khách hàng ' || g, '0301234562', 1,
       4000000, 230000, 4230000, 'M' || lpad(g::text, 22, '0')
  FROM generate_series(1, %(documents)s) g;
INSERT INTO l10n_vn_einvoice_document_line
    (document_id, company_id, issue_date, vat_rate, amount_untaxed_vnd, vat_vnd)
SELECT d.id, 1, d.issue_date, r.rate, 1000000, r.vat
  FROM l10n_vn_einvoice_document d
 CROSS JOIN (VALUES ('0%%', 0), ('5%%', 50000), ('8%%', 80000), ('10%%', 100000)) r(rate, vat);
CREATE INDEX ON l10n_vn_einvoice_document (company_id);
CREATE INDEX ON l10n_vn_einvoice_document (state);
CREATE INDEX ON l10n_vn_einvoice_document (issue_date);
CREATE INDEX ON l10n_vn_einvoice_document_line (document_id);
CREATE INDEX ON l10n_vn_einvoice_document_line (company_id);
CREATE INDEX ON l10n_vn_einvoice_document_line (issue_date);
CREATE INDEX ON l10n_vn_einvoice_document_line (vat_rate);
ANALYZE;
"""


def _timed(func, repeat=3):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    admin = psycopg2.connect(dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB}")
        cur.execute(f"CREATE DATABASE {DB}")
    try:
        conn = psycopg2.connect(dbname=DB)
        with conn.cursor() as cr:
            started = time.perf_counter()
            cr.execute(SCHEMA, {"documents": DOCUMENTS})
            conn.commit()
            print(f"generated {DOCUMENTS * len(RATES):,} lines in "
                  f"{time.perf_counter() - started:.1f} s")
            year = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))

            def count():
                cr.execute("SELECT count(*) FROM l10n_vn_einvoice_document_line")
                return cr.fetchone()[0]

            baseline, lines = _timed(count)
            summary_s, totals = _timed(lambda: tax_summary.document_totals(cr, 1, *year))
            register_s, rows = _timed(lambda: sales_register.register_rows(cr, 1, *year))
        conn.close()
        expected_docs = DOCUMENTS - DOCUMENTS // 50
        assert lines == DOCUMENTS * len(RATES)
        assert totals["10%"][0] == expected_docs, totals
        assert totals["10%"][2] == expected_docs * 100000, totals
        assert len(rows) == DOCUMENTS
        print(f"count(*) {baseline:.3f} s; tax summary {summary_s:.3f} s; "
              f"sales register ({len(rows):,} rows fetched) {register_s:.3f} s")
        print(result_line("tax_summary_1M_lines_seconds", summary_s, baseline,
                          "< 2 s each (sales register "
                          f"{register_s:.2f}s)"))
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {DB}")
        admin.close()


if __name__ == "__main__":
    main()
