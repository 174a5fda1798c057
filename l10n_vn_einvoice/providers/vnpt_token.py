"""VNPT's certificate-signed issuing: the seller's own key signs, VNPT never holds it.

The operations (PublishService, names and parameters as VNPT publishes them):
``importCertWithToken(Account, ACpass, username, password, certStr)`` registers the
seller's certificate (base64 DER); ``getHashInvWithToken(…, xmlInvData, …, serialCert, type,
invToken, pattern, serial, convert)`` takes the invoices and answers
``<Invoices><Inv><key/><idInv/><hashValue/><pattern/><serial/></Inv></Invoices>``, the hash
VNPT computed of the signature it laid out (base64 SHA-256 of the canonical SignedInfo);
``publishInvWithToken(…, xmlInvData, …, pattern, serial)`` sends back
``<Invoices><SerialCert/><Inv><key/><idInv/><signValue/></Inv></Invoices>`` and VNPT
publishes the invoice with that signature.  Corrections use ``type`` 1 (replace) or 2
(adjust) with the original's ``invToken`` (``pattern;serial;number``) and publish with
``AdjustReplaceInvWithToken``.

The certificate is registered by the first ``issue`` that VNPT refuses for want of it
(ERR:22) or because another one is registered (ERR:24, a renewal), then the hash is asked
for again once. The value is made through the signing seam
(:class:`..standard.signer.Signer`), in the outbox worker that calls ``issue``: never in a
browser request. Idempotency under the submission key (fkey): VNPT answers ERR:13 for an
fkey already published, at either step; the client then looks the key up. A crash between
the hash and the publication leaves a draft at VNPT that the next ``getHashInvWithToken``
of the same fkey reuses, so the retry publishes one invoice.

What VNPT answers on success to ``importCertWithToken`` and ``publishInvWithToken`` is not
in the provider notes; the client accepts any ``OK:`` answer (the sandbox answers ``OK:``
and ``OK:pattern;serial-fkey_no`` like ``ImportAndPublishInv``) and reads the result back
with ``lookup``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses

from cryptography.hazmat.primitives import serialization
from lxml import etree

from ..standard.issued_check import issued_copy_problems
from ..standard.model import ADJUSTMENT, Invoice
from ..standard.safe_xml import parse_xml
from ..standard.signer import Signer
from .base import STATE_ACCEPTED, IssueResult, RejectedError, TransientError
from .vnpt_errors import parse_answer
from .vnpt_payload import dshdon_payload

TYPE_NEW, TYPE_REPLACE, TYPE_ADJUST = 0, 1, 2
TOKEN_OPERATIONS = ("importCertWithToken", "getHashInvWithToken", "publishInvWithToken",
                    "AdjustReplaceInvWithToken")


def serial_of(signer: Signer) -> str:
    """The certificate serial as VNPT's ``serialCert`` carries it: upper-case hex."""
    return f"{signer.certificate.serial_number:X}"


class VnptTokenFlow:
    """Mixed into :class:`.vnpt.VnptClient`; active when the option ``signer`` is set."""

    @property
    def signer(self) -> Signer | None:
        return self.options.get("signer")

    def register_certificate(self) -> str:
        """Register the signer's certificate with VNPT (once, and after each renewal)."""
        der = self.signer.certificate.public_bytes(serialization.Encoding.DER)
        return parse_answer("importCertWithToken", self._call(
            "PublishService", "importCertWithToken", **self._publish_auth(),
            certStr=base64.b64encode(der).decode("ascii")))

    def _issue_signed(self, key: str, invoice: Invoice, related_key: str) -> IssueResult:
        """Hash at VNPT, signature here, publication with the signature value."""
        pattern = self._pattern(invoice.form)
        kind, original = TYPE_NEW, ""
        if invoice.related is not None:
            kind = TYPE_ADJUST if invoice.related.nature == ADJUSTMENT else TYPE_REPLACE
            related = invoice.related
            original = f"{self._pattern(related.form)};{related.symbol};{related.number}"
        publish = "publishInvWithToken" if kind == TYPE_NEW else "AdjustReplaceInvWithToken"
        try:
            try:
                hashes = self._hashes(key, invoice, pattern, kind, original)
            except RejectedError as exc:
                if exc.code not in ("ERR:22", "ERR:24"):
                    raise
                # No certificate registered, or another (the one before a renewal): the
                # company's settings vouch for this one (its MST, validity, key), so it is
                # registered and the hash asked for again, once.
                self.register_certificate()
                hashes = self._hashes(key, invoice, pattern, kind, original)
            values = etree.Element("Invoices")
            etree.SubElement(values, "SerialCert").text = serial_of(self.signer)
            for item_key, id_inv, digest in hashes:
                inv = etree.SubElement(values, "Inv")
                etree.SubElement(inv, "key").text = item_key
                etree.SubElement(inv, "idInv").text = id_inv
                etree.SubElement(inv, "signValue").text = base64.b64encode(
                    self.signer.sign_digest(digest)).decode("ascii")
            extra = {"type": kind} if kind != TYPE_NEW else {}
            parse_answer(publish, self._call(
                "PublishService", publish, **self._publish_auth(),
                xmlInvData=etree.tostring(values, encoding="unicode"), pattern=pattern,
                serial=invoice.symbol, **extra))
        except RejectedError as exc:
            if exc.code != "ERR:13":
                raise
            return self._with_issued_xml(self._existing(key, exc), invoice)
        return self._with_issued_xml(self.lookup(key), invoice)

    def _with_issued_xml(self, result: IssueResult, invoice: Invoice) -> IssueResult:
        """An accepted result carries the XML VNPT issued (the seller's signature, and the
        tax authority's when coded): the caller keeps it as the provider's copy — once
        checked.  The seller signed a digest VNPT computed without seeing what it covers,
        so the issued XML must show the seller's signature, by the seller's certificate,
        over the invoice that was sent (and the tax authority's countersignature when
        coded); otherwise the result carries the problem, and no copy."""
        if result.state != STATE_ACCEPTED:
            return result
        try:
            xml = self.download_xml(result.key)
        except TransientError:
            return result  # issued all the same; the copy can be fetched later
        problems = issued_copy_problems(xml, invoice, self.signer.certificate)
        if problems:
            return dataclasses.replace(result, problem=(
                "VNPT issued something else than the invoice sent and signed: "
                + "; ".join(en for en, _vi in problems)
                + ".\nVNPT phát hành nội dung khác hóa đơn đã gửi và ký: "
                + "; ".join(vi for _en, vi in problems) + "."))
        return dataclasses.replace(result, signed_xml=xml)

    def _hashes(self, key, invoice, pattern, kind, original) -> list[tuple[str, str, bytes]]:
        operation = "getHashInvWithToken"
        text = self._call("PublishService", operation, **self._publish_auth(),
                          xmlInvData=dshdon_payload([(key, invoice)]),
                          serialCert=serial_of(self.signer), type=kind, invToken=original,
                          pattern=pattern, serial=invoice.symbol, convert=0)
        if (text or "").lstrip().startswith("ERR:"):
            parse_answer(operation, text)
        try:
            root = parse_xml((text or "").encode("utf-8"))
            found = [((inv.findtext("key") or "").strip(), (inv.findtext("idInv") or "").strip(),
                      base64.b64decode(inv.findtext("hashValue") or "", validate=True))
                     for inv in root.findall("Inv")]
        except (ValueError, binascii.Error) as exc:
            raise TransientError("VNPT answered with an unreadable invoice hash.",
                                 "VNPT trả về giá trị băm hóa đơn không đọc được.",
                                 code="unreadable", operation=operation) from exc
        if [k for k, _, _ in found] != [key] or any(len(d) != 32 for _, _, d in found):
            raise TransientError(f"VNPT's hash answer does not match the invoice {key}.",
                                 f"Giá trị băm VNPT trả về không khớp hóa đơn {key}.",
                                 code="unreadable", operation=operation)
        return found
