"""Regenerate the README's "Reliability figures" from a fresh run.

Runs the reliability and security tests (faults, concurrency, tamper chain, access, bad
input, fuzzing, the attacker's suites) with pytest-odoo against a database where the addon
is installed, then the outbox drain benchmark, and rewrites the README between
``<!-- reliability:begin -->`` and ``<!-- reliability:end -->``.  Run from the repository
root with Odoo's Python::

    python scripts/reliability_report.py -c odoo.conf -d DATABASE [--drain-count 10000]

``--drain-count 0`` skips the benchmark and keeps the drain figure already written.
Set ``L10N_VN_LONG_TESTS=1`` to include the SIGKILL test of a real worker process, the
PostgreSQL restart during a send, and the 10 × 1,000-order load with 100 back-office
invoices (default 10 × 30 and 30).
``--skip-load`` keeps the load figures already written.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "README.md"
BEGIN, END = "<!-- reliability:begin -->", "<!-- reliability:end -->"
SUITES = {
    "test_odoo_faults.py": "faults (timeout, HTTP 500/503, SOAP fault, malformed body, "
                           "rejection, answer lost after commit, provider down then back) "
                           "× coded, uncoded, cash-register",
    "test_odoo_outbox_concurrency.py": "concurrent cron workers, worker killed between "
                                       "signing/sending and sending/storing",
    "test_odoo_pg_restart.py": "PostgreSQL restarted while a real worker process sends "
                               "(long variant only)",
    "test_odoo_pos_registers.py": "two registers' open syncs: no lock in common (a shared "
                                  "symbol would wait)",
    "test_odoo_chain.py": "tamper evidence: deleted, reordered, edited rows and XML; a row "
                          "forged with every later link recomputed; key rotation, lost or "
                          "exposed key files, neutralised copies",
    "test_odoo_access.py": "rights matrix, company isolation, neutralisation",
    "test_odoo_bad_input.py": "bad input at posting: clear error, nothing half-written",
    "test_odoo_pos_secrets.py": "POS data loaded as the POS does: no credential or key",
    "test_std_fuzz.py": "hypothesis and atheris fuzzing of parsers, decoders, validators; "
                        "hostile XML",
    "test_odoo_attacks_documents.py": "JSON-RPC attacks of every role on issued e-invoices "
                                      "and their files; lookup serving a foreign file",
    "test_odoo_attacks_companies.py": "JSON-RPC attacks across companies: rows of every "
                                      "model, summary tables, reports",
    "test_odoo_attacks_rights.py": "buttons and RPC outside their group, code blocks, chain "
                                   "check, other certificates",
    "test_odoo_attacks_lookup.py": "public lookup walked, locked out, forged proxy headers, "
                                   "huge input, case, codes in URLs",
    "test_odoo_lookup_race.py": "30 concurrent tries on a real odoo-bin and on the "
                                "counting statement",
    "test_prov_sandbox_security.py": "sandbox: credentials, admin token, body cap, key files",
    "test_prov_diagnostics.py": "every credential form masked in the diagnostics export",
}
LONG = os.environ.get("L10N_VN_LONG_TESTS") == "1"


def run_tests(config: str, database: str) -> dict[str, dict[str, int]]:
    """{file: {passed, failed, skipped, xfailed}} from pytest's short summary (``-rA``):
    unlike its junit report, the summary tells expected failures (known gaps) apart."""
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "odoo", f"--odoo-config={config}",
         f"--odoo-database={database}", "--odoo-http", "-q", "-rA", "-p", "no:cacheprovider",
         # each suite in the addon that holds it (the core or a bridge)
         *[str(next(REPO_ROOT.glob(f"l10n_vn_einvoice*/tests/{name}")).relative_to(
             REPO_ROOT)) for name in SUITES]],
        cwd=REPO_ROOT, check=False, capture_output=True, text=True)
    counts = {name: {"passed": 0, "failed": 0, "skipped": 0, "xfailed": 0}
              for name in SUITES}
    outcomes = {"PASSED": "passed", "FAILED": "failed", "ERROR": "failed",
                "XPASS": "failed", "XFAIL": "xfailed", "SKIPPED": "skipped"}
    for line in process.stdout.splitlines():
        word, _space, rest = line.partition(" ")
        found = re.search(r"tests/(test_\w+\.py)", rest)
        if word in outcomes and found and found.group(1) in counts:
            counts[found.group(1)][outcomes[word]] += 1
    print(process.stdout.splitlines()[-1] if process.stdout else process.stderr[-500:])
    return counts


def run_drain(count: int) -> str:
    """The RESULT lines of benchmarks/outbox_drain.py (rate, CPU) and its summary lines."""
    process = subprocess.run([sys.executable, "benchmarks/outbox_drain.py", "--count",
                              str(count)], cwd=REPO_ROOT, capture_output=True, text=True,
                             check=False)
    lines = [line for line in process.stdout.splitlines()
             if line.startswith(("RESULT", "drained", "CPU per document"))]
    if process.returncode or len(lines) != 4:
        return f"benchmark failed (exit {process.returncode}): {process.stderr[-300:]}"
    return "\n".join(lines)


def run_load() -> str:
    """The summary and RESULT lines of benchmarks/pos_load.py: 10 POS sessions × 30 orders
    and 30 back-office invoices (× 1,000 and 100 with L10N_VN_LONG_TESTS=1) on a
    multi-worker Odoo."""
    orders, invoices = ("1000", "100") if LONG else ("30", "30")
    process = subprocess.run([sys.executable, "benchmarks/pos_load.py", "--orders", orders,
                              "--invoices", invoices], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=False)
    lines = [line for line in process.stdout.splitlines()
             if line.startswith(("RESULT", "loaded", "FAILED"))]
    if process.returncode or not lines:
        return f"load run failed (exit {process.returncode}): {process.stderr[-300:]}"
    return "\n".join(lines)


def section(counts, drain: str | None, previous_drain: str, load: str | None,
            previous_load: str) -> str:
    rows = ["| suite | covers | passed | failed | skipped | known gap (xfail) |",
            "|---|---|---|---|---|---|"]
    for name, covers in SUITES.items():
        got = counts[name]
        rows.append(f"| `{name}` | {covers} | {got['passed']} | {got['failed']} | "
                    f"{got['skipped']} | {got['xfailed']} |")
    faults = counts["test_odoo_faults.py"]["passed"]
    drain_text = drain if drain is not None else previous_drain
    return "\n".join([
        BEGIN,
        "### Reliability figures",
        "",
        f"Regenerated {datetime.date.today().isoformat()} by "
        "`python scripts/reliability_report.py -c odoo.conf -d DATABASE` "
        f"(long variants: {'on' if LONG else 'off'}).",
        "",
        *rows,
        "",
        f"Fault scenarios survived: {faults} test cases, each asserting final state, exactly "
        "one invoice at the provider per document, no number or cash-register code skipped "
        "or reused, and the exchange log's story.",
        "",
        "Outbox drain (`benchmarks/outbox_drain.py`):",
        "",
        "```",
        drain_text.strip(),
        "```",
        "",
        "Concurrency and load (`benchmarks/pos_load.py`: POS sessions syncing through the "
        "real `sync_from_ui` JSON-RPC route and back-office postings at once, "
        "`--workers 2 --max-cron-threads 2`):",
        "",
        "```",
        (load if load is not None else previous_load).strip(),
        "```",
        END,
    ])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--drain-count", type=int, default=10000)
    parser.add_argument("--skip-load", action="store_true",
                        help="keep the load figures already written")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    match = re.search(re.escape(BEGIN) + r"(.*?)" + re.escape(END), text, re.S)
    if not match:
        raise SystemExit(f"README.md has no {BEGIN} … {END} markers")
    blocks = re.findall(r"```\n(.*?)```", match.group(1), re.S)
    counts = run_tests(args.config, args.database)
    drain = run_drain(args.drain_count) if args.drain_count else None
    load = None if args.skip_load else run_load()
    new = section(counts, drain, blocks[0] if blocks else "not measured", load,
                  blocks[1] if len(blocks) > 1 else "not measured")
    README.write_text(text[:match.start()] + new + text[match.end():], encoding="utf-8")
    print(new)
    return 1 if any(c["failed"] for c in counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
