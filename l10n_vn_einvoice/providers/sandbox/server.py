"""Running the sandbox: a threaded werkzeug server, bound to loopback only.

The sandbox holds test keys and answers with a public default account: it must never be
reachable from another machine, so non-loopback hosts are refused outright.  Its admin
API wants the token chosen here (given, from ``L10N_VN_SANDBOX_TOKEN``, or random) and
printed at start-up; tests read it from the :class:`RunningSandbox`.

``serve(..., workers=N)`` forks N server processes on one listening socket and one data
directory, as a provider runs several servers: the store's lock is a SQLite transaction,
so numbers, codes and keys stay unique between them, and the health counters are shared.
Viettel logins and BKAV drafts live in the memory of the process that made them, and a
fault plan counts per process, so several workers are for load on the VNPT contract.
"""

from __future__ import annotations

import ipaddress
import logging
import multiprocessing
import os
import secrets
import signal
import socket
import tempfile
import threading
from dataclasses import dataclass, field

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import SandboxApp
from .core import Sandbox
from .faults import FaultPlan

TOKEN_ENV = "L10N_VN_SANDBOX_TOKEN"


def admin_token(given: str | None = None) -> str:
    """The admin token: the one given, else ``$L10N_VN_SANDBOX_TOKEN``, else a random one."""
    return given or os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(24)


def check_loopback(host: str) -> str:
    """Return ``host`` if every address it resolves to is loopback; else raise ValueError."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise ValueError(f"cannot resolve sandbox host {host!r}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_loopback:
            raise ValueError(f"the sandbox only listens on loopback, not on {host!r} "
                             f"({address}); use 127.0.0.1")
    return host


class _QuietHandler(WSGIRequestHandler):
    """HTTP/1.1 keep-alive, no access log on stderr (tests and benchmarks stay readable)."""

    protocol_version = "HTTP/1.1"

    def log_request(self, *args, **kwargs):
        return None


@dataclass
class RunningSandbox:
    url: str
    port: int
    sandbox: Sandbox
    faults: FaultPlan
    app: SandboxApp
    admin_token: str = field(repr=False, default="")
    _server: object = field(repr=False, default=None)
    _thread: threading.Thread | None = field(repr=False, default=None)
    _tempdir: tempfile.TemporaryDirectory | None = field(repr=False, default=None)

    @property
    def admin_headers(self) -> dict[str, str]:
        """Headers of a request to the admin API (``/_sandbox/*``)."""
        return {"Authorization": f"Bearer {self.admin_token}"}

    @property
    def credentials(self) -> dict[str, str]:
        """The account a client must send (a VNPT client's four fields)."""
        account = self.sandbox.account
        password = self.sandbox.password
        return {"username": account, "password": password, "account": account,
                "account_password": password}

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.sandbox.store.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class SharedStats:
    """The health counters of all worker processes (made before they are forked)."""

    def __init__(self):
        self._requests = multiprocessing.Value("q", 0)
        self._seconds = multiprocessing.Value("d", 0.0, lock=False)

    def add(self, seconds: float) -> None:
        with self._requests.get_lock():
            self._requests.value += 1
            self._seconds.value += seconds

    def totals(self) -> tuple[int, float]:
        with self._requests.get_lock():
            return self._requests.value, self._seconds.value


def _build(host, port, data_dir, account, password, faults, token, stats=None, fd=None):
    check_loopback(host)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    sandbox = Sandbox(data_dir, account=account, password=password)
    plan = faults if faults is not None else FaultPlan()
    app = SandboxApp(sandbox, plan, stats=stats, admin_token=token)
    server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler, fd=fd)
    server.daemon_threads = True
    return sandbox, plan, app, server


def serve(host, port, data_dir, *, account="", password="", faults=None, token="",
          workers: int = 1) -> None:
    """Serve until interrupted (blocking), with ``workers`` server processes."""
    token = admin_token(token)
    if workers > 1:
        _serve_workers(host, port, data_dir, account, password, faults, token, workers)
        return
    sandbox, _, _, server = _build(host, port, data_dir, account, password, faults, token)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        sandbox.store.close()


def _serve_workers(host, port, data_dir, account, password, faults, token, workers) -> None:
    check_loopback(host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=128)
    Sandbox(data_dir).tax_authority_key()  # made once, before the workers read it
    stats = SharedStats()
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker: serve on the shared socket until terminated
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                _build(host, port, data_dir, account, password, faults, token, stats,
                       listener.fileno())[3].serve_forever()
            finally:
                os._exit(0)
        children.append(pid)

    def stop(_signum, _frame):
        for child in children:
            os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        os.waitpid(child, 0)
    listener.close()


def start_in_thread(host="127.0.0.1", port=0, data_dir=None, **kw) -> RunningSandbox:
    """Start a sandbox in a daemon thread; ``data_dir=None`` uses a temporary directory."""
    tempdir = None
    if data_dir is None:
        tempdir = tempfile.TemporaryDirectory(prefix="vn-einvoice-sandbox-")
        data_dir = tempdir.name
    token = admin_token(kw.get("admin_token"))
    sandbox, plan, app, server = _build(host, port, data_dir, kw.get("account", ""),
                                        kw.get("password", ""), kw.get("faults"), token)
    thread = threading.Thread(target=server.serve_forever, name="vn-einvoice-sandbox",
                              daemon=True)
    thread.start()
    port = server.server_port
    netloc = f"[{host}]" if ":" in host else host
    return RunningSandbox(url=f"http://{netloc}:{port}", port=port, sandbox=sandbox, faults=plan,
                          app=app, admin_token=token, _server=server, _thread=thread,
                          _tempdir=tempdir)
