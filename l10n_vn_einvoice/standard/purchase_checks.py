"""What the accountant must know about a received e-invoice before booking it.

Checks are shown on the bill, never applied silently: the bill keeps the invoice's
figures, and each check says what holds and what does not — in words a bookkeeper
reads (:mod:`.purchase_check_words`; the technical text in ``detail``) — with a severity:

* ``error``: the file cannot be trusted as it is — addressed to another taxpayer, a
  signature that does not verify (altered content, a certificate missing), an arithmetic
  or code error of the inbound rules; posting such a bill asks first
  (``models/account_move_purchase_post.py``);
* ``warning``: the invoice may be right but the accountant must look — addressed to
  another unit of the company or to no tax code, signed by someone other than the
  seller, a coded invoice without the tax authority's signature or with one by another
  certificate than the tax authority's, a finding the inbound rules report as a warning;
* ``info``: what was read leniently or is not checked here — a signature that is
  mathematically valid but whose signer is not authenticated (no trusted issuer of the
  server's, :mod:`.trust`), revocation (OCSP/CRL, which the tax authority checks on
  reception);
* ``ok``: a check that holds (a signature: valid, by a certificate that chains to a
  trusted issuer, and in the tax authority's place the tax authority's pinned one).

The duplicate and correction checks need the bills already booked: the Odoo layer adds
them.  Pure functions of the inbound result and the signature checks (no Odoo).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cryptography import x509

from . import codes, model, trust
from .inbound import InboundResult
from .purchase_check_words import content_words, signature_words
from .xmldsig import SignatureCheck

OK, INFO, WARNING, ERROR = "ok", "info", "warning", "error"
SEVERITY_ORDER = (OK, INFO, WARNING, ERROR)
ROLE_NAMES = {"seller": ("seller", "người bán"), "tax_authority": ("tax authority", "cơ quan thuế"),
              "buyer": ("buyer", "người mua")}


@dataclass(frozen=True)
class Check:
    category: str  # buyer, signature, content, structure, duplicate, related, tax
    severity: str
    rule: str
    message: str
    message_vi: str
    where: str = ""  # XPath of a content finding
    signer_tax_code: str = ""
    signer: str = ""  # certificate subject
    signing_time: str = ""  # ISO, Vietnam time
    detail: str = ""  # the technical text (rule, tag, library), for the supplier's provider

    def as_dict(self) -> dict:
        return asdict(self)


def worst(checks) -> str:
    """The most serious severity of ``checks`` (``ok`` when there is none)."""
    return max((c.severity for c in checks), key=SEVERITY_ORDER.index, default=OK)


def _same_taxpayer(a: str, b: str) -> bool:
    """A branch (``-xxx``) and its head office are the same taxpayer for a signature."""
    return bool(a and b) and a.split("-")[0] == b.split("-")[0]


def buyer_check(invoice: model.Invoice, company_tax_code: str) -> Check:
    buyer = codes.normalise_tax_id(invoice.buyer.tax_code)
    company = codes.normalise_tax_id(company_tax_code or "")
    if buyer and buyer == company:
        return Check("buyer", OK, "buyer.company", f"addressed to the company ({company})",
                     f"người mua là công ty ({company})")
    if not buyer:
        return Check("buyer", WARNING, "buyer.missing",
                     f"the invoice names no buyer tax code; the company's is {company}",
                     f"hóa đơn không ghi mã số thuế người mua; mã số thuế của công ty là "
                     f"{company}")
    if _same_taxpayer(buyer, company):
        return Check("buyer", WARNING, "buyer.branch",
                     f"the invoice is addressed to {buyer}, another unit of the company "
                     f"({company})",
                     f"hóa đơn ghi người mua {buyer}, một đơn vị khác của công ty ({company})")
    return Check("buyer", ERROR, "buyer.other",
                 f"the invoice is addressed to the tax code {buyer}, not to the company "
                 f"({company or 'no tax code set'})",
                 f"hóa đơn ghi mã số thuế người mua {buyer}, không phải của công ty "
                 f"({company or 'chưa khai báo mã số thuế'})")


def _signature_check(check: SignatureCheck, seller_tax_code: str, anchors=()) -> Check:
    role_en, role_vi = ROLE_NAMES.get(check.role, (check.role, check.role))
    details = {"signer_tax_code": check.tax_code, "signer": check.subject,
               "signing_time": check.signing_time.isoformat() if check.signing_time else ""}
    if not check.ok:
        words, words_vi = signature_words(check.role)
        return Check("signature", ERROR, f"signature.{check.role}", words, words_vi,
                     detail=f"signature of the {role_en}: {check.reason}", **details)
    if check.role == "seller" and not _same_taxpayer(check.tax_code,
                                                     codes.normalise_tax_id(seller_tax_code)):
        return Check("signature", WARNING, "signature.signer",
                     f"the seller's signature verifies but its certificate names the tax code "
                     f"{check.tax_code or '(none)'}, not the seller's {seller_tax_code}",
                     f"chữ ký người bán hợp lệ nhưng chứng thư số ghi mã số thuế "
                     f"{check.tax_code or '(không có)'}, không phải {seller_tax_code} của "
                     f"người bán", **details)
    reindented = (" (the file was re-indented after signing)", " (tệp đã bị định dạng lại "
                  "khoảng trắng sau khi ký)") if check.reindented else ("", "")
    return _trust_check(check, role_en, role_vi, reindented, anchors, details)


def _trust_check(check, role_en, role_vi, reindented, anchors, details) -> Check:
    """A signature that verifies: green only when the signer is authenticated (its
    certificate chains to a trusted issuer) and, in the tax authority's place, is the tax
    authority's own pinned certificate (:mod:`.trust`)."""
    rule = f"signature.{check.role}"
    try:
        certificate = x509.load_der_x509_certificate(check.certificate_der)
        chain = [x509.load_der_x509_certificate(der) for der in check.chain_der]
    except ValueError:
        certificate, chain = None, []
    issuer = trust.trusted_issuer(certificate, chain, anchors) if certificate else None
    if check.role == "tax_authority" and (certificate is None
                                          or trust.tax_authority_pin(certificate) is None):
        return Check("signature", WARNING, rule,
                     f"a signature in the tax authority's place verifies mathematically, but "
                     f"its certificate ({check.subject}) is not the tax authority's: it is not "
                     f"the tax authority's signature",
                     f"chữ ký ở vị trí của cơ quan thuế đúng về mặt toán học nhưng chứng thư "
                     f"số ({check.subject}) không phải của cơ quan thuế: đây không phải chữ "
                     f"ký của cơ quan thuế", **details)
    if issuer is None:
        return Check("signature", INFO, rule,
                     f"signature of the {role_en} is mathematically valid{reindented[0]}; "
                     f"signer not authenticated (the certificate does not chain to a trusted "
                     f"issuer installed on the server)",
                     f"chữ ký của {role_vi} đúng về mặt toán học{reindented[1]}; chưa xác "
                     f"thực được người ký (chứng thư số không thuộc tổ chức cấp tin cậy nào "
                     f"được cài trên máy chủ)", **details)
    issuer_name = issuer.subject.rfc4514_string()
    return Check("signature", OK, rule,
                 f"signature of the {role_en} verifies{reindented[0]}; certificate issued by "
                 f"{issuer_name}, a trusted issuer",
                 f"chữ ký của {role_vi} hợp lệ{reindented[1]}; chứng thư số do {issuer_name} "
                 f"(tổ chức cấp tin cậy) cấp", **details)


def signature_checks(invoice: model.Invoice, signatures, anchors=()) -> list[Check]:
    """One check per signature, plus what is missing for the kind of invoice;
    ``anchors``: the trusted issuers' certificates (:func:`.trust.load_anchors`)."""
    checks = [_signature_check(s, invoice.seller.tax_code, anchors) for s in signatures]
    roles = {s.role for s in signatures}
    if "seller" not in roles:
        checks.append(Check("signature", WARNING, "signature.seller_missing",
                            "the invoice carries no seller's signature",
                            "hóa đơn không có chữ ký số của người bán"))
    if invoice.kind == model.KIND_CODED:
        if "tax_authority" not in roles:
            checks.append(Check(
                "signature", WARNING, "signature.authority_missing",
                "a coded invoice (symbol C…) without the tax authority's signature: this is "
                "not the file the tax authority returned with its code",
                "hóa đơn có mã (ký hiệu C…) không có chữ ký của cơ quan thuế: đây không phải "
                "tệp cơ quan thuế trả về kèm mã"))
        if not invoice.tax_authority_code:
            checks.append(Check("signature", WARNING, "mccqt.missing",
                                "a coded invoice (symbol C…) without its tax authority code "
                                "(MCCQT)",
                                "hóa đơn có mã (ký hiệu C…) không có mã của cơ quan thuế "
                                "(MCCQT)"))
    if signatures:
        checks.append(Check("signature", INFO, "signature.trust",
                            f"certificate issuers checked against {len(anchors)} trusted "
                            f"issuer certificate(s) of the server; revocation is not checked "
                            f"here",
                            f"tổ chức cấp chứng thư số được đối chiếu với {len(anchors)} chứng "
                            f"thư tin cậy của máy chủ; chưa kiểm tra tình trạng thu hồi"))
    return checks


def content_checks(result: InboundResult) -> list[Check]:
    """The inbound rules' errors and warnings, and one line for what was read leniently."""
    checks = [Check("content", finding.severity, finding.rule,
                    *content_words(finding, result.invoice), where=finding.xpath,
                    detail=finding.message)
              for finding in result.findings if finding.severity in (ERROR, WARNING)]
    lenient = sorted({finding.rule for finding in result.accepted})
    if lenient:
        checks.append(Check(
            "structure", INFO, "inbound.lenient",
            f"read as the tax authority accepts it: {len(result.accepted)} difference(s) "
            f"from the published layout (order or empty elements), not errors",
            f"đọc như cơ quan thuế chấp nhận: {len(result.accepted)} điểm khác cấu trúc "
            f"đã công bố (thứ tự hoặc phần tử rỗng), không phải lỗi",
            detail=", ".join(lenient)))
    if not checks:
        checks.append(Check("content", OK, "content.valid",
                            "schema, arithmetic and codes are valid",
                            "cấu trúc, số liệu và các mã hợp lệ"))
    return checks


def invoice_checks(result: InboundResult, signatures, company_tax_code: str,
                   anchors=()) -> list[Check]:
    invoice = result.invoice
    return [buyer_check(invoice, company_tax_code),
            *signature_checks(invoice, signatures, anchors), *content_checks(result)]
