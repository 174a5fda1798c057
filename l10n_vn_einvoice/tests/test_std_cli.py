"""The ``python -m l10n_vn_einvoice.standard`` command line, in-process and as a subprocess."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from ..standard import certificates, xml_build, xmldsig
from ..standard.cli import main
from . import std_fixtures

REPO_ROOT = Path(__file__).resolve().parents[2]
HOSTILE = b'<?xml version="1.0"?><!DOCTYPE HDon [<!ENTITY x SYSTEM "file:///etc/passwd">]>' \
          b"<HDon>&x;</HDon>"


def run(*argv):
    """main() in-process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def run_subprocess(*argv):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run([sys.executable, "-m", "l10n_vn_einvoice.standard", *argv],
                          cwd=REPO_ROOT, env=env, capture_output=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def invoice():
    return std_fixtures.vat_invoice()


@pytest.fixture()
def files(tmp_path, invoice):
    """An unsigned invoice, its PKCS#12 key file and the password."""
    data, password = certificates.make_test_certificate("Công ty Bán", invoice.seller.tax_code)
    p12 = tmp_path / "seller.p12"
    p12.write_bytes(data)
    xml = tmp_path / "invoice.xml"
    xml.write_bytes(xml_build.invoice_to_bytes(invoice))
    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(HOSTILE)
    return {"xml": xml, "p12": p12, "password": password.decode("ascii"), "hostile": hostile,
            "dir": tmp_path}


def test_validate_valid_and_invalid(files):
    status, out, _ = run("validate", str(files["xml"]))
    assert status == 0 and "valid" in out and "hợp lệ" in out
    root = etree.fromstring(files["xml"].read_bytes())
    root.find("DLHDon/NDHDon/TToan/TgTThue").text = "1"
    broken = files["dir"] / "broken.xml"
    broken.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    status, out, _ = run("validate", str(broken))
    assert status == 1
    assert "/HDon/DLHDon/NDHDon/TToan/TgTThue" in out
    status, out_vi, _ = run("validate", str(broken), "--lang", "vi")
    assert status == 1 and out_vi != out and "lỗi" in out_vi
    status, out_en, _ = run("validate", str(broken), "--lang", "en")
    assert "problem" in out_en and "lỗi" not in out_en


def test_parse_prints_invoice_json(files, invoice):
    status, out, _ = run("parse", str(files["xml"]))
    assert status == 0
    data = json.loads(out)
    assert data["seller"]["tax_code"] == invoice.seller.tax_code
    assert data["totals"]["total"] == str(invoice.totals.total)
    assert data["issue_date"] == invoice.issue_date.isoformat()
    assert len(data["lines"]) == len(invoice.lines)
    assert data["lines"][0]["amount"] == str(invoice.lines[0].amount)


def test_sign_then_verify_in_process(files):
    signed = files["dir"] / "signed.xml"
    status, _, err = run("sign", str(files["xml"]), "--pkcs12", str(files["p12"]),
                         "--password", files["password"], "-o", str(signed))
    assert status == 0, err
    assert xmldsig.verify_all(signed.read_bytes())
    status, out, _ = run("verify", str(signed))
    assert status == 0 and out.startswith("seller: OK rsa-sha256")
    # the settings screen's text: Vietnam days, dd/mm/yyyy (vn_dates.validity_text)
    assert re.search(r"certificate valid \d\d/\d\d/\d{4} → \d\d/\d\d/\d{4} \(Vietnam time\)",
                     out), out
    tampered = files["dir"] / "tampered.xml"
    tampered.write_bytes(signed.read_bytes().replace(b"<SHDon>", b"<SHDon>9"))
    status, out, _ = run("verify", str(tampered))
    assert status == 1 and "FAILED" in out and "altered" in out


def test_sign_to_stdout_and_errors(files):
    status, out, _ = run("sign", str(files["xml"]), "--pkcs12", str(files["p12"]),
                         "--password", files["password"])
    assert status == 0 and xmldsig.verify_all(out.encode("utf-8"))
    status, _, err = run("sign", str(files["xml"]), "--pkcs12", str(files["p12"]),
                         "--password", "wrong")
    assert status == 2 and "password" in err and "mật khẩu" in err
    status, _, err = run("sign", str(files["dir"] / "missing.xml"), "--pkcs12",
                         str(files["p12"]))
    assert status == 2 and "cannot read" in err


def test_verify_unsigned_document_fails(files):
    status, out, _ = run("verify", str(files["xml"]))
    assert status == 1 and "no signature" in out


@pytest.mark.parametrize("command", ["validate", "parse", "verify"])
def test_hostile_xml_is_refused(files, command):
    status, out, err = run(command, str(files["hostile"]))
    assert status == 2 and out == ""
    assert "refused" in err and "DOCTYPE" in err


def test_words_and_variants():
    assert run("words", "1250000") == (0, "Một triệu hai trăm năm mươi nghìn đồng\n", "")
    status, out, _ = run("words", "1005000", "--variant", "ngàn", "--variant", "lẻ",
                         "--variant", "chẵn")
    assert status == 0 and out == "Một triệu không trăm lẻ năm ngàn đồng chẵn\n"
    status, out, _ = run("words", "12.5", "--currency", "usd")
    assert status == 0 and "đô la Mỹ" in out
    status, _, err = run("words", "12,5")
    assert status == 2 and "not a number" in err


def test_mst():
    status, out, _ = run("mst", "0100109106")
    assert status == 0 and out.startswith("valid: ")
    status, out, _ = run("mst", "0100109107", "--lang", "vi")
    assert status == 1 and out.startswith("không hợp lệ: ")


def test_subprocess_sign_verify_and_refusals(files):
    signed = files["dir"] / "signed.xml"
    result = run_subprocess("sign", str(files["xml"]), "--pkcs12", str(files["p12"]),
                            "--password", files["password"], "-o", str(signed))
    assert result.returncode == 0, result.stderr.decode()
    result = run_subprocess("verify", str(signed))
    assert result.returncode == 0 and b"seller: OK" in result.stdout
    result = run_subprocess("validate", str(files["hostile"]))
    assert result.returncode == 2 and b"DOCTYPE" in result.stderr and result.stdout == b""
    result = run_subprocess("words", "21000")
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").strip() == "Hai mươi mốt nghìn đồng"
    result = run_subprocess("nonsense")
    assert result.returncode == 2 and b"invalid choice" in result.stderr
