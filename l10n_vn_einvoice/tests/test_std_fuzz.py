"""Hypothesis fuzzing of everything that reads outside input: the safe XML parser, the
invoice parser and validator, the providers' answer decoders and the buyer-id validators.
Only the documented exception types may escape, nothing may hang, and hostile XML
(DOCTYPE, entity expansion, external entities, huge text) is refused quickly."""

from __future__ import annotations

import base64
import contextlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..providers import bkav, bkav_crypto, vnpt_errors
from ..providers.base import ProviderError
from ..providers.viettel import ViettelClient
from ..standard import codes, safe_xml, validate, xml_build, xml_parse
from ..standard.errors import HostileXmlError, InvalidCode, StandardError
from . import std_fixtures

FUZZ = settings(max_examples=300, deadline=500,
                suppress_health_check=[HealthCheck.too_slow])
VALID_XML = xml_build.invoice_to_bytes(std_fixtures.vat_invoice())

xml_text = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda cut, junk: VALID_XML[:cut] + junk + VALID_XML[cut:],
              st.integers(0, len(VALID_XML)), st.binary(max_size=50)),
    st.builds(lambda cut: VALID_XML[:cut], st.integers(0, len(VALID_XML))),
)


def _mutate(tag_text):
    """The valid invoice with one element's text replaced by fuzz."""
    tag, text = tag_text
    start = VALID_XML.find(f"<{tag}>".encode())
    end = VALID_XML.find(f"</{tag}>".encode(), start)
    if start < 0 or end < 0:
        return VALID_XML
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "replace")
    return VALID_XML[:start + len(tag) + 2] + escaped + VALID_XML[end:]


mutated_invoice = st.tuples(
    st.sampled_from(["SHDon", "KHHDon", "KHMSHDon", "NLap", "MST", "SLuong", "DGia",
                     "ThTien", "TSuat", "TgTTTBSo", "TgTThue", "Ten", "DVTTe", "TGia"]),
    st.text(max_size=300)).map(_mutate)


@FUZZ
@given(xml_text)
def test_safe_xml_raises_only_standard_errors(data):
    with contextlib.suppress(StandardError):
        safe_xml.parse_xml(data)


@FUZZ
@given(st.one_of(xml_text, mutated_invoice))
def test_invoice_parser_raises_only_standard_errors(data):
    with contextlib.suppress(StandardError):
        xml_parse.parse_invoice(data)


@FUZZ
@given(st.one_of(xml_text, mutated_invoice))
def test_validator_reports_problems_instead_of_crashing(data):
    try:
        problems = validate.validate_invoice_xml(data)
    except StandardError:
        return
    assert isinstance(problems, list)
    for problem in problems:
        assert problem.message and problem.message_vi and problem.xpath


@FUZZ
@given(st.sampled_from(["ImportAndPublishInv", "ImportAndPublishInvMTT", "SendInvMTTFkey",
                        "cancelInv", "AdjustInvoiceAction", "ReplaceInvoiceAction",
                        "GetMCCQThueByFkeys"]),
       st.one_of(st.none(), st.text(max_size=300),
                 st.builds(lambda n: f"ERR:{n}", st.integers(-5, 200)),
                 st.builds(lambda t: f"OK:{t}", st.text(max_size=100))))
def test_vnpt_answer_parser_raises_only_provider_errors(operation, answer):
    try:
        result = vnpt_errors.parse_answer(operation, answer)
    except ProviderError as error:
        assert error.message and error.message_vi
        return
    assert isinstance(result, str)


class _Response:
    """What ``requests`` hands the Viettel decoder: only ``content`` is read."""

    def __init__(self, content):
        self.content = content


json_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["errorCode", "description", "error", "result", "data",
                                 "message", "Object", "Status", "isOk"]), inner, max_size=5)),
    max_leaves=12)


@FUZZ
@given(st.one_of(st.binary(max_size=500),
                 json_like.map(lambda v: __import__("json").dumps(v).encode())))
def test_viettel_decoder_raises_only_provider_errors(content):
    try:
        body = ViettelClient._decode("createInvoice", _Response(content))
    except ProviderError:
        return
    assert isinstance(body, dict)


KEY, IV = bytes(range(32)), bytes(range(16))


@FUZZ
@given(st.one_of(st.text(max_size=400),
                 st.binary(max_size=300).map(lambda b: base64.b64encode(b).decode()),
                 json_like.map(lambda v: bkav_crypto.encrypt(
                     __import__("json").dumps(v).encode(), KEY, IV))))
def test_bkav_decoder_raises_only_provider_errors(answer):
    with contextlib.suppress(ProviderError):
        bkav.BkavClient._decode(answer, KEY, IV, "ExecCommand")


@FUZZ
@given(st.text(max_size=40))
def test_buyer_id_validators_raise_only_invalid_code(value):
    for validator in (codes.validate_mst, codes.validate_buyer_tax_id,
                      codes.validate_personal_id):
        try:
            assert isinstance(validator(value), str)
        except InvalidCode as error:
            assert error.field and error.rule and error.message and error.message_vi


HOSTILE = {
    "doctype": b'<?xml version="1.0"?><!DOCTYPE HDon><HDon/>',
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                      + b"".join(b'<!ENTITY %s "%s">' % (b"a" + str(i).encode(),
                                                           b"&a%d;" % (i - 1) * 10)
                                 for i in range(1, 10))
                      + b"]><HDon>&a9;</HDon>",
    "external entity": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                       b'"file:///etc/passwd">]><HDon>&e;</HDon>',
    "parameter entity": b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x">%p;]><x/>',
    "xinclude": b'<HDon xmlns:xi="http://www.w3.org/2001/XInclude">'
                b'<xi:include href="/etc/passwd"/></HDon>',
    "huge text": b"<HDon>" + b"A" * (17 * 1024 * 1024) + b"</HDon>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_quickly(name):
    started = time.perf_counter()
    for reader in (safe_xml.parse_xml, xml_parse.parse_invoice):
        with pytest.raises(HostileXmlError):
            reader(HOSTILE[name])
    problems = validate.validate_invoice_xml(HOSTILE[name])
    assert problems and all(p.message_vi for p in problems)
    assert time.perf_counter() - started < 1.0, name


def test_deeply_nested_xml_is_refused_without_recursion_error():
    data = b"<a>" * 100000 + b"</a>" * 100000
    with pytest.raises(StandardError):
        safe_xml.parse_xml(data)


def test_huge_amounts_are_reported_not_crashing():
    """Found by atheris: a price wider than decimal's precision broke the line check."""
    huge = b"5" * 120
    data = VALID_XML.replace(b"<DGia>", b"<DGia>" + huge, 1)
    problems = validate.validate_invoice_xml(data)
    assert any(p.rule == "xml.schema" and "DGia" in p.message for p in problems)
    widest = b"9" * 21  # allowed by Number21_6 itself: their product has 42 digits
    data = VALID_XML.replace(b"<SLuong>2</SLuong><DGia>18500000</DGia>",
                             b"<SLuong>%s</SLuong><DGia>%s</DGia>" % (widest, widest), 1)
    problems = validate.validate_invoice_xml(data)
    assert any(p.rule == "arithmetic.line_amount" for p in problems), problems


def test_atheris_bounded_run_finds_no_crash(tmp_path):
    """Coverage-guided fuzzing of safe_xml, xml_parse and validate for a few seconds."""
    pytest.importorskip("atheris", reason="atheris is not installed (requirements-test.txt)")
    script = Path(__file__).resolve().parents[2] / "scripts" / "fuzz_atheris.py"
    process = subprocess.run([sys.executable, str(script), "--seconds", "8",
                              "--artifacts", str(tmp_path)],
                             capture_output=True, text=True, timeout=120, check=False)
    assert process.returncode == 0, process.stderr[-3000:]
    assert "Done" in process.stderr
    assert not list(tmp_path.iterdir()), "a crashing input was written"
