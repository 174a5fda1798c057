"""VNPT answers (``OK:…`` / ``ERR:n``) turned into payloads or typed errors.

VNPT reuses the same number for different meanings in different operations (ERR:13 is a
duplicate fkey when publishing but "already paid" elsewhere), so the table is keyed by
operation first and falls back to the meaning shared by most operations.
"""

from __future__ import annotations

import re

from .base import AuthenticationError, ProviderError, RejectedError, TransientError

# (class, English, Vietnamese) for codes whose meaning is shared by most operations.
_COMMON = {
    "1": (AuthenticationError, "Wrong portal account (Account/ACpass) or no permission.",
          "Sai tài khoản nhân viên phát hành (Account/ACpass) hoặc không có quyền."),
    "2": (RejectedError, "Invoice not found for this key.",
          "Không tìm thấy hóa đơn theo khóa (fkey)."),
    "3": (RejectedError, "Invalid invoice XML; the whole batch was refused.",
          "Dữ liệu XML hóa đơn không hợp lệ; toàn bộ lô bị từ chối."),
    "4": (RejectedError, "No registered invoice form/symbol for this account.",
          "Tài khoản chưa đăng ký mẫu số/ký hiệu hóa đơn."),
    "5": (TransientError, "Unknown error at the provider; the transaction was rolled back.",
          "Lỗi không xác định tại nhà cung cấp; giao dịch đã được hoàn tác."),
    "6": (RejectedError, "Invoice not found, or the number range is exhausted.",
          "Không tìm thấy hóa đơn hoặc dải số hóa đơn đã hết."),
    "7": (AuthenticationError, "Wrong web-service username/password or company not found.",
          "Sai tên đăng nhập/mật khẩu dịch vụ hoặc không tìm thấy doanh nghiệp."),
    "8": (RejectedError, "The invoice was already replaced, adjusted or cancelled.",
          "Hóa đơn đã bị thay thế, điều chỉnh hoặc hủy."),
    "9": (RejectedError, "The invoice status does not allow this action.",
          "Trạng thái hóa đơn không cho phép thao tác này."),
    "10": (RejectedError, "Too many invoices or keys in one call.",
           "Số lượng hóa đơn hoặc khóa trong một lần gọi vượt quá giới hạn."),
    "13": (RejectedError, "Duplicate submission key (fkey).",
           "Khóa hóa đơn (fkey) bị trùng."),
    "14": (TransientError, "Numbering error at the provider.",
           "Lỗi cấp số hóa đơn tại nhà cung cấp."),
    "19": (RejectedError, "The form differs from the original invoice's form.",
           "Mẫu số khác với mẫu số của hóa đơn gốc."),
    "20": (RejectedError, "Invalid form/symbol, or no permission on it.",
           "Mẫu số/ký hiệu không hợp lệ hoặc không có quyền sử dụng."),
    "22": (RejectedError, "No signing certificate registered, or duplicate invoice number.",
           "Chưa đăng ký chứng thư số ký hóa đơn hoặc trùng số hóa đơn."),
    "24": (RejectedError, "The invoice has no tax-authority code yet.",
           "Hóa đơn chưa được cơ quan thuế cấp mã."),
    "26": (RejectedError, "The signing certificate has expired.", "Chứng thư số đã hết hạn."),
    "30": (RejectedError, "The invoice date is earlier than the last issued invoice.",
           "Ngày hóa đơn nhỏ hơn ngày của hóa đơn đã phát hành trước đó."),
    "31": (RejectedError, "Invalid invoice number.", "Số hóa đơn không hợp lệ."),
    "35": (RejectedError, "Form and symbol are required (the account has several ranges).",
           "Phải truyền mẫu số và ký hiệu (tài khoản có nhiều dải hóa đơn)."),
    "60": (RejectedError, "Cannot correct across coded and uncoded invoices.",
           "Không được điều chỉnh/thay thế giữa hóa đơn có mã và không có mã."),
    "78": (RejectedError, "The account is not a coded-invoice (Circular 78) customer.",
           "Tài khoản không phải khách hàng hóa đơn có mã theo Thông tư 78."),
}

# Meanings specific to one operation, overriding the common table.
_PER_OPERATION = {
    "cancelInv": {
        "2": (RejectedError, "Invoice to cancel not found.", "Không tìm thấy hóa đơn cần hủy."),
        "8": (RejectedError, "The invoice was already cancelled, replaced or adjusted.",
              "Hóa đơn đã bị hủy, thay thế hoặc điều chỉnh trước đó."),
        "9": (RejectedError, "The invoice is marked as paid; it cannot be cancelled.",
              "Hóa đơn đã gạch nợ, không thể hủy."),
    },
    "AdjustInvoiceAction": {
        "2": (RejectedError, "The invoice to adjust was not found.",
              "Không tìm thấy hóa đơn cần điều chỉnh."),
        "9": (RejectedError, "The invoice to adjust is not in a state that allows adjustment.",
              "Hóa đơn cần điều chỉnh không ở trạng thái cho phép điều chỉnh."),
    },
    "ReplaceInvoiceAction": {
        "2": (RejectedError, "The invoice to replace was not found.",
              "Không tìm thấy hóa đơn cần thay thế."),
        "9": (RejectedError, "The invoice to replace is not in a state that allows replacement.",
              "Hóa đơn cần thay thế không ở trạng thái cho phép thay thế."),
    },
    "ImportAndPublishAssignedNo": {
        "22": (RejectedError, "This invoice number is already used for the form and symbol.",
               "Số hóa đơn đã được sử dụng cho mẫu số và ký hiệu này."),
    },
    "SendInvMTTFkey": {
        "12": (RejectedError, "The transmission message exceeds 1 MB; send fewer invoices.",
               "Thông điệp gửi cơ quan thuế vượt quá 1 MB; hãy gửi ít hóa đơn hơn."),
    },
    "downloadInvPDFFkeyNoPay": {
        "11": (RejectedError, "The invoice is unpaid; download refused.",
               "Hóa đơn chưa thanh toán, không thể tải."),
    },
    "GetInvDataByFkey": {
        "24": (RejectedError, "The tax authority has not coded this invoice yet.",
               "Cơ quan thuế chưa cấp mã cho hóa đơn này."),
    },
}

# The certificate-signed ("token") operations, as the provider notes list their codes
# (vn-einvoice-providers.md §1.5: ERR:4 signed data invalid, ERR:22-28 certificate).
_TOKEN = {
    "4": (RejectedError, "The signature value does not verify with the registered certificate "
                         "(the data signed is not the invoice's hash, or another key signed).",
          "Chữ ký không hợp lệ với chứng thư số đã đăng ký (dữ liệu được ký không phải giá "
          "trị băm của hóa đơn, hoặc ký bằng khóa khác)."),
    "21": (RejectedError, "The company was not found for this account.",
           "Không tìm thấy doanh nghiệp của tài khoản."),
    "22": (RejectedError, "No signing certificate is registered with the provider for this "
                          "company: register it first (importCertWithToken).",
           "Doanh nghiệp chưa đăng ký chứng thư số ký hóa đơn với nhà cung cấp: hãy đăng ký "
           "trước (importCertWithToken)."),
    "23": (RejectedError, "The certificate names no company the account may issue for (no "
                          "MST in its subject).",
           "Chứng thư số không ghi doanh nghiệp mà tài khoản được phép phát hành (không có "
           "MST)."),
    "24": (RejectedError, "The certificate is not the one registered with the provider.",
           "Chứng thư số không phải chứng thư đã đăng ký với nhà cung cấp."),
    "26": (RejectedError, "The signing certificate has expired.", "Chứng thư số đã hết hạn."),
    "27": (RejectedError, "The signing certificate is not valid yet.",
           "Chứng thư số chưa đến thời hạn hiệu lực."),
    "28": (RejectedError, "No certificate information was sent (certificate serial or "
                          "certificate missing or unreadable).",
           "Thiếu thông tin chứng thư số (số sê-ri hoặc chứng thư không có hoặc không đọc "
           "được)."),
    "30": (RejectedError, "The provider could not create the invoice.",
           "Nhà cung cấp không tạo được hóa đơn."),
}
for _operation in ("importCertWithToken", "getHashInvWithToken", "publishInvWithToken",
                   "AdjustReplaceInvWithToken"):
    _PER_OPERATION[_operation] = _TOKEN

_ANSWER = re.compile(r"^\s*(OK|ERR):?(.*)\Z", re.S)


def error_for(operation: str, code: str, detail: str = "") -> ProviderError:
    """The typed error for ``ERR:code`` answered by ``operation``."""
    major = code.split(".")[0].split("#")[0]
    entry = _PER_OPERATION.get(operation, {}).get(major) or _COMMON.get(major)
    if entry is None:
        entry = (RejectedError, f"The provider refused the request (code {code}).",
                 f"Nhà cung cấp từ chối yêu cầu (mã lỗi {code}).")
    cls, message, message_vi = entry
    if detail:
        message, message_vi = f"{message} ({detail})", f"{message_vi} ({detail})"
    return cls(message, message_vi, code=f"ERR:{code}", operation=operation)


def parse_answer(operation: str, answer: str | None) -> str:
    """Payload after ``OK:``; raises the typed error of an ``ERR:n`` answer.

    An answer that is neither (empty, garbled) is transient: the request may or may not
    have been applied, so the caller looks the key up before trying again.
    """
    match = _ANSWER.match(answer or "")
    if not match:
        raise TransientError(
            f"Unreadable answer from the provider: {(answer or '')[:80]!r}",
            f"Không đọc được phản hồi của nhà cung cấp: {(answer or '')[:80]!r}",
            code="unreadable", operation=operation)
    status, rest = match.groups()
    if status == "OK":
        return rest
    code, _, detail = rest.strip().partition("#")
    code = code.strip() or "?"
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", code):
        code, detail = "?", rest.strip()
    raise error_for(operation, code, detail.strip())


def is_error_answer(answer: str | None) -> bool:
    """Answers that are not ``OK:`` but carry data directly (base64, XML) start differently."""
    return bool(answer) and answer.lstrip().startswith("ERR:")
