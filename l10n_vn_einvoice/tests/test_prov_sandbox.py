"""The sandbox core (tax authority behaviour), its store, PDF, HTTP admin API and CLI."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from freezegun import freeze_time

from ..providers.base import STATE_ACCEPTED, STATE_CANCELLED, STATE_PENDING, STATE_REJECTED
from ..providers.sandbox.core import (
    DEFAULT_ACCOUNT,
    DEFAULT_PASSWORD,
    Sandbox,
    SandboxRejection,
    default_symbols,
)
from ..providers.sandbox.pdf import text_pdf
from ..providers.sandbox.server import check_loopback, start_in_thread
from ..standard import codes, xmldsig
from ..standard.model import KIND_CASH_REGISTER, KIND_CODED, KIND_UNCODED
from ..standard.xml_build import invoice_to_bytes
from . import std_fixtures as fx

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def core(tmp_path_factory):
    sandbox = Sandbox(tmp_path_factory.mktemp("sbx"))
    yield sandbox
    sandbox.store.close()


def _xml(invoice=None, **changes):
    return invoice_to_bytes(dataclasses.replace(invoice or fx.vat_invoice(), **changes))


def test_coded_submission_gets_code_and_authority_signature(core):
    sub = core.submit("t", "coded-1", _xml(number=1001), kind=KIND_CODED, sign_as_seller=True)
    assert sub.state == STATE_ACCEPTED and not sub.duplicated
    assert codes.validate_tax_authority_code(sub.tax_authority_code)
    assert sub.number == 1001 and sub.lookup_code
    # The tax authority's shape: <MCCQT Id="Id-<32 hex>">, as in its test environment.
    assert re.search(rf'<MCCQT Id="Id-[0-9a-f]{{32}}">{sub.tax_authority_code}</MCCQT>'.encode(),
                     sub.xml)
    checks = xmldsig.verify_signatures(sub.xml)
    assert sorted(c.role for c in checks) == ["seller", "tax_authority"]
    assert all(c.ok for c in checks)


def test_submit_is_idempotent_per_contract_and_key(core):
    first = core.submit("t", "idem", _xml(number=1002), kind=KIND_CODED)
    count = core.count()
    again = core.submit("t", "idem", _xml(number=1003), kind=KIND_CODED)
    assert again.duplicated and dataclasses.replace(again, duplicated=False) == first
    assert core.count() == count
    other = core.submit("u", "idem", _xml(number=1003), kind=KIND_CODED)
    assert not other.duplicated and core.count("u") == 1


def test_duplicate_number_is_rejected_and_assignment_skips_it(core):
    core.submit("t", "n1", _xml(number=2001, symbol="C26TBB"), kind=KIND_CODED)
    dup = core.submit("t", "n2", _xml(number=2001, symbol="C26TBB"), kind=KIND_CODED)
    assert dup.state == STATE_REJECTED and "2001" in dup.reason and "2001" in dup.reason_vi
    assigned = core.submit("t", "n3", _xml(number=None, symbol="C26TBB"), kind=KIND_CODED,
                           assign_number=True)
    assert assigned.state == STATE_ACCEPTED and assigned.number == 2002


def test_invalid_invoice_is_stored_as_rejected(core):
    invoice = fx.vat_invoice()
    seller = dataclasses.replace(invoice.seller, tax_code="0100109107")  # bad check digit
    sub = core.submit("t", "bad-mst", _xml(invoice, seller=seller, number=3001),
                      kind=KIND_CODED)
    assert sub.state == STATE_REJECTED and "MST" in sub.reason
    assert sub.tax_authority_code == "" and core.find("t", "bad-mst") == sub


@pytest.mark.parametrize("data", [b"not xml at all", b"<HDon><DLHDon>",
                                  b'<!DOCTYPE x [<!ENTITY a "b">]><HDon/>', b"<Other/>"])
def test_unstorable_requests_raise(core, data):
    count = core.count()
    with pytest.raises(SandboxRejection) as info:
        core.submit("t", "hostile", data, kind=KIND_CODED)
    assert info.value.code and info.value.message and info.value.message_vi
    assert core.count() == count


def test_cash_register_code_must_be_valid_and_unique(core):
    invoice = fx.cash_register_invoice()
    ok = core.submit("t", "mtt-1", _xml(invoice), kind=KIND_CASH_REGISTER)
    assert ok.state == STATE_ACCEPTED and ok.tax_authority_code == invoice.tax_authority_code
    again = core.submit("t", "mtt-2", _xml(invoice), kind=KIND_CASH_REGISTER)
    assert again.state == STATE_REJECTED and "already used" in again.reason
    code = core.next_cash_register_code("1", invoice.issue_date)
    pending = core.submit("t", "mtt-3", _xml(invoice, tax_authority_code=code),
                          kind=KIND_CASH_REGISTER, transmitted=False)
    assert pending.state == STATE_PENDING
    assert core.transmit("t", "mtt-3").state == STATE_ACCEPTED


def test_cancel_and_notice(core):
    core.submit("t", "c1", _xml(number=4001), kind=KIND_CODED)
    assert core.cancel("t", "c1", "typo").state == STATE_CANCELLED
    with pytest.raises(SandboxRejection, match="already_cancelled"):
        core.cancel("t", "c1", "again")
    with pytest.raises(SandboxRejection, match="not_found"):
        core.cancel("t", "nope", "x")
    core.submit("t", "c2", _xml(number=4002), kind=KIND_CODED)
    notice = b"<TBao><DLTBao><DSHDon><HDon><TCTBao>1</TCTBao></HDon></DSHDon></DLTBao></TBao>"
    assert core.notice("t", "c2", notice).state == STATE_CANCELLED
    assert core.notices("t", "c2") == [notice]
    with pytest.raises(SandboxRejection, match="not_a_notice"):
        core.notice("t", "c2", b"<TBao/>")


def test_correction_needs_a_live_original(core):
    core.submit("t", "orig", _xml(number=5001), kind=KIND_CODED)
    fix = core.submit("t", "fix", _xml(fx.adjustment_invoice(), number=5002), kind=KIND_CODED,
                      related_key="orig")
    assert fix.state == STATE_ACCEPTED and fix.related_key == "orig"
    assert [s.key for s in core.corrections("t", "orig")] == ["fix"]
    orphan = core.submit("t", "orphan", _xml(fx.adjustment_invoice(), number=5003),
                         kind=KIND_CODED, related_key="missing")
    assert orphan.state == STATE_REJECTED
    with pytest.raises(SandboxRejection, match="corrected"):
        core.cancel("t", "orig", "x")


def test_symbols_defaults_and_seen(core):
    symbols = core.symbols()
    assert symbols[:18] == list(default_symbols())
    assert ("1", "C26TBB", KIND_CODED) in symbols


def test_default_symbols_follow_the_vietnam_year(tmp_path):
    """A sandbox started in 2027 takes 2027's invoices, the 2026 ones still being sent
    and December's codes for 2028; 31 December 17:30 UTC is already 2027 in Vietnam."""
    this_year = [("1", "C27TAA", KIND_CODED), ("1", "K27TAA", KIND_UNCODED),
                 ("1", "C27MAA", KIND_CASH_REGISTER), ("2", "C27TAA", KIND_CODED),
                 ("6", "C27NAA", KIND_CODED), ("6", "K27BAA", KIND_UNCODED)]
    expected = default_symbols(datetime.date(2027, 2, 15))
    assert list(expected[:6]) == this_year
    assert {s for _f, s, _k in expected} == {"C27TAA", "K27TAA", "C27MAA", "C28TAA",
                                              "K28TAA", "C28MAA", "C26TAA", "K26TAA",
                                              "C26MAA", "C26NAA", "K26BAA", "C27NAA",
                                              "K27BAA", "C28NAA", "K28BAA"}
    with freeze_time("2026-12-31 17:30:00"):
        sandbox = Sandbox(tmp_path)
    assert sandbox.symbols()[:6] == this_year
    sandbox.store.close()


def test_credentials(tmp_path):
    default = Sandbox(tmp_path / "a")
    assert default.credentials_ok(DEFAULT_ACCOUNT, DEFAULT_PASSWORD)
    assert not default.credentials_ok("x", "y") and not default.credentials_ok("", "")
    strict = Sandbox(tmp_path / "b", account="me", password="pw")
    assert strict.credentials_ok("me", "pw") and not strict.credentials_ok("me", "other")


def test_concurrent_submissions_get_distinct_numbers(tmp_path):
    sandbox = Sandbox(tmp_path)
    results = []

    def worker(index):
        results.append(sandbox.submit("t", f"k{index}", _xml(number=None), kind=KIND_CODED,
                                      assign_number=True))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.number for r in results) == list(range(1, 9))
    assert len({r.tax_authority_code for r in results}) == 8


def test_pdf_is_well_formed(core):
    sub = core.submit("t", "pdf", _xml(number=6001), kind=KIND_CODED)
    data = core.pdf(sub)
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref:xref + 4] == b"xref"
    offsets = [int(x) for x in re.findall(rb"(\d{10}) 00000 n", data)]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert sub.tax_authority_code.encode() in data
    assert b"(Hoa don \\(1\\)) Tj" in text_pdf(["Hóa đơn (1)"])


def test_restart_keeps_submissions_numbers_and_keys(tmp_path):
    first = Sandbox(tmp_path)
    sub = first.submit("t", "k", _xml(number=None), kind=KIND_CODED, assign_number=True)
    first.store.close()
    second = Sandbox(tmp_path)
    assert second.find("t", "k") == sub
    assert second.submit("t", "k2", _xml(number=None), kind=KIND_CODED,
                         assign_number=True).number == sub.number + 1
    assert second.tax_authority_key().certificate == first.tax_authority_key().certificate


def test_admin_endpoints(tmp_path):
    with start_in_thread(data_dir=str(tmp_path)) as running:
        running.sandbox.submit("vnpt", "adm", _xml(number=7001), kind=KIND_CODED)
        admin = running.admin_headers
        health = requests.get(f"{running.url}/_sandbox/health", headers=admin, timeout=5).json()
        assert health["ok"] and health["invoices"] == 1 and "vnpt" in health["contracts"]
        found = requests.get(f"{running.url}/_sandbox/invoices", headers=admin,
                             params={"contract": "vnpt", "key": "adm"}, timeout=5).json()
        assert found["found"] and found["number"] == 7001 and found["xml"].startswith("<?xml")
        missing = requests.get(f"{running.url}/_sandbox/invoices", headers=admin,
                               params={"contract": "vnpt", "key": "zzz"}, timeout=5)
        assert missing.status_code == 404
        assert requests.get(f"{running.url}/nowhere", timeout=5).status_code == 404


@pytest.mark.parametrize("host", ["0.0.0.0", "8.8.8.8", "192.168.1.10"])
def test_non_loopback_hosts_are_refused(host):
    with pytest.raises(ValueError, match="loopback"):
        check_loopback(host)
    with pytest.raises(ValueError):
        start_in_thread(host=host)


def test_cli_refuses_non_loopback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "l10n_vn_einvoice.providers", "sandbox", "--host", "0.0.0.0",
         "--data", str(tmp_path)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "loopback" in done.stderr


def test_cli_serves_with_faults(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "l10n_vn_einvoice.providers", "sandbox", "--port", str(port),
         "--data", str(tmp_path), "--fault", "listPatternByCom:http503:1"],
        cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)
    try:
        # the operator reads the admin token the sandbox prints when it starts
        token = next(line for line in process.stderr if "admin token" in line).split()[-1]
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{url}/_sandbox/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        assert requests.get(f"{url}/_sandbox/faults", timeout=5).status_code == 401
        faults = requests.get(f"{url}/_sandbox/faults", timeout=5,
                              headers={"Authorization": f"Bearer {token}"}).json()
        assert faults == [{"operation": "listPatternByCom", "kind": "http503", "seconds": 0.0,
                           "code": "", "count": 1}]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cli_workers_share_one_store(tmp_path):
    """Two server processes on one port and data directory (a provider's servers): VNPT
    numbers every invoice once across both, a key replayed on either is found, and the
    health counters add both processes up."""
    from ..providers.registry import make_client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "l10n_vn_einvoice.providers", "sandbox", "--port", str(port),
         "--data", str(tmp_path), "--workers", "2"], cwd=REPO_ROOT, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "L10N_VN_SANDBOX_TOKEN": "workers-test-token"})
    admin = {"Authorization": "Bearer workers-test-token"}
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # the socket listens before the workers serve it
            try:
                requests.get(f"{url}/_sandbox/health", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.05)
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(workers) == 2, "two worker processes serve the port"
        results, errors = [], []

        def client(index):
            try:
                vnpt = make_client("vnpt", url, username=DEFAULT_ACCOUNT,
                                   password=DEFAULT_PASSWORD, account=DEFAULT_ACCOUNT,
                                   account_password=DEFAULT_PASSWORD, timeout=30)
                for n in range(5):
                    results.append((f"c{index}-{n}", vnpt.issue(f"c{index}-{n}",
                                                               fx.vat_invoice())))
            except Exception as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        assert sorted(r.number for _key, r in results) == list(range(1, 21))
        assert len({r.tax_authority_code for _key, r in results}) == 20
        vnpt = make_client("vnpt", url, username=DEFAULT_ACCOUNT, password=DEFAULT_PASSWORD,
                           account=DEFAULT_ACCOUNT, account_password=DEFAULT_PASSWORD,
                           timeout=30)
        for key, result in results[:4]:
            assert vnpt.issue(key, fx.vat_invoice()).number == result.number
        health = requests.get(f"{url}/_sandbox/health", headers=admin, timeout=5).json()
        assert health["invoices"] == 20
        assert health["requests"] >= 3 * 20, "the requests of both workers are counted"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert not Path(f"/proc/{workers[0]}").exists(), "the workers stop with the server"
