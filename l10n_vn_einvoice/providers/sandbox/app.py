"""The sandbox as one WSGI application: provider contracts behind URL prefixes, faults
applied around them, and a small JSON admin API under ``/_sandbox/``.

The admin API (health, faults, stored invoices) answers only requests carrying the admin
token the sandbox printed when it started (``Authorization: Bearer <token>``): it can
make the provider fail and read every stored invoice.  Request bodies are capped at
:data:`MAX_BODY` bytes, refused with HTTP 413 before they are read, so a client cannot
make the sandbox hold an arbitrary amount of memory.

Faults are generic so every contract gets the same failure modes.  The ones that must
leave the client *without an answer* (timeout, reset, lost_after_commit) shut the socket
down through ``environ["werkzeug.socket"]`` and then raise a ``ConnectionError``, which
werkzeug's server treats as a dropped connection and does not answer: the client sees a
real transport error, exactly as when a proxy or the network loses the answer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hmac
import importlib
import io
import json
import logging
import socket
import threading
import time

from werkzeug.wrappers import Request, Response

from .core import Sandbox
from .faults import MISBEHAVIOURS, Fault, FaultPlan

_logger = logging.getLogger(__name__)
OPTIONAL_CONTRACTS = ("viettel_contract.ViettelContract", "bkav_contract.BkavContract",
                      "easyinvoice_contract.EasyInvoiceContract", "misa_contract.MisaContract",
                      "portal_contract.PortalContract")
MAX_BODY = 5 * 1024 * 1024


class Contract:
    """One provider's wire contract; subclasses translate requests into Sandbox calls."""

    name: str = ""
    prefixes: tuple[str, ...] = ()

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox

    def operation_of(self, request: Request) -> str:
        raise NotImplementedError

    def handle(self, request: Request, operation: str) -> Response:
        raise NotImplementedError

    def error_response(self, operation: str, code: str) -> Response:
        raise NotImplementedError

    def fault_response(self, operation: str) -> Response:
        raise NotImplementedError

    def internal_error(self, request: Request, operation: str) -> Response:
        """The contract's own answer to an unexpected error inside it (never HTML)."""
        raise NotImplementedError

    def misbehaving(self, kind: str, request: Request, operation: str) -> Response:
        """Answer ``operation`` dishonestly (``kind`` of :data:`.faults.MISBEHAVIOURS`);
        a contract that cannot answers as usual."""
        del kind
        return self.handle(request, operation)


class _DroppedConnectionError(ConnectionAbortedError):
    """Raised after shutting the socket so werkzeug writes nothing back."""


def _drop(environ) -> None:
    sock = environ.get("werkzeug.socket")
    if sock is None:
        raise RuntimeError("the sandbox needs werkzeug's server to drop connections")
    with contextlib.suppress(OSError):  # the client already closed it: dropped anyway
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.shutdown(socket.SHUT_RDWR)
    raise _DroppedConnectionError("connection dropped by a sandbox fault")


def _default_contracts() -> list[type[Contract]]:
    from .vnpt_contract import VnptContract

    found: list[type[Contract]] = [VnptContract]
    for dotted in OPTIONAL_CONTRACTS:
        module_name, class_name = dotted.split(".")
        qualified = f"{__package__}.{module_name}"
        try:
            module = importlib.import_module(qualified)
        except ImportError as exc:
            if exc.name != qualified:
                raise
            continue
        found.append(getattr(module, class_name))
    return found


class LocalStats:
    """Requests served and seconds spent in handlers, in this process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._requests, self._seconds = 0, 0.0

    def add(self, seconds: float) -> None:
        with self._lock:
            self._requests += 1
            self._seconds += seconds

    def totals(self) -> tuple[int, float]:
        with self._lock:
            return self._requests, self._seconds


class SandboxApp:
    def __init__(self, sandbox: Sandbox, faults: FaultPlan | None = None,
                 contracts: list[type[Contract]] | None = None, stats=None, *, admin_token: str):
        if not admin_token:
            raise ValueError("the sandbox's admin API needs a token")
        self.admin_token = admin_token
        self.sandbox = sandbox
        self.faults = faults if faults is not None else FaultPlan()
        classes = contracts if contracts is not None else _default_contracts()
        self.contracts = [cls(sandbox) for cls in classes]
        self.stats = stats if stats is not None else LocalStats()

    @property
    def requests(self) -> int:
        return self.stats.totals()[0]

    @property
    def handler_seconds(self) -> float:
        return self.stats.totals()[1]

    def __call__(self, environ, start_response):
        if not _buffer_body(environ):
            response = Response("request body larger than 5 MB", status=413,
                                content_type="text/plain", headers={"Connection": "close"})
            return response(environ, start_response)
        request = Request(environ)
        try:
            response = self._route(request, environ)
        except _DroppedConnectionError:
            raise
        except Exception:  # the last net: a provider never answers with an HTML page
            _logger.exception("sandbox: unexpected error on %s %s", request.method,
                              request.path)
            response = Response("sandbox internal error; see the sandbox log",
                                status=500, content_type="text/plain; charset=utf-8")
        return response(environ, start_response)

    def _route(self, request: Request, environ) -> Response:
        if request.path.startswith("/_sandbox/"):
            if not self._admin_allowed(request):
                response = _json({"ok": False, "error": "admin token required"}, 401)
                response.headers["WWW-Authenticate"] = 'Bearer realm="sandbox admin"'
                return response
            return self._admin(request)
        contract = self._contract_for(request.path)
        if contract is None:
            return Response("no provider contract at this path", status=404)
        try:
            return self._dispatch(contract, request, environ)
        except _DroppedConnectionError:
            raise
        except Exception:
            # Whatever broke inside a contract (a bug, a payload nobody foresaw) becomes
            # that contract's error answer, as a real provider answers ERR:5 or a fault.
            _logger.exception("sandbox: unexpected error in the %s contract (%s)",
                              contract.name, request.path)
            try:
                operation = contract.operation_of(request)
            except Exception:
                operation = "unknown"
            return contract.internal_error(request, operation)

    def _contract_for(self, path: str) -> Contract | None:
        lowered = path.lower()
        for contract in self.contracts:
            if any(lowered.startswith(prefix.lower()) for prefix in contract.prefixes):
                return contract
        return None

    def _timed_handle(self, contract: Contract, request: Request, operation: str) -> Response:
        started = time.perf_counter()
        try:
            return contract.handle(request, operation)
        finally:
            self.stats.add(time.perf_counter() - started)

    def _dispatch(self, contract: Contract, request: Request, environ) -> Response:
        operation = contract.operation_of(request)
        fault = self.faults.take(operation)
        if fault is None:
            return self._timed_handle(contract, request, operation)
        kind = fault.kind
        if kind == "latency":
            time.sleep(fault.seconds)
            return self._timed_handle(contract, request, operation)
        if kind == "timeout":
            time.sleep(fault.seconds)
            _drop(environ)
        if kind == "reset":
            _drop(environ)
        if kind == "lost_after_commit":
            self._timed_handle(contract, request, operation)
            _drop(environ)
        if kind in ("http500", "http503"):
            status = int(kind[4:])
            return Response(f"sandbox fault: HTTP {status}", status=status,
                            content_type="text/plain")
        if kind == "malformed":
            return Response(b"<soap:Envelope><garbled \x00\xff", status=200,
                            content_type="text/xml; charset=utf-8")
        if kind == "err":
            return contract.error_response(operation, fault.code)
        if kind in MISBEHAVIOURS:
            return contract.misbehaving(kind, request, operation)
        return contract.fault_response(operation)

    # --- admin -------------------------------------------------------------------------

    def _admin_allowed(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        return hmac.compare_digest(token.encode(), self.admin_token.encode())

    def _admin(self, request: Request) -> Response:
        path = request.path
        if path == "/_sandbox/health":
            requests, seconds = self.stats.totals()
            body = {"ok": True, "invoices": self.sandbox.count(), "requests": requests,
                    "handler_seconds": seconds, "contracts": [c.name for c in self.contracts]}
            return _json(body)
        if path == "/_sandbox/faults":
            if request.method == "DELETE":
                self.faults.clear()
                return _json({"ok": True})
            if request.method == "POST":
                try:
                    data = json.loads(request.get_data() or b"{}")
                    fault = Fault(data["kind"], float(data.get("seconds", 0)),
                                  str(data.get("code", "")), int(data.get("count", 1)))
                except (ValueError, KeyError, TypeError) as exc:
                    return _json({"ok": False, "error": str(exc)}, 400)
                self.faults.add(data.get("operation") or "*", fault)
                return _json({"ok": True})
            if request.method == "GET":
                return _json([{"operation": name, **dataclasses.asdict(fault)}
                              for name, fault in self.faults.pending()])
        if path == "/_sandbox/invoices" and request.method == "GET":
            contract = request.args.get("contract", "")
            key = request.args.get("key", "")
            submission = self.sandbox.find(contract, key)
            if submission is None:
                return _json({"found": False}, 404)
            data = dataclasses.asdict(submission)
            data.update(found=True, xml=submission.xml.decode("utf-8"),
                        issue_date=submission.issue_date.isoformat(),
                        created_at=submission.created_at.isoformat())
            return _json(data)
        return _json({"ok": False, "error": "unknown admin endpoint"}, 404)


def _buffer_body(environ) -> bool:
    """Read the body (at most :data:`MAX_BODY` bytes) into memory for the contracts;
    False when it is larger, without reading it (declared length or chunked)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    stream = environ.get("wsgi.input")
    if length > MAX_BODY:
        return False
    if length:
        data = stream.read(length)
    elif environ.get("wsgi.input_terminated") and stream is not None:
        data = stream.read(MAX_BODY + 1)  # chunked: the server ends the stream
        if len(data) > MAX_BODY:
            return False
    else:
        data = b""
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(len(data))
    return True


def _json(body, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json")
