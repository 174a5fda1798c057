"""The seller's own signature through VNPT's hash flow, against the sandbox over HTTP.

The client is built from VNPT's PUBLISHED WSDL (only the endpoint overridden); what the
sandbox stores is checked with xmlsec's verification and the ``verify`` command a user
runs, and each refusal carries the code VNPT's notes give for it."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from freezegun import freeze_time

from ..providers.base import STATE_ACCEPTED, RejectedError, TransientError
from ..providers.registry import make_client
from ..providers.sandbox.faults import Fault
from ..providers.vnpt_payload import dshdon_payload
from ..standard import certificates, cli, signature_layout, xml_build, xmldsig
from ..standard.issued_check import issued_copy_problems
from . import std_fixtures as fx
from .reference_files import reference_dir
from .sandbox_server import (  # noqa: F401
    SANDBOX_CREDENTIALS,
    fresh_sandbox_fixture,
    sandbox_fixture,
    sandbox_server_fixture,
)

SELLER_MST = fx.vat_invoice().seller.tax_code


def _key_of(name: str, tax_code: str = SELLER_MST, days: int = 3650):
    return xmldsig.load_pkcs12(*certificates.make_test_certificate(name, tax_code, days))


def _client(url, signer, **options):
    return make_client("vnpt", url, **SANDBOX_CREDENTIALS, timeout=5, signer=signer,
                       wsdl_dir=str(reference_dir() / "wsdl"), **options)


def _fkey() -> str:
    return uuid.uuid4().hex


class _Impostor:
    """Presents ``shown``'s certificate but signs with ``signing``'s key."""

    def __init__(self, shown, signing):
        self.certificate, self.chain, self._signing = shown.certificate, (), signing

    def sign_digest(self, digest):
        return self._signing.sign_digest(digest)


class _OtherData:
    """Signs the hash of other data than the invoice VNPT laid out (a tampered document)."""

    def __init__(self, key):
        self.certificate, self.chain, self._key = key.certificate, (), key

    def sign_digest(self, digest):
        return self._key.sign_digest(hashlib.sha256(digest + b"tampered").digest())


def _refused(client, code, invoice=None):
    with pytest.raises(RejectedError) as info:
        client.issue(_fkey(), invoice or fx.vat_invoice())
    assert info.value.code == code, info.value
    assert info.value.message and info.value.message_vi != info.value.message
    return info.value


def test_seller_signature_and_countersignature_reach_the_stored_invoice(fresh_sandbox):
    seller = _key_of("Seller token flow")
    client = _client(fresh_sandbox.url, seller)
    assert client.register_certificate() == ""
    key = _fkey()
    result = client.issue(key, fx.vat_invoice())
    assert result.state == STATE_ACCEPTED and len(result.tax_authority_code) == 34
    xml = client.download_xml(key)
    assert result.signed_xml == xml  # the issued XML comes with the result
    checks = {check.role: check for check in xmldsig.verify_signatures(xml)}
    assert set(checks) == {"seller", "tax_authority"}
    assert all(check.ok for check in checks.values()), checks
    assert checks["seller"].tax_code == SELLER_MST
    embedded = signature_layout.embedded_certificate(
        xmldsig.parse_xml(xml).find(f"DSCKS/NBan/{signature_layout.DS}Signature"))
    assert embedded == seller.certificate  # the seller's own certificate, not the sandbox's
    out = io.StringIO()
    path = fresh_sandbox.sandbox.data_dir / "fetched.xml"
    path.write_bytes(xml)
    assert cli.main(["verify", str(path)], stdout=out) == 0
    assert out.getvalue().count(": OK ") == 2, out.getvalue()
    assert fresh_sandbox.sandbox.count("vnpt") == 1


def _hash_refused(client, code):
    with pytest.raises(RejectedError) as info:
        client._hashes(_fkey(), fx.vat_invoice(), "1/001", 0, "")
    assert info.value.code == code, info.value
    assert info.value.message and info.value.message_vi != info.value.message


def test_no_certificate_registered_is_err_22_and_issue_registers_it(fresh_sandbox):
    seller = _key_of("Registered by issue")
    client = _client(fresh_sandbox.url, seller)
    _hash_refused(client, "ERR:22")
    assert fresh_sandbox.sandbox.registered_certificate(SELLER_MST) is None
    assert client.issue(_fkey(), fx.vat_invoice()).state == STATE_ACCEPTED
    assert fresh_sandbox.sandbox.registered_certificate(SELLER_MST) == seller.certificate
    operations = [exchange["operation"] for exchange in client.exchanges]
    assert operations[1:5] == ["getHashInvWithToken", "importCertWithToken",
                               "getHashInvWithToken", "publishInvWithToken"]


def test_another_certificate_is_err_24_and_another_key_err_4(fresh_sandbox):
    registered, other = _key_of("Registered one"), _key_of("Other one")
    _client(fresh_sandbox.url, registered).register_certificate()
    _hash_refused(_client(fresh_sandbox.url, other), "ERR:24")
    _refused(_client(fresh_sandbox.url, _Impostor(registered, other)), "ERR:4")
    _refused(_client(fresh_sandbox.url, _OtherData(registered)), "ERR:4")
    assert fresh_sandbox.sandbox.count("vnpt") == 0
    # the renewed certificate (the company's settings vouch for it) replaces the old one
    assert _client(fresh_sandbox.url, other).issue(_fkey(), fx.vat_invoice()).state \
        == STATE_ACCEPTED
    assert fresh_sandbox.sandbox.registered_certificate(SELLER_MST) == other.certificate


def test_expired_and_not_yet_valid_certificates(fresh_sandbox):
    short = _key_of("Short-lived", days=30)
    client = _client(fresh_sandbox.url, short)
    client.register_certificate()
    expires = short.certificate.not_valid_after.replace(tzinfo=datetime.UTC)
    starts = short.certificate.not_valid_before.replace(tzinfo=datetime.UTC)
    with freeze_time(expires + datetime.timedelta(hours=1), tick=True):
        _refused(client, "ERR:26")
        with pytest.raises(RejectedError) as info:
            client.register_certificate()
        assert info.value.code == "ERR:26"
    with freeze_time(starts - datetime.timedelta(hours=1), tick=True):
        _refused(client, "ERR:27")
    assert client.issue(_fkey(), fx.vat_invoice()).state == STATE_ACCEPTED


def test_certificate_without_mst_or_unreadable(fresh_sandbox):
    client = _client(fresh_sandbox.url, _key_of("No MST at all", tax_code=""))
    with pytest.raises(RejectedError) as info:
        client.register_certificate()
    assert info.value.code == "ERR:23"
    answer = client._call("PublishService", "importCertWithToken", **client._publish_auth(),
                          certStr="not a certificate")
    assert answer == "ERR:28"
    invoice = fx.vat_invoice()
    answer = client._call("PublishService", "getHashInvWithToken", **client._publish_auth(),
                          xmlInvData=dshdon_payload([(_fkey(), invoice)]), serialCert="",
                          type=0, invToken="", pattern="1/001", serial=invoice.symbol,
                          convert=0)
    assert answer == "ERR:28"


def test_crash_between_hash_and_publish_gives_one_invoice(fresh_sandbox):
    seller = _key_of("Seller crash test")
    client = _client(fresh_sandbox.url, seller)
    client.register_certificate()
    key, invoice = _fkey(), fx.vat_invoice()
    first = client._hashes(key, invoice, "1/001", 0, "")  # then the worker dies
    assert client.lookup(key).state == "unknown"  # nothing issued: the retry goes ahead
    assert client._hashes(key, invoice, "1/001", 0, "") == first  # same draft, same hash
    assert client.issue(key, invoice).state == STATE_ACCEPTED
    assert client.issue(key, invoice).state == STATE_ACCEPTED  # a blind retry: ERR:13, lookup
    assert fresh_sandbox.sandbox.count("vnpt") == 1


def test_answer_lost_after_publish_gives_one_invoice(fresh_sandbox):
    client = _client(fresh_sandbox.url, _key_of("Seller lost answer"))
    client.register_certificate()
    key = _fkey()
    fresh_sandbox.faults.add("publishInvWithToken", Fault("lost_after_commit"))
    with pytest.raises(TransientError):
        client.issue(key, fx.vat_invoice())
    stored = fresh_sandbox.sandbox.find("vnpt", key)
    assert stored is not None and fresh_sandbox.sandbox.count("vnpt") == 1
    again = client.issue(key, fx.vat_invoice())
    assert again.tax_authority_code == stored.tax_authority_code
    assert fresh_sandbox.sandbox.count("vnpt") == 1


def test_replacement_through_the_hash_flow(fresh_sandbox):
    client = _client(fresh_sandbox.url, _key_of("Seller replaces"))
    client.register_certificate()
    original_key = _fkey()
    original = client.issue(original_key, fx.vat_invoice())
    replacement = fx.replacement_invoice()
    replacement = dataclasses.replace(replacement, related=dataclasses.replace(
        replacement.related, number=str(original.number)))
    key = _fkey()
    assert client.issue(key, replacement).state == STATE_ACCEPTED
    stored = fresh_sandbox.sandbox.find("vnpt", key)
    assert stored.related_key == original_key
    assert xmldsig.verify_all(stored.xml)
    assert "AdjustReplaceInvWithToken" in [e["operation"] for e in client.exchanges]


def test_registered_certificate_is_the_der_sent(fresh_sandbox):
    seller = _key_of("Seller DER")
    _client(fresh_sandbox.url, seller).register_certificate()
    held = fresh_sandbox.sandbox.registered_certificate(SELLER_MST)
    assert held.public_bytes(serialization.Encoding.DER) == seller.certificate.public_bytes(
        serialization.Encoding.DER)


def test_issued_copy_is_checked_against_the_invoice_sent(fresh_sandbox):
    client = _client(fresh_sandbox.url, _key_of("Seller checks the copy"))
    client.register_certificate()
    honest = client.issue(_fkey(), fx.vat_invoice())
    assert honest.signed_xml and honest.problem == ""


def test_hash_of_another_invoice_is_never_a_silent_success(fresh_sandbox):
    """VNPT answers the hash of a draft whose buyer is another: the seller signs it (the
    hash alone cannot show what it covers) and VNPT publishes it; the issued XML then
    shows another invoice than the one sent, and the result says so, with no copy."""
    client = _client(fresh_sandbox.url, _key_of("Seller given a wrong digest"))
    client.register_certificate()
    fresh_sandbox.faults.add("getHashInvWithToken", Fault("wrong_digest"))
    key = _fkey()
    result = client.issue(key, fx.vat_invoice())
    assert result.state == STATE_ACCEPTED  # issued at VNPT all the same…
    assert not result.signed_xml  # …but its copy is not handed over as the provider's
    assert "differs from the invoice sent: buyer name" in result.problem
    assert "VNPT phát hành nội dung khác" in result.problem
    issued = fresh_sandbox.sandbox.find("vnpt", key)
    assert b"sandbox misbehaving" in issued.xml


def test_issued_xml_altered_after_signing_is_never_a_silent_success(fresh_sandbox):
    client = _client(fresh_sandbox.url, _key_of("Seller given a tampered copy"))
    client.register_certificate()
    fresh_sandbox.faults.add("GetInvDataByFkey", Fault("tampered_xml"))
    result = client.issue(_fkey(), fx.vat_invoice())
    assert not result.signed_xml
    assert "the seller's signature does not verify" in result.problem
    assert "differs from the invoice sent: buyer name" in result.problem


def test_copy_signed_with_another_certificate_or_without_the_countersignature():
    """The checks of the copy, one by one, on files made here."""
    seller, other = _key_of("Seller"), _key_of("Another signer")
    invoice = fx.vat_invoice()
    signed = xmldsig.sign_invoice(xml_build.invoice_to_bytes(invoice), other)
    problems = [en for en, _vi in issued_copy_problems(signed, invoice, seller.certificate)]
    assert "the seller's signature is not made with the seller's own certificate" in problems
    assert any("countersignature is missing" in p for p in problems)
    ok = [en for en, _vi in issued_copy_problems(
        xmldsig.sign_invoice(xml_build.invoice_to_bytes(invoice), seller), invoice,
        seller.certificate)]
    assert ok == ["the tax authority's countersignature is missing or does not verify"]
