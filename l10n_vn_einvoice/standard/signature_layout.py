"""What a signature of the standard looks like, read without any cryptography.

Signers write the same XML-DSig in several layouts (reference §1.10, §1.12): the signing
time in ``Object/SignatureProperties/SignatureProperty/SigningTime`` with the properties
in the XML-DSig namespace (the tax authority's test environment, TS24 2021) or in no
namespace at all (``<SignatureProperties xmlns="">``, VNPT-CA 2025, HTKK declarations);
RSA-SHA1 or RSA-SHA256; the signer's tax code in the certificate subject as
``UID=MST:<code>`` (OID 0.9.2342.19200300.100.1.1), spelled ``OID.0.9.2342.19200300.100.1.1``
in Windows-style ``X509SubjectName`` text.  This module reads all of them the same way,
for :mod:`.xmldsig` (verification) and :mod:`.inbound` (what a received invoice carries).
"""

from __future__ import annotations

import base64
import datetime
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.x509.oid import NameOID
from lxml import etree

DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
DS = f"{{{DSIG_NS}}}"

# Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact and
# needs no tz database on the server.
VN_TZ = datetime.timezone(datetime.timedelta(hours=7), "Asia/Ho_Chi_Minh")

SIGNATURE_ALGORITHMS = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": "rsa-sha1",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": "rsa-sha256",
}
DIGEST_ALGORITHMS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
}
CONTAINER_ROLES = {"NBan": "seller", "NMua": "buyer", "CQT": "tax_authority",
                   "NNT": "taxpayer", "CCKSKhac": "other"}

_TAX_CODE = re.compile(r"MST\s*[:=]\s*(\d{10}(?:-\d{3})?|\d{12})(?!\d)")


def tax_code_in(text: str) -> str:
    """The tax code written ``MST:<code>`` in a subject or common name, or ''."""
    found = _TAX_CODE.search(text or "")
    return found.group(1) if found else ""


def certificate_tax_code(certificate: x509.Certificate) -> str:
    """The holder's tax code: ``UID=MST:…`` first, else an ``MST:`` written in the CN."""
    for oid in (NameOID.USER_ID, NameOID.COMMON_NAME):
        for attribute in certificate.subject.get_attributes_for_oid(oid):
            code = tax_code_in(str(attribute.value))
            if code:
                return code
    return ""


def embedded_certificate(signature) -> x509.Certificate | None:
    """The first ``X509Certificate`` of ``KeyInfo``, or None when absent or unreadable."""
    node = signature.find(f"{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate")
    if node is None:
        return None
    try:
        der = base64.b64decode("".join((node.text or "").split()), validate=True)
        return x509.load_der_x509_certificate(der, default_backend())
    except ValueError:
        return None


def signing_time(signature, signed_ids: set[str] | None = None):
    """``(moment, written text)`` of the SigningTime of an Object the signature covers.

    ``signed_ids=None`` reads any Object (description only); an Object the signature does
    not cover is ignored when verifying.  The moment is ``None`` when the text is not a
    date-time; a time without offset is Vietnam local time, as in every sample.
    """
    for obj in signature.iterfind(DS + "Object"):
        if signed_ids is not None and obj.get("Id") not in signed_ids:
            continue
        for node in obj.iter():
            if isinstance(node.tag, str) and etree.QName(node).localname == "SigningTime":
                text = (node.text or "").strip()
                try:
                    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
                except ValueError:
                    return None, text
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=VN_TZ)
                return moment.astimezone(VN_TZ), text
    return None, ""


def properties_namespace(signature) -> str:
    """``"xmldsig"`` or ``"none"``: where the signer put ``SignatureProperties``."""
    for obj in signature.iterfind(DS + "Object"):
        for node in obj:
            if isinstance(node.tag, str) and etree.QName(node).localname == "SignatureProperties":
                return "xmldsig" if etree.QName(node).namespace == DSIG_NS else "none"
    return ""


def signed_documents(root) -> list:
    """Each element holding a ``DSCKS`` once, even with a second (empty) ``DSCKS``."""
    documents = []
    for dscks in root.iter("DSCKS"):
        parent = dscks.getparent()
        if parent is not None and parent not in documents:
            documents.append(parent)
    return documents


def signatures_in(document):
    """``(role, Signature)`` of every signature under the document's ``DSCKS`` elements."""
    for dscks in document.iterfind("DSCKS"):
        for signature in dscks.iter(DS + "Signature"):
            holder = signature.getparent()
            yield CONTAINER_ROLES.get(holder.tag, str(holder.tag).lower()), signature


@dataclass(frozen=True)
class SignatureInfo:
    """One signature as written, before any verification (``xmldsig.verify_signatures``
    says whether it holds)."""

    role: str
    algorithm: str
    digest_algorithm: str
    subject: str  # certificate subject, or X509SubjectName when no certificate is readable
    tax_code: str  # from UID=MST:… or the CN; '' when the certificate names none
    signing_time: datetime.datetime | None
    properties_namespace: str  # "xmldsig", "none", or "" without a SigningTime object
    references: tuple[str, ...]


def describe(role: str, signature) -> SignatureInfo:
    method = signature.find(f"{DS}SignedInfo/{DS}SignatureMethod")
    algorithm = method.get("Algorithm", "") if method is not None else ""
    digests = sorted({DIGEST_ALGORITHMS.get(d.get("Algorithm", ""), d.get("Algorithm", ""))
                      for d in signature.iterfind(
                          f"{DS}SignedInfo/{DS}Reference/{DS}DigestMethod")})
    certificate = embedded_certificate(signature)
    if certificate is not None:
        subject = certificate.subject.rfc4514_string()
        tax_code = certificate_tax_code(certificate)
    else:
        subject = (signature.findtext(f"{DS}KeyInfo/{DS}X509Data/{DS}X509SubjectName")
                   or "").strip()
        tax_code = tax_code_in(subject)
    return SignatureInfo(
        role=role, algorithm=SIGNATURE_ALGORITHMS.get(algorithm, algorithm),
        digest_algorithm=",".join(digests), subject=subject, tax_code=tax_code,
        signing_time=signing_time(signature)[0],
        properties_namespace=properties_namespace(signature),
        references=tuple(r.get("URI", "") for r in signature.iterfind(
            f"{DS}SignedInfo/{DS}Reference")))


def describe_signatures(document) -> tuple[SignatureInfo, ...]:
    """Every signature of one signed document (an ``HDon``, ``TBao``…), as written."""
    return tuple(describe(role, signature) for role, signature in signatures_in(document))
