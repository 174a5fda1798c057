"""pytest fixtures running a real sandbox provider on 127.0.0.1 (free port, temp data dir).

Import the fixtures into a test module (``from .sandbox_server import sandbox_fixture,
sandbox_server_fixture``; the fixtures are *named* ``sandbox``, ``sandbox_server`` and
``fresh_sandbox`` so test parameters do not shadow the imports) or use
:func:`running_sandbox` directly.  Provider tests talk to it over HTTP: nothing is
patched.  ``sandbox_server`` is shared by a module (faults are cleared before each use
through :func:`sandbox`), ``fresh_sandbox`` gives a test its own server and data dir.
"""

from __future__ import annotations

import contextlib
import tempfile

import pytest

from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.server import RunningSandbox, start_in_thread

# What a VNPT client sends to a sandbox started without an account of its own.
SANDBOX_CREDENTIALS = {"username": DEFAULT_ACCOUNT, "password": DEFAULT_PASSWORD,
                       "account": DEFAULT_ACCOUNT, "account_password": DEFAULT_PASSWORD}


@contextlib.contextmanager
def running_sandbox(data_dir: str | None = None, **kw):
    """A sandbox server for the ``with`` block; its temp data dir is removed afterwards."""
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="vn-sbx-"))
        running = start_in_thread("127.0.0.1", 0, data_dir, **kw)
        stack.callback(running.stop)
        yield running


@pytest.fixture(scope="module", name="sandbox_server")
def sandbox_server_fixture() -> RunningSandbox:
    with running_sandbox() as running:
        yield running


@pytest.fixture(name="sandbox")
def sandbox_fixture(sandbox_server) -> RunningSandbox:
    """The module's server with no fault left over from another test."""
    sandbox_server.faults.clear()
    yield sandbox_server
    sandbox_server.faults.clear()


@pytest.fixture(name="fresh_sandbox")
def fresh_sandbox_fixture() -> RunningSandbox:
    with running_sandbox() as running:
        yield running
