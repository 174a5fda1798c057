"""The SignedInfo digest of an XML-DSig signature, computed without holding the key.

Used on both sides of a hash-then-signature flow: by the signer seam when the key is not
in memory (a token, a remote signer), and by a provider that prepares the seller's
signature, hands out the digest (VNPT ``getHashInvWithToken``) and puts the value it gets
back into ``SignatureValue`` (``publishInvWithToken``).  Only the layout this addon and
the real signers write is handled: inclusive C14N 1.0, RSA-SHA256, SHA-256 References
to elements by ``Id`` with at most the enveloped transform.  Whatever is computed here is
checked by xmlsec when the signature is verified (:func:`.xmldsig.verify_signatures`).
"""

from __future__ import annotations

import base64
import copy
import hashlib

from lxml import etree

from .errors import StandardError
from .signature_layout import DS

_ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
_C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"


def _unsupported(what: str) -> StandardError:
    return StandardError("Signature", "signature.layout",
                         f"cannot compute this signature's digest: {what}",
                         f"không tính được giá trị băm của chữ ký: {what}")


def _canonical(element: etree._Element) -> bytes:
    """Inclusive C14N of ``element`` as the root of a document of its own (namespaces in
    scope carried over by the copy): lxml's C14N of an element inside a larger tree
    writes ``xmlns=""`` on descendants of a default-namespace ``Signature``, which is not
    what xmlsec canonicalises."""
    return etree.tostring(copy.deepcopy(element), method="c14n")


def _reference_digest(root: etree._Element, signature: etree._Element, reference) -> bytes:
    uri = reference.get("URI", "")
    method = reference.find(f"{DS}DigestMethod")
    if method is None or method.get("Algorithm") != _SHA256:
        raise _unsupported("only SHA-256 References")
    transforms = [t.get("Algorithm", "") for t in reference.iterfind(
        f"{DS}Transforms/{DS}Transform")]
    if any(t not in (_ENVELOPED, _C14N) for t in transforms):
        raise _unsupported(f"transforms {transforms}")
    targets = root.xpath("//*[@Id=$ident]", ident=uri[1:]) if uri.startswith("#") else []
    if len(targets) != 1:
        raise _unsupported(f"the Reference {uri!r} must name exactly one element")
    target = targets[0]
    if _ENVELOPED in transforms and (target is signature
                                     or signature in target.iterdescendants()):
        target = copy.deepcopy(target)  # the copy is canonicalised once more below
        for inner in target.iter(f"{DS}Signature"):
            if inner.get("Id") == signature.get("Id"):
                inner.getparent().remove(inner)
                break
    return hashlib.sha256(_canonical(target)).digest()


def signed_info_digest(root: etree._Element, signature: etree._Element) -> bytes:
    """Write every Reference's ``DigestValue`` and return SHA-256 of the canonical
    ``SignedInfo``: the 32 bytes an RSA-SHA256 signature value signs."""
    signed_info = signature.find(f"{DS}SignedInfo")
    if signed_info is None:
        raise _unsupported("no SignedInfo")
    c14n = signed_info.find(f"{DS}CanonicalizationMethod")
    method = signed_info.find(f"{DS}SignatureMethod")
    if c14n is None or c14n.get("Algorithm") != _C14N or method is None \
            or method.get("Algorithm") != _RSA_SHA256:
        raise _unsupported("only inclusive C14N 1.0 with RSA-SHA256")
    for reference in signed_info.iterfind(f"{DS}Reference"):
        value = reference.find(f"{DS}DigestValue")
        value.text = base64.b64encode(_reference_digest(root, signature, reference)).decode()
    return hashlib.sha256(_canonical(signed_info)).digest()


def set_signature_value(signature: etree._Element, value: bytes) -> None:
    signature.find(f"{DS}SignatureValue").text = base64.b64encode(value).decode("ascii")


def unsigned_signature(root: etree._Element, container: str = "NBan") -> etree._Element:
    """The ``DSCKS/<container>`` Signature still waiting for its value."""
    signature = root.find(f"DSCKS/{container}/{DS}Signature")
    if signature is None or (signature.findtext(f"{DS}SignatureValue") or "").strip():
        raise StandardError(f"DSCKS/{container}", "signature.not_prepared",
                            f"DSCKS/{container} holds no signature waiting for its value",
                            f"DSCKS/{container} không có chữ ký nào đang chờ giá trị")
    return signature
