"""The signing seam: a signer that only signs digests (a token, a remote service) makes
the same verifiable signatures as a key in memory, and a prepared signature (VNPT's hash
flow) completes into one.  Verification is xmlsec's, not this project's arithmetic."""

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from ..standard import certificates, signer, xml_build, xmldsig
from ..standard.errors import StandardError
from . import std_fixtures as fx


@pytest.fixture(scope="module")
def key():
    return xmldsig.load_pkcs12(*certificates.make_test_certificate("Công ty Bán", "0100109106"))


class RawRsaToken:
    """What a PKCS#11 token does with CKM_RSA_PKCS: EMSA-PKCS1-v1_5 padding of the bytes it
    is given (the DigestInfo), then the raw RSA private operation (RFC 8017 §8.2.1)."""

    def __init__(self, key):
        self.certificate, self.chain = key.certificate, key.chain
        self._numbers = key.private_key.private_numbers()
        self.calls = 0

    def sign_digest(self, digest: bytes) -> bytes:
        self.calls += 1
        n = self._numbers.public_numbers.n
        size = (n.bit_length() + 7) // 8
        info = signer.digest_info(digest)
        encoded = b"\x00\x01" + b"\xff" * (size - len(info) - 3) + b"\x00" + info
        return pow(int.from_bytes(encoded, "big"), self._numbers.d, n).to_bytes(size, "big")


def _xml():
    return xml_build.invoice_to_bytes(fx.vat_invoice())


def test_signing_key_is_a_signer_and_signs_like_a_token(key):
    digest = hashlib.sha256(b"hoa don").digest()
    assert isinstance(key, signer.Signer)
    token = RawRsaToken(key)
    assert token.sign_digest(digest) == key.sign_digest(digest)  # PKCS#1 v1.5 is deterministic
    key.certificate.public_key().verify(key.sign_digest(digest), digest, padding.PKCS1v15(),
                                        Prehashed(hashes.SHA256()))


def test_a_token_signer_makes_a_verifiable_invoice_signature(key):
    token = RawRsaToken(key)
    signed = xmldsig.sign_invoice(_xml(), token)
    (check,) = xmldsig.verify_signatures(signed)
    assert check.ok, check.reason
    assert (check.role, check.tax_code, token.calls) == ("seller", "0100109106", 1)


def test_prepared_signature_completes_with_the_digest_signed(key):
    prepared = xmldsig.prepare_invoice_signature(_xml(), key.certificate)
    assert len(prepared.digest) == 32
    assert not xmldsig.verify_all(prepared.xml)  # no value yet
    done = xmldsig.complete_invoice_signature(prepared.xml, key.sign_digest(prepared.digest))
    (check,) = xmldsig.verify_signatures(done)
    assert check.ok, check.reason
    with pytest.raises(StandardError, match="waiting for its value"):
        xmldsig.complete_invoice_signature(done, b"again")


def test_a_value_for_another_digest_or_key_does_not_verify(key):
    other = xmldsig.load_pkcs12(*certificates.make_test_certificate("Khác", "0101248141"))
    prepared = xmldsig.prepare_invoice_signature(_xml(), key.certificate)
    tampered = _xml().replace(b"<TgTTTBSo>", b"<TgTTTBSo>9", 1)
    assert tampered != _xml()
    tampered_digest = xmldsig.prepare_invoice_signature(tampered, key.certificate).digest
    for value in (other.sign_digest(prepared.digest), key.sign_digest(tampered_digest),
                  b"\x00" * 256):
        (check,) = xmldsig.verify_signatures(
            xmldsig.complete_invoice_signature(prepared.xml, value))
        assert not check.ok


def test_digest_length_is_checked(key):
    with pytest.raises(StandardError, match="32 bytes"):
        key.sign_digest(hashlib.sha1(b"x").digest())
