"""XML-DSig of e-invoices, notices and summary tables, shaped like the real signers'.

Signing: enveloped signature, inclusive c14n 1.0, RSA-SHA256 with SHA-256 digests, the
certificate in ``KeyInfo/X509Data``, and the layout VNPT-CA's signer and the tax
authority write (reference §1.12, a real VNPT-CA seller signature of 2025): ``Signature
Id="Signature-<hex>"``, a first Reference to the signed data element (``DLHDon``,
``DLTBao``, ``DLBTHop``…) by its ``Id`` with the enveloped transform, a second Reference
without transforms to ``<Object Id="SigningTime-<hex>"><SignatureProperties xmlns="">
<SignatureProperty Target="#Signature-<hex>"><SigningTime>`` (properties in no namespace,
Vietnam local time ``YYYY-MM-DDThh:mm:ss``).  The tax authority's signature
(``DSCKS/CQT``) references, like the real one, ``DLHDon`` (no transform: it sits outside
it), its own SigningTime object, then ``MCCQT``.

Verification checks each signature under ``DSCKS`` against the certificate embedded in its
own ``KeyInfo`` (RSA-SHA1 and RSA-SHA256, properties in either namespace), that it covers
the data element (and ``MCCQT`` for the tax authority), and that the signing time falls
inside the certificate's validity; it names the signer's tax code from the certificate
(``UID=MST:…`` or the CN).  A file re-indented after signing (whitespace between elements
only, which carries no data in these formats) is verified on its signed form and reported
as such.  Whether the certificate chains to a licensed CA, and whether it was revoked, is
NOT checked here: that needs the CA bundle and OCSP/CRL access, which belong to the caller
(the tax authority does it on reception).
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import datetime
import hashlib
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import xmlsec
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import serialization
from lxml import etree

from .errors import StandardError
from .safe_xml import parse_xml
from .signature_layout import (
    DIGEST_ALGORITHMS,
    SIGNATURE_ALGORITHMS,
    VN_TZ,
    certificate_tax_code,
    signatures_in,
    signed_documents,
    tax_code_in,
)
from .signature_layout import DS as _DS
from .signature_layout import signing_time as read_signing_time
from .signed_info import set_signature_value, signed_info_digest, unsigned_signature

# SigningKey and its loaders live with the seam; imported here by their existing callers.
from .signer import Signer, SigningKey, certificates_b64, load_pem, load_pkcs12  # noqa: F401

SIGNING_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"

ROLE_CONTAINERS = {"seller": "NBan", "buyer": "NMua", "tax_authority": "CQT"}
# Order of the DSCKS children in the published tree.
_DSCKS_ORDER = ("NBan", "NMua", "CQT", "CCKSKhac")
_SIGNING_TIME = object()  # the SigningTime Object's place among the References


def format_signing_time(moment: datetime.datetime | None = None) -> str:
    """Vietnam local time without offset, as in the published samples.

    A naive ``moment`` is taken as already being Vietnam local time.
    """
    if moment is None:
        moment = datetime.datetime.now(VN_TZ)
    elif moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return moment.strftime(SIGNING_TIME_FORMAT)


def _as_tree(xml) -> etree._Element:
    """A private copy of the document: signing must never change the caller's tree."""
    if isinstance(xml, (bytes, bytearray)):
        return parse_xml(bytes(xml))
    if isinstance(xml, etree._ElementTree):
        xml = xml.getroot()
    if isinstance(xml, etree._Element):
        return copy.deepcopy(xml)
    raise TypeError("xml must be bytes or an lxml element")


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _container(root: etree._Element, path: Sequence[str]) -> etree._Element:
    """Find or create ``DSCKS/<role>``, keeping the published child order."""
    parent = root
    for tag in path:
        found = parent.find(tag)
        if found is None:
            found = etree.Element(tag)
            if tag in _DSCKS_ORDER:
                rank = _DSCKS_ORDER.index(tag)
                later = [c for c in parent if c.tag in _DSCKS_ORDER[rank + 1:]]
                if later:
                    later[0].addprevious(found)
                else:
                    parent.append(found)
            else:
                parent.append(found)
        parent = found
    if parent.find(_DS + "Signature") is not None:
        raise StandardError("/".join(path), "signature.already_signed",
                            f"{'/'.join(path)} already holds a signature",
                            f"{'/'.join(path)} đã có chữ ký số")
    return parent


def _unique_id(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    taken.add(candidate)
    return candidate


def _element_id(root: etree._Element, tag: str) -> str:
    element = root.find(tag)
    if element is None:
        raise StandardError(tag, "signature.target_missing",
                            f"{root.tag} has no {tag} element to sign",
                            f"{root.tag} không có phần tử {tag} để ký")
    ident = element.get("Id")
    if not ident:
        raise StandardError(f"{tag}/@Id", "signature.target_id",
                            f"{tag} needs an Id attribute for the signature to reference it",
                            f"{tag} phải có thuộc tính Id để chữ ký tham chiếu")
    return ident


def _default_reference_id(root: etree._Element) -> str:
    for child in root:
        if isinstance(child.tag, str) and child.get("Id"):
            return child.get("Id")
    raise StandardError(root.tag, "signature.target_id",
                        f"no child of {root.tag} carries an Id to sign",
                        f"không có phần tử con nào của {root.tag} có Id để ký")


def _template(root: etree._Element, signer: Signer, references: Sequence,
              container_path: Sequence[str], signing_time, sha1: bool,
              enveloped: bool = True) -> etree._Element:
    """The ``Signature`` of ``references`` (element Ids, and :data:`_SIGNING_TIME` where the
    Object goes) written into its container, digests and value still empty.

    ``enveloped=False`` writes the data References without the enveloped transform, as the
    tax authority does for a signature that sits outside the data it covers.
    """
    container = _container(root, container_path)
    counts = Counter(root.xpath("//@Id"))
    for ident in references:
        if ident is not _SIGNING_TIME and counts[ident] != 1:
            raise StandardError(f"@Id={ident}", "signature.target_missing",
                                f"exactly one element must have Id {ident!r}, found "
                                f"{counts[ident]}",
                                f"phải có đúng một phần tử có Id {ident!r}, tìm thấy "
                                f"{counts[ident]}")
    taken = set(counts)
    c = xmlsec.constants
    digest = c.TransformSha1 if sha1 else c.TransformSha256
    token = uuid.uuid4().hex
    sig_id = _unique_id(f"Signature-{token}", taken)
    time_id = _unique_id(f"SigningTime-{token}", taken)
    signature = xmlsec.template.create(root, c.TransformInclC14N,
                                       c.TransformRsaSha1 if sha1 else c.TransformRsaSha256,
                                       id=sig_id)
    container.append(signature)
    for ident in references:
        if ident is _SIGNING_TIME:
            xmlsec.template.add_reference(signature, digest, uri="#" + time_id)
            continue
        reference = xmlsec.template.add_reference(signature, digest, uri="#" + ident)
        if enveloped:
            xmlsec.template.add_transform(reference, c.TransformEnveloped)
    x509_data = etree.SubElement(etree.SubElement(signature, _DS + "KeyInfo"), _DS + "X509Data")
    etree.SubElement(x509_data, _DS + "X509SubjectName").text = \
        signer.certificate.subject.rfc4514_string()
    for certificate in certificates_b64(signer):
        etree.SubElement(x509_data, _DS + "X509Certificate").text = certificate
    obj = etree.SubElement(signature, _DS + "Object", Id=time_id)
    # xmlns="" written out: lxml would otherwise serialise a no-namespace child of the
    # default-namespace Signature as if it were in the XML-DSig namespace.
    properties = etree.SubElement(obj, "SignatureProperties", nsmap={None: ""})
    prop = etree.SubElement(properties, "SignatureProperty", Target="#" + sig_id)
    etree.SubElement(prop, "SigningTime").text = format_signing_time(signing_time)
    _strip_indentation(signature)  # compact, as real signers write it
    return signature


def _sign_tree(root: etree._Element, key: Signer, references: Sequence,
               container_path: Sequence[str], signing_time, sha1: bool,
               enveloped: bool = True) -> None:
    """Sign in place: xmlsec with a key in memory (the fast path), else through the
    :class:`~.signer.Signer` seam (SignedInfo digest computed here, value by the signer)."""
    signature = _template(root, key, references, container_path, signing_time, sha1,
                          enveloped)
    if isinstance(key, SigningKey):
        xmlsec.tree.add_ids(root, ["Id"])
        ctx = xmlsec.SignatureContext()
        ctx.key = key.xmlsec_key
        ctx.sign(signature)
        return
    if sha1:
        raise StandardError("signature", "signature.sha1_seam",
                            "legacy SHA-1 signatures need a key in memory",
                            "chữ ký SHA-1 cũ cần khóa nằm trong bộ nhớ")
    set_signature_value(signature, key.sign_digest(signed_info_digest(root, signature)))


def sign_element(xml, key: Signer, *, reference_ids: Sequence[str] | None = None,
                 container: Sequence[str] = ("DSCKS", "NNT"),
                 signing_time: datetime.datetime | None = None, sha1: bool = False) -> bytes:
    """Sign any document of the standard (04/SS notice ``TBao``, 01/TH table ``BTHDLieu``…).

    ``reference_ids`` default to the first child of the root carrying an ``Id``
    (``DLTBao``, ``DLBTHop``); ``container`` is the path from the root to the element that
    receives the ``Signature``.  ``sha1`` exists only to reproduce legacy 2021 documents.
    """
    root = _as_tree(xml)
    ids = list(reference_ids) if reference_ids else [_default_reference_id(root)]
    _sign_tree(root, key, [*ids, _SIGNING_TIME], container, signing_time, sha1)
    return _serialize(root)


def sign_invoice(xml, key: Signer, *, signing_time: datetime.datetime | None = None,
                 role: str = "seller") -> bytes:
    """Sign an ``HDon`` as the seller (``DSCKS/NBan``), the buyer or the tax authority.

    The tax authority's signature (``DSCKS/CQT``) also covers ``MCCQT`` when present, after
    its SigningTime object as in the real ones.  ``DLHDon`` is never modified: it must
    already carry its ``Id``.  The caller's tree (or bytes) is left as it was; see
    :func:`sign_invoice_tree` to sign in place.
    """
    root = _as_tree(xml)
    sign_invoice_tree(root, key, signing_time=signing_time, role=role)
    return _serialize(root)


def sign_invoice_tree(root: etree._Element, key: Signer, *,
                      signing_time: datetime.datetime | None = None,
                      role: str = "seller") -> etree._Element:
    """:func:`sign_invoice` on the caller's own ``HDon`` element, in place: posting builds,
    validates and signs one tree and serialises it once (no copy, no re-parse)."""
    if role not in ROLE_CONTAINERS:
        raise StandardError("role", "signature.role",
                            f"unknown signer role {role!r} (seller, buyer, tax_authority)",
                            f"vai trò người ký không hợp lệ {role!r}")
    if root.tag != "HDon":
        raise StandardError("HDon", "signature.root",
                            f"expected an HDon invoice, got {root.tag}",
                            f"cần hóa đơn HDon, nhận được {root.tag}")
    references = [_element_id(root, "DLHDon"), _SIGNING_TIME]
    authority = role == "tax_authority"
    if authority and root.find("MCCQT") is not None:
        references.append(_element_id(root, "MCCQT"))
    _sign_tree(root, key, references, ("DSCKS", ROLE_CONTAINERS[role]), signing_time, False,
               enveloped=not authority)
    return root


@dataclass(frozen=True)
class PreparedSignature:
    """A seller signature laid out for a signer who only signs digests: ``xml`` holds it
    with every digest written and no value; ``digest`` is what the signer signs."""

    xml: bytes
    digest: bytes


@dataclass(frozen=True)
class _CertificateOnly:
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()


def prepare_invoice_signature(xml, certificate: x509.Certificate,
                              chain: Sequence[x509.Certificate] = (), *,
                              signing_time: datetime.datetime | None = None
                              ) -> PreparedSignature:
    """The seller's signature of an ``HDon`` by ``certificate``'s holder, all but its value
    (what VNPT prepares in ``getHashInvWithToken``); finish it with
    :func:`complete_invoice_signature`."""
    root = _as_tree(xml)
    if root.tag != "HDon":
        raise StandardError("HDon", "signature.root",
                            f"expected an HDon invoice, got {root.tag}",
                            f"cần hóa đơn HDon, nhận được {root.tag}")
    signature = _template(root, _CertificateOnly(certificate, tuple(chain)),
                          [_element_id(root, "DLHDon"), _SIGNING_TIME], ("DSCKS", "NBan"),
                          signing_time, False)
    digest = signed_info_digest(root, signature)
    return PreparedSignature(_serialize(root), digest)


def complete_invoice_signature(prepared_xml: bytes, value: bytes) -> bytes:
    """``prepared_xml`` with the seller's signature value written in (not verified here:
    :func:`verify_signatures` says whether it is right)."""
    root = _as_tree(prepared_xml)
    set_signature_value(unsigned_signature(root), value)
    return _serialize(root)


@dataclass(frozen=True)
class SignatureCheck:
    """Outcome of one signature: ``ok`` only if cryptographically valid, covering what it
    must cover, and made while its certificate was valid (trust in the CA not checked).

    ``tax_code`` is the signer's, from the certificate (``UID=MST:…`` or the CN; from
    ``X509SubjectName`` when no certificate is readable); ``digests`` says for each
    Reference whether the referenced element still has the digest the signer wrote
    (``match``, ``differs`` or ``unchecked``), which tells altered data from a bad
    signature value; ``reindented`` marks a file re-indented after signing.
    """

    role: str
    ok: bool
    algorithm: str = ""
    digest_algorithm: str = ""
    subject: str = ""
    not_before: datetime.datetime | None = None
    not_after: datetime.datetime | None = None
    signing_time: datetime.datetime | None = None
    references: tuple[str, ...] = ()
    reason: str = ""
    reason_vi: str = ""
    tax_code: str = ""
    digests: tuple[tuple[str, str], ...] = ()
    reindented: bool = False
    # The signer's certificate and the other certificates the signature carries (DER):
    # who the signer is, once checked against trusted issuers (:mod:`.trust`).
    certificate_der: bytes = field(default=b"", repr=False)
    chain_der: tuple[bytes, ...] = field(default=(), repr=False)

    @property
    def within_validity(self) -> bool | None:
        if self.signing_time is None or self.not_before is None:
            return None
        return self.not_before <= self.signing_time <= self.not_after


class _CheckFailedError(Exception):
    """One signature failed a check: the reason goes into its :class:`SignatureCheck`."""

    def __init__(self, message: str, message_vi: str):
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi


def _verification_context(key: xmlsec.Key) -> xmlsec.SignatureContext:
    """Only the algorithms of the standard: no XPath/XSLT transform can narrow a Reference."""
    c = xmlsec.constants
    ctx = xmlsec.SignatureContext()
    ctx.key = key
    for transform in (c.TransformInclC14N, c.TransformInclC14NWithComments,
                      c.TransformExclC14N, c.TransformRsaSha1, c.TransformRsaSha256):
        ctx.enable_signature_transform(transform)
    for transform in (c.TransformEnveloped, c.TransformInclC14N, c.TransformExclC14N,
                      c.TransformSha1, c.TransformSha256):
        ctx.enable_reference_transform(transform)
    return ctx


def _embedded_certificates(signature: etree._Element) -> list[x509.Certificate]:
    certificates = []
    for node in signature.iterfind(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate"):
        try:
            der = base64.b64decode("".join((node.text or "").split()), validate=True)
            certificates.append(x509.load_der_x509_certificate(der, default_backend()))
        except ValueError as exc:
            raise _CheckFailedError(
                f"the certificate is missing or unreadable ({exc}): the signature cannot "
                f"be verified",
                f"chứng thư số bị thiếu hoặc không đọc được ({exc}): không thể kiểm tra "
                f"chữ ký") from exc
    if not certificates:
        raise _CheckFailedError("no X509Certificate in KeyInfo",
                                "KeyInfo không chứa X509Certificate")
    return certificates


def _signing_time(signature: etree._Element, signed_ids: set[str]):
    """The SigningTime of an Object the signature covers; an unsigned one is ignored."""
    moment, text = read_signing_time(signature, signed_ids)
    if text and moment is None:
        raise _CheckFailedError(f"malformed SigningTime {text!r}",
                                f"SigningTime sai định dạng {text!r}")
    return moment


def _required_ids(document: etree._Element, role: str) -> list[tuple[str, str]]:
    """(tag, Id) pairs a signature of ``role`` must cover."""
    required = []
    for child in document:
        if isinstance(child.tag, str) and child.tag not in ("DSCKS", "MCCQT", "DLQRCode"):
            required.append((child.tag, child.get("Id") or ""))
            break
    if role == "tax_authority":
        mccqt = document.find("MCCQT")
        if mccqt is not None:
            required.append(("MCCQT", mccqt.get("Id") or ""))
    return required


def _signed_ids(document, uris: Sequence[str], role: str, id_counts: Counter) -> set[str]:
    """Ids the References point to, refusing anything but what the standard signs.

    A duplicated Id would let a forged copy of ``DLHDon`` sit next to the signed one
    (signature wrapping), so every referenced Id must be unique in the document.
    """
    if any(not uri.startswith("#") or len(uri) < 2 for uri in uris):
        raise _CheckFailedError("every Reference must point to an element Id (URI=\"#…\")",
                                "mọi Reference phải trỏ tới Id của một phần tử (URI=\"#…\")")
    signed_ids = {uri[1:] for uri in uris}
    for ident in sorted(signed_ids):
        if id_counts[ident] != 1:
            raise _CheckFailedError(f"Id {ident!r} must exist exactly once in the document",
                                    f"Id {ident!r} phải xuất hiện đúng một lần trong tài liệu")
    for tag, ident in _required_ids(document, role):
        if not ident or ident not in signed_ids:
            raise _CheckFailedError(f"the signature does not cover {tag}",
                                    f"chữ ký không bao phủ {tag}")
    return signed_ids


_ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
_INCLUSIVE_C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"


def _reference_digest(document, signature, reference) -> str:
    """``match``/``differs``/``unchecked``: the Reference's digest against its element now.

    Computed independently of xmlsec (inclusive c14n, the enveloped transform) for the
    layouts the standard uses, so a failed signature can say whether the signed data was
    changed or only the signature value is wrong (or absent, as in transcribed samples).
    """
    uri = reference.get("URI", "")
    method = reference.find(f"{_DS}DigestMethod")
    algorithm = DIGEST_ALGORITHMS.get(method.get("Algorithm", "") if method is not None else "")
    transforms = [t.get("Algorithm", "") for t in reference.iterfind(
        f"{_DS}Transforms/{_DS}Transform")]
    targets = document.xpath("//*[@Id=$ident]", ident=uri[1:]) if uri.startswith("#") else []
    if algorithm is None or len(targets) != 1 or any(
            t not in (_ENVELOPED, _INCLUSIVE_C14N) for t in transforms):
        return "unchecked"
    target = targets[0]
    if _ENVELOPED in transforms and signature in target.iterdescendants():
        target = copy.deepcopy(target)
        for inner in target.iter(_DS + "Signature"):
            if inner.get("Id") == signature.get("Id"):
                inner.getparent().remove(inner)
                break
    digest = hashlib.new(algorithm, etree.tostring(target, method="c14n")).digest()
    written = "".join((reference.findtext(f"{_DS}DigestValue") or "").split())
    return "match" if base64.b64encode(digest).decode("ascii") == written else "differs"


def _signer(signature: etree._Element, certificates: list[x509.Certificate]):
    """The embedded certificate whose key verifies the signature (KeyInfo may hold a chain)."""
    last_error = ""
    for certificate in certificates:
        key = xmlsec.Key.from_memory(certificate.public_bytes(serialization.Encoding.DER),
                                     xmlsec.constants.KeyDataFormatCertDer)
        try:
            _verification_context(key).verify(signature)
        except xmlsec.Error as exc:
            last_error = str(exc)
            continue
        return certificate
    raise _CheckFailedError(
        f"signature does not verify: the signed content or the signature was altered "
        f"({last_error})",
        f"chữ ký không hợp lệ: nội dung đã ký hoặc chữ ký đã bị sửa đổi ({last_error})")


def _failure_detail(failure: _CheckFailedError, digests) -> _CheckFailedError:
    """Add which References still match, when that tells the user something."""
    altered = [uri for uri, state in digests if state == "differs"]
    if not digests or all(state == "unchecked" for _, state in digests):
        return failure
    if altered:
        return _CheckFailedError(
            f"{failure.message}; changed since signing: {', '.join(altered)}",
            f"{failure.message_vi}; đã bị thay đổi sau khi ký: {', '.join(altered)}")
    return _CheckFailedError(f"{failure.message}; every signed element is unchanged",
                             f"{failure.message_vi}; các phần tử được ký không bị thay đổi")


def _check_one(document, signature, role: str, id_counts: Counter) -> SignatureCheck:
    method = signature.find(f"{_DS}SignedInfo/{_DS}SignatureMethod")
    algorithm_uri = method.get("Algorithm", "") if method is not None else ""
    references = signature.findall(f"{_DS}SignedInfo/{_DS}Reference")
    uris = tuple(r.get("URI", "") for r in references)
    digests = sorted({DIGEST_ALGORITHMS.get(d.get("Algorithm", ""), d.get("Algorithm", ""))
                      for d in signature.iterfind(
                          f"{_DS}SignedInfo/{_DS}Reference/{_DS}DigestMethod")})
    subject_name = (signature.findtext(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509SubjectName")
                    or "").strip()
    result = {"role": role, "algorithm": SIGNATURE_ALGORITHMS.get(algorithm_uri, algorithm_uri),
              "digest_algorithm": ",".join(digests), "references": uris,
              "subject": subject_name, "tax_code": tax_code_in(subject_name),
              "signing_time": read_signing_time(signature)[0],
              "digests": tuple((r.get("URI", ""), _reference_digest(document, signature, r))
                               for r in references)}
    try:
        if algorithm_uri not in SIGNATURE_ALGORITHMS:
            raise _CheckFailedError(f"signature algorithm not accepted: {algorithm_uri}",
                                    f"thuật toán chữ ký không được chấp nhận: {algorithm_uri}")
        signed_ids = _signed_ids(document, uris, role, id_counts)
        certificates = _embedded_certificates(signature)
        result.update(subject=certificates[0].subject.rfc4514_string(),
                      tax_code=certificate_tax_code(certificates[0]))
        signer = _signer(signature, certificates)
        result.update(certificate_der=signer.public_bytes(serialization.Encoding.DER),
                      chain_der=tuple(c.public_bytes(serialization.Encoding.DER)
                                      for c in certificates if c != signer))
        result.update(subject=signer.subject.rfc4514_string(),
                      tax_code=certificate_tax_code(signer),
                      not_before=signer.not_valid_before.replace(tzinfo=datetime.UTC),
                      not_after=signer.not_valid_after.replace(tzinfo=datetime.UTC),
                      signing_time=_signing_time(signature, signed_ids))
        check = SignatureCheck(ok=True, **result)
        if check.within_validity is False:
            raise _CheckFailedError("signing time outside the certificate's validity period",
                                    "thời điểm ký nằm ngoài thời hạn hiệu lực của chứng thư số")
        return check
    except _CheckFailedError as failure:
        failure = _failure_detail(failure, result["digests"])
        return SignatureCheck(ok=False, reason=failure.message, reason_vi=failure.message_vi,
                              **result)


def _strip_indentation(document) -> bool:
    """Remove whitespace-only text between elements; True when there was any.

    Leaf text is never touched: only the layout whitespace a pretty-printer adds, which
    no element of these formats gives a meaning to.
    """
    changed = False
    for node in document.iter():
        if not isinstance(node.tag, str):
            continue
        if len(node) and node.text is not None and not node.text.strip():
            node.text, changed = None, True
        if node.tail is not None and not node.tail.strip():
            node.tail, changed = None, True
    return changed


def _check_document(original) -> list[SignatureCheck]:
    document = copy.deepcopy(original)
    id_counts = Counter(document.xpath("//@Id | //@xml:id"))
    xmlsec.tree.add_ids(document, ["Id"])
    checks = [_check_one(document, signature, role, id_counts)
              for role, signature in signatures_in(document)]
    if all(check.ok for check in checks):
        return checks
    compact = copy.deepcopy(original)
    if not _strip_indentation(compact):
        return checks
    xmlsec.tree.add_ids(compact, ["Id"])
    retried = [_check_one(compact, signature, role, id_counts)
               for role, signature in signatures_in(compact)]
    return [dataclasses.replace(again, reindented=True) if again.ok and not first.ok else first
            for first, again in zip(checks, retried, strict=True)]


def verify_signatures(xml) -> list[SignatureCheck]:
    """Check every ``Signature`` found under a ``DSCKS`` of the document.

    Works on a single ``HDon``/``TBao``/``BTHDLieu`` or on an envelope holding several:
    each signed document is checked in a copy of its own, so equal ``Id`` values in
    different invoices of one ``TDiep`` do not clash; a second, empty ``DSCKS`` (seen in
    the tax authority's test environment) adds nothing.
    """
    root = parse_xml(bytes(xml)) if isinstance(xml, (bytes, bytearray)) else xml
    if isinstance(root, etree._ElementTree):
        root = root.getroot()
    checks = []
    for document in signed_documents(root):
        checks.extend(_check_document(document))
    return checks


def verify_all(xml) -> bool:
    """True when there is at least one signature and every one of them checks out."""
    checks = verify_signatures(xml)
    return bool(checks) and all(check.ok for check in checks)
