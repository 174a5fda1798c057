"""VNPT's certificate-signed operations as the sandbox serves them (the seller signs).

``importCertWithToken`` keeps the tenant's certificate (one per seller MST, read from
``UID=MST:…`` or the subject; a new one replaces the old); ``getHashInvWithToken``
lays out the seller's signature with that certificate and answers its hash;
``publishInvWithToken`` / ``AdjustReplaceInvWithToken`` write the value in, verify it and
issue the invoice, which then also gets the tax authority's countersignature when coded.

Refusals use the codes the provider notes list for these operations (§1.5): ERR:28 no
certificate information (no ``serialCert``, ``certStr`` unreadable), ERR:23 company not
found (a certificate naming no MST), ERR:22 no certificate registered for the invoice's
seller, ERR:24 a certificate other than the registered one, ERR:26 expired, ERR:27 not yet
valid, ERR:4 signed data invalid (the value does not verify: another key, a hash of other
data, a tampered value), ERR:13 fkey already published, ERR:2 nothing prepared under the
fkey, ERR:3 unreadable data.  Unlike VNPT's batch operations, one refused invoice refuses
the whole ``getHashInvWithToken`` call (the client sends one invoice per call).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import hashlib
import threading

from cryptography import x509
from lxml import etree

from ...standard.errors import StandardError
from ...standard.safe_xml import parse_xml
from ...standard.signature_layout import certificate_tax_code
from ...standard.xml_parse import kind_of_symbol
from .core import SandboxRejection

CONTRACT = "vnpt"


class VnptError(Exception):
    """An ``ERR:code`` answer."""

    def __init__(self, code: str):
        self.code = code


def _serial(text: str) -> str:
    return "".join(text.split()).replace(":", "").upper().lstrip("0")


def _valid_now(certificate: x509.Certificate) -> None:
    now = datetime.datetime.now(datetime.UTC)
    if now > certificate.not_valid_after.replace(tzinfo=datetime.UTC):
        raise VnptError("26")
    if now < certificate.not_valid_before.replace(tzinfo=datetime.UTC):
        raise VnptError("27")


def other_buyer(hdon: bytes) -> bytes:
    """``hdon`` with another buyer's name: what a dishonest provider slips in."""
    root = parse_xml(hdon)
    name = root.find("DLHDon/NDHDon/NMua/Ten")
    name.text = "Công ty khác (sandbox misbehaving)"
    return etree.tostring(root, encoding="utf-8")


class TokenOperations:
    """Mixed into the sandbox's :class:`.vnpt_contract.VnptContract`.

    Misbehaving on demand (faults ``wrong_digest`` on ``getHashInvWithToken``,
    ``tampered_xml`` on ``GetInvDataByFkey``): the hash of a draft whose buyer is another
    one, which is then published if the seller signs it; the issued XML with its buyer
    changed after signing."""

    _misbehaviour = threading.local()

    def misbehaving(self, kind, request, operation):
        self._misbehaviour.kind = kind
        try:
            return self.handle(request, operation)
        finally:
            self._misbehaviour.kind = ""

    def _misbehaves(self, kind: str) -> bool:
        return getattr(self._misbehaviour, "kind", "") == kind

    def token_handlers(self) -> dict:
        return {"importCertWithToken": self._import_cert,
                "getHashInvWithToken": self._hash_with_token,
                "publishInvWithToken": self._publish_with_token,
                "AdjustReplaceInvWithToken": self._publish_with_token}

    def _import_cert(self, params) -> str:
        try:
            certificate = x509.load_der_x509_certificate(
                base64.b64decode(params.get("certStr", ""), validate=True))
        except (ValueError, binascii.Error) as exc:
            raise VnptError("28") from exc
        tax_code = certificate_tax_code(certificate)
        if not tax_code:
            raise VnptError("23")
        _valid_now(certificate)
        self.sandbox.register_certificate(tax_code, certificate)
        return "OK:"

    def _usable_certificate(self, tax_code: str, serial_cert: str) -> x509.Certificate:
        if not _serial(serial_cert):
            raise VnptError("28")
        certificate = self.sandbox.registered_certificate(tax_code)
        if certificate is None:
            raise VnptError("22")
        if _serial(f"{certificate.serial_number:X}") != _serial(serial_cert):
            raise VnptError("24")
        _valid_now(certificate)
        return certificate

    def _hash_with_token(self, params) -> str:
        kind = params.get("type", "0").strip() or "0"
        if kind not in ("0", "1", "2", "3", "4"):
            raise VnptError("3")
        related_key = self._related_key(params.get("invToken", "")) if kind != "0" else ""
        entries, pattern, serial = self._read(params)
        answer = etree.Element("Invoices")
        for entry in entries:
            filled = self._filled(entry, pattern, serial)
            invoice = self._checked_invoice(filled, pattern, serial)
            if invoice is None:
                raise VnptError("3")
            if self.sandbox.find(CONTRACT, entry.key) is not None:
                raise VnptError("13")
            certificate = self._usable_certificate(invoice.seller.tax_code,
                                                   params.get("serialCert", ""))
            if self._misbehaves("wrong_digest"):
                filled = dataclasses.replace(filled, hdon=other_buyer(filled.hdon))
            try:
                draft = self.sandbox.prepare_seller_signature(
                    CONTRACT, entry.key, filled.hdon, certificate, params.get("serialCert", ""),
                    related_key)
            except SandboxRejection as exc:
                raise VnptError("3") from exc
            item = etree.SubElement(answer, "Inv")
            for tag, value in (("key", entry.key), ("idInv", self._id_inv(entry.key)),
                               ("hashValue", base64.b64encode(bytes(draft["digest"])).decode()),
                               ("pattern", pattern), ("serial", serial)):
                etree.SubElement(item, tag).text = value
        return etree.tostring(answer, encoding="unicode")

    @staticmethod
    def _id_inv(key: str) -> str:
        """VNPT's id of the invoice (a number); stable per fkey here."""
        return str(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))

    def _related_key(self, inv_token: str) -> str:
        """The fkey of the invoice ``pattern;serial;number`` (a correction's original)."""
        parts = inv_token.split(";")
        if len(parts) != 3 or not parts[2].isdigit():
            raise VnptError("2")
        found = self.sandbox.by_number(CONTRACT, parts[0].split("/")[0], parts[1],
                                       int(parts[2]), int(parts[2]))
        if not found:
            raise VnptError("2")
        return found[0].key

    def _publish_with_token(self, params) -> str:
        try:
            root = parse_xml(params.get("xmlInvData", "").encode("utf-8"))
        except StandardError as exc:
            raise VnptError("3") from exc
        serial_cert = root.findtext("SerialCert") or ""
        pattern, serial = params.get("pattern", ""), params.get("serial", "")
        outcomes = []
        for inv in root.findall("Inv"):
            key = (inv.findtext("key") or "").strip()
            try:
                outcomes.append((key, self._publish_one(key, inv.findtext("signValue") or "",
                                                        serial_cert)))
            except VnptError as err:
                outcomes.append((key, err))
        if not outcomes:
            raise VnptError("3")
        return self._batch_answer(outcomes, pattern, serial)

    def _publish_one(self, key: str, sign_value: str, serial_cert: str):
        if self.sandbox.find(CONTRACT, key) is not None:
            raise VnptError("13")
        draft = self.sandbox.store.draft(CONTRACT, key)
        if draft is None:
            raise VnptError("2")
        seller = parse_xml(bytes(draft["xml"])).findtext("DLHDon/NDHDon/NBan/MST") or ""
        self._usable_certificate(seller.strip(), serial_cert)
        if _serial(draft["serial_cert"]) != _serial(serial_cert):
            raise VnptError("24")  # the hash was made for another certificate
        try:
            value = base64.b64decode(sign_value, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise VnptError("4") from exc
        symbol = parse_xml(bytes(draft["xml"])).findtext("DLHDon/TTChung/KHHDon") or ""
        try:
            submission = self.sandbox.publish_seller_signed(
                CONTRACT, key, value, kind=kind_of_symbol(symbol))
        except SandboxRejection as exc:
            raise VnptError("4" if exc.code == "bad_signature" else "30") from exc
        if submission.duplicated:
            raise VnptError("13")
        return submission
