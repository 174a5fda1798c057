"""The one interface every provider client implements, its typed results and errors.

The caller chooses the submission key (VNPT ``fkey``, Viettel ``transactionUuid``) and
stores it *before* calling ``issue``; a retry calls ``lookup(key)`` first, so a request
whose answer was lost is never submitted twice.
"""

from __future__ import annotations

import abc
import datetime
from dataclasses import dataclass, field

from ..standard.model import Invoice
from ..standard.xml_parse import kind_of_symbol

DEFAULT_TIMEOUT = 30.0  # seconds, applied to every call

# Document states as the provider/tax authority reports them.
STATE_ACCEPTED = "accepted"  # coded: MCCQT assigned; uncoded/cash-register: received
STATE_PENDING = "pending"  # received, not yet answered by the tax authority
STATE_REJECTED = "rejected"
STATE_CANCELLED = "cancelled"
STATE_UNKNOWN = "unknown"  # the key is not known to the provider


class ProviderError(Exception):
    """Base of the typed errors; ``message``/``message_vi`` are for the user."""

    def __init__(self, message: str, message_vi: str = "", *, code: str = "", operation: str = ""):
        self.message = message
        self.message_vi = message_vi or message
        self.code = code
        self.operation = operation
        super().__init__(f"{operation}: {code} {message}".strip(": "))


class TransientError(ProviderError):
    """Retry later: timeout, connection refused/reset, HTTP 5xx, throttling, garbled answer."""


class RejectedError(ProviderError):
    """The provider refused the request for a reason the user must fix (mapped error code)."""


class AuthenticationError(RejectedError):
    """Wrong credentials or account not allowed for this operation."""


class NotSupportedError(ProviderError):
    """The provider does not offer this operation (e.g. cancellation after 2025-06-01)."""


@dataclass(frozen=True)
class IssueResult:
    key: str
    state: str  # STATE_*
    form: str = ""
    symbol: str = ""
    number: int | None = None
    tax_authority_code: str = ""  # MCCQT (coded) or cash-register code
    lookup_code: str = ""  # code the buyer types on the provider's lookup page
    issue_date: datetime.date | None = None
    message: str = ""  # provider's text (rejection reason, notice…)
    signed_xml: bytes = b""  # when the provider returns it
    # Set when what the provider handed back is not what was sent and signed (English,
    # then Vietnamese, one per line): the invoice is issued at the provider, but its copy
    # must not be kept and a manager must look (issue 22 §5).
    problem: str = ""
    raw: str = field(default="", repr=False)  # provider's answer, for the exchange log


@dataclass(frozen=True)
class NoticeResult:
    key: str
    state: str  # STATE_ACCEPTED / STATE_PENDING / STATE_REJECTED
    message: str = ""
    raw: str = field(default="", repr=False)


@dataclass(frozen=True)
class RegisteredSymbol:
    form: str
    symbol: str
    kind: str = ""  # standard.model.KIND_*
    template: str = ""  # the provider's template (VNPT pattern, Viettel/MISA template)


@dataclass(frozen=True)
class ConnectionReport:
    """Result of ``check_connection``; ``ok`` plus one line per check."""

    ok: bool
    checks: tuple[tuple[str, bool, str], ...]  # (name, passed, detail)
    clock_skew_seconds: float | None = None


class ProviderClient(abc.ABC):
    """A provider account: endpoint, credentials, timeout.

    ``name`` goes into exchange logs; ``title``/``title_vi`` name the provider in
    sentences.  A stand-in speaking another provider's contract (the sandbox speaks
    VNPT's) overrides both on its instance, so it never introduces itself as that
    provider."""

    name: str = ""
    title: str = ""
    title_vi: str = ""
    # False where the provider's API has no call listing the symbols registered for the
    # seller (``list_symbols`` then returns the ones configured in the options)
    lists_symbols: bool = True

    def __init__(self, base_url: str, *, username: str = "", password: str = "",
                 account: str = "", account_password: str = "", seller_tax_code: str = "",
                 timeout: float = DEFAULT_TIMEOUT, **options):
        self.base_url = base_url.rstrip("/")
        self.username = username
        self.password = password
        self.account = account
        self.account_password = account_password
        self.seller_tax_code = seller_tax_code
        self.timeout = timeout
        self.options = options

    def refuse_delivery_note(self, invoice: Invoice) -> None:
        """Raise :class:`NotSupportedError` for a delivery note (form 6) when this
        provider's delivery-note operations are not known: they are not guessed."""
        if invoice.form != "6":
            return
        name = f"{invoice.form}{invoice.symbol} no. {invoice.number}"
        name_vi = f"{invoice.form}{invoice.symbol} số {invoice.number}"
        raise NotSupportedError(
            f"{self.title or self.name} has no published delivery-note operation (form 6): "
            f"delivery note {name} cannot be issued through it; issue it on the provider's "
            "portal.",
            f"{self.title_vi or self.name} chưa công bố thao tác phiếu xuất kho điện tử (mẫu "
            f"số 6): không thể lập phiếu {name_vi} qua nhà cung cấp này; hãy lập trên cổng "
            "của nhà cung cấp.", code="provider.delivery_note")

    @abc.abstractmethod
    def issue(self, key: str, invoice: Invoice, signed_xml: bytes | None = None, *,
              related_key: str = "") -> IssueResult:
        """Issue a coded, uncoded or cash-register invoice (``invoice.kind``).

        Adjustment and replacement invoices are issued the same way: ``invoice.related``
        says which invoice they correct, ``related_key`` is that invoice's submission key
        when the caller knows it (providers that identify originals by key use it, the
        others find the original by form, symbol and number).
        """

    @abc.abstractmethod
    def lookup(self, key: str) -> IssueResult:
        """Status and tax-authority code by submission key; state ``unknown`` if absent."""

    @abc.abstractmethod
    def download_pdf(self, key: str) -> bytes:
        """The provider's PDF representation."""

    @abc.abstractmethod
    def download_xml(self, key: str) -> bytes:
        """The invoice XML as the tax authority holds it (with MCCQT when coded)."""

    @abc.abstractmethod
    def send_notice(self, key: str, notice_xml: bytes) -> NoticeResult:
        """Send a 04/SS-HĐĐT error notice (already built and validated by the caller)."""

    @abc.abstractmethod
    def list_symbols(self) -> list[RegisteredSymbol]:
        """Forms and symbols registered for the seller."""

    def _configured_symbols(self) -> list[RegisteredSymbol]:
        """The symbols given in the options (``symbols``: (form, symbol) pairs), for the
        providers whose API lists none."""
        return [RegisteredSymbol(form=str(form), symbol=str(symbol), kind=kind_of_symbol(symbol))
                for form, symbol in self.options.get("symbols") or ()]

    def _probe_checks(self, probe) -> list[tuple[str, bool, str]]:
        """The endpoint and credentials checks of ``probe()``, a call that needs both."""
        try:
            probe()
        except AuthenticationError as exc:
            return [("endpoint", True, self.base_url), ("credentials", False, exc.message)]
        except ProviderError as exc:
            return [("endpoint", False, exc.message)]
        return [("endpoint", True, self.base_url), ("credentials", True, "accepted")]

    def cancel(self, key: str, reason: str) -> IssueResult:
        raise NotSupportedError(
            "This provider no longer offers cancellation; adjust or replace the invoice.",
            "Nhà cung cấp không còn hỗ trợ hủy hóa đơn; hãy điều chỉnh hoặc thay thế.",
            operation="cancel")

    def send_summary_table(self, key: str, xml: bytes) -> NoticeResult:
        """Send a 01/TH-HĐĐT summary table (built and validated by the caller) under the
        submission key ``key``; sending again under the same key must not add a table."""
        raise NotSupportedError(
            "This provider offers no operation to send a 01/TH-HĐĐT summary table.",
            "Nhà cung cấp không hỗ trợ gửi bảng tổng hợp dữ liệu hóa đơn 01/TH-HĐĐT.",
            operation="send_summary_table")

    @abc.abstractmethod
    def check_connection(self) -> ConnectionReport:
        """Credentials, endpoint, registered symbols and clock skew, in plain language."""
