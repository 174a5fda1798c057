"""The 01/TH-HĐĐT operation: refused by default, sandbox-only for VNPT, idempotent by key."""

import uuid

import pytest

from ..providers.base import NotSupportedError, RejectedError
from ..providers.registry import make_client
from ..standard import summary_table, xml_build
from . import std_fixtures
from .sandbox_server import (  # noqa: F401
    SANDBOX_CREDENTIALS,
    sandbox_fixture,
    sandbox_server_fixture,
)


def _xml() -> bytes:
    return xml_build.element_to_bytes(
        summary_table.build_summary_table(std_fixtures.monthly_summary_table()))


def _client(url, **options):
    return make_client("vnpt", url, **SANDBOX_CREDENTIALS, timeout=5, **options)


def test_not_offered_against_a_real_vnpt(sandbox):
    with pytest.raises(NotSupportedError):
        _client(sandbox.url).send_summary_table(uuid.uuid4().hex, _xml())


def test_sandbox_accepts_once_per_key(sandbox):
    client = _client(sandbox.url, sandbox_summary_table=True)
    key = uuid.uuid4().hex
    first = client.send_summary_table(key, _xml())
    assert first.state == "accepted" and first.message.startswith("SBX")
    assert client.send_summary_table(key, _xml()).message == first.message
    assert client.send_summary_table(uuid.uuid4().hex, _xml()).message != first.message


def test_sandbox_rejects_an_invalid_table(sandbox):
    client = _client(sandbox.url, sandbox_summary_table=True)
    bad = _xml().replace(b"<LKDLieu>T</LKDLieu>", b"<LKDLieu>X</LKDLieu>")
    assert bad != _xml()
    with pytest.raises(RejectedError):
        client.send_summary_table(uuid.uuid4().hex, bad)
