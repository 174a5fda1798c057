"""Viettel S-Invoice answers turned into the typed errors of ``base``.

Viettel reports most failures as HTTP 200 with ``errorCode``/``description``; login and
gateway failures come as HTTP statuses with ``{code, message}`` or ``{error}``.  Each known
code gets a fixed English and Vietnamese explanation; the provider's own description is
appended so that the user sees what Viettel said.  Unknown codes are rejections: retrying a
request Viettel understood and refused would only fail again.
"""

from __future__ import annotations

from .base import AuthenticationError, ProviderError, RejectedError, TransientError

# Submitting an already known transactionUuid: Viettel answers this code, the client then
# looks the key up instead of creating a second invoice.
DUPLICATE_TRANSACTION = "TRANSACTION_IS_BEING_PROCESSED"
# Rejection of the invoice by the tax authority (sandbox and search results).
TAX_AUTHORITY_REJECTED = "INVOICE_REJECTED_BY_TAX_AUTHORITY"
INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND"

_KNOWN = {
    DUPLICATE_TRANSACTION: (
        TransientError,
        "Viettel is still processing this transaction; it will be looked up before any retry",
        "Viettel đang xử lý giao dịch này; hệ thống sẽ tra cứu lại trước khi gửi lại"),
    "INVALID_TRANSACTION_UUID": (
        RejectedError,
        "The transaction id must have 10 to 36 characters",
        "Mã giao dịch (transactionUuid) phải dài từ 10 đến 36 ký tự"),
    "TEMPLATE_NOT_FOUND": (
        RejectedError,
        "The invoice template or symbol is not registered at Viettel",
        "Mẫu số hoặc ký hiệu hóa đơn chưa được đăng ký tại Viettel"),
    "DISCOUNT_INVALID": (
        RejectedError,
        "A discount amount or rate is inconsistent",
        "Số tiền hoặc tỷ lệ chiết khấu không hợp lệ"),
    "JSON_PARSE_ERROR": (
        RejectedError,
        "Viettel could not read the invoice data",
        "Viettel không đọc được dữ liệu hóa đơn"),
    "INVALID_INVOICE_DATA": (
        RejectedError,
        "The invoice data breaks a rule of the e-invoice standard",
        "Dữ liệu hóa đơn vi phạm quy định về hóa đơn điện tử"),
    TAX_AUTHORITY_REJECTED: (
        RejectedError,
        "The tax authority rejected the invoice",
        "Cơ quan thuế từ chối hóa đơn"),
    INVOICE_NOT_FOUND: (
        RejectedError,
        "Viettel does not know this invoice",
        "Viettel không tìm thấy hóa đơn này"),
    "INVOICE_ALREADY_CANCELLED": (
        RejectedError,
        "The invoice is already cancelled",
        "Hóa đơn đã bị hủy"),
    "UNAUTHORIZED": (
        AuthenticationError,
        "Viettel refused the user name or password",
        "Viettel từ chối tên đăng nhập hoặc mật khẩu"),
    "FORBIDDEN": (
        AuthenticationError,
        "This Viettel account may not act for this seller tax code",
        "Tài khoản Viettel không được phép thao tác cho mã số thuế người bán này"),
}

_HTTP = {
    401: (AuthenticationError, "UNAUTHORIZED"),
    403: (AuthenticationError, "FORBIDDEN"),
}


def error_for_code(operation: str, code: str, description: str = "",
                   description_en: str = "") -> ProviderError:
    """The typed error for a Viettel ``errorCode``.

    ``description`` is Viettel's text (Vietnamese); ``description_en`` an English one when
    the answer carries it (the sandbox does, Viettel does not).
    """
    cls, message, message_vi = _KNOWN.get(code, (
        RejectedError, f"Viettel refused the request ({code})",
        f"Viettel từ chối yêu cầu ({code})"))
    english = description_en or description
    if english:
        message = f"{message}: {english}"
    if description:
        message_vi = f"{message_vi}: {description}"
    return cls(message, message_vi, code=code, operation=operation)


def error_for_status(operation: str, status: int, text: str = "") -> ProviderError:
    """The typed error for a non-200 HTTP status (the body is not a Viettel answer)."""
    if status in _HTTP:
        cls, code = _HTTP[status]
        _, message, message_vi = _KNOWN[code]
        return cls(message, message_vi, code=f"http{status}", operation=operation)
    if status in (408, 429) or status >= 500:
        return TransientError(
            f"Viettel is unavailable (HTTP {status}); the request will be retried",
            f"Viettel tạm thời không phản hồi (HTTP {status}); yêu cầu sẽ được gửi lại",
            code=f"http{status}", operation=operation)
    detail = f": {text[:200]}" if text else ""
    return RejectedError(
        f"Viettel refused the request (HTTP {status}){detail}",
        f"Viettel từ chối yêu cầu (HTTP {status}){detail}",
        code=f"http{status}", operation=operation)


def timeout_error(operation: str, seconds: float) -> TransientError:
    return TransientError(
        f"Viettel did not answer within {seconds:g} s; the outcome will be looked up",
        f"Viettel không phản hồi trong {seconds:g} giây; kết quả sẽ được tra cứu lại",
        code="timeout", operation=operation)


def connection_error(operation: str, detail: str) -> TransientError:
    return TransientError(
        f"Could not reach Viettel: {detail}",
        f"Không kết nối được tới Viettel: {detail}",
        code="connection", operation=operation)


def malformed_error(operation: str, detail: str) -> TransientError:
    """A garbled answer may hide a committed request: retry after a lookup."""
    return TransientError(
        f"Viettel sent an unreadable answer ({detail})",
        f"Viettel trả về dữ liệu không đọc được ({detail})",
        code="malformed", operation=operation)
