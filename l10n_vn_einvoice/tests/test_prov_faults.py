"""Each sandbox fault reaches the VNPT client over HTTP as the right typed error."""

from __future__ import annotations

import json
import time
import uuid

import pytest
import requests

from ..providers.base import STATE_ACCEPTED, AuthenticationError, RejectedError, TransientError
from ..providers.registry import make_client
from ..providers.sandbox.faults import Fault, FaultPlan, parse_fault_spec
from . import std_fixtures as fx
from .sandbox_server import (  # noqa: F401
    SANDBOX_CREDENTIALS,
    sandbox_fixture,
    sandbox_server_fixture,
)

OP = "ImportAndPublishInv"


def _client(url, timeout=5):
    return make_client("vnpt", url, **SANDBOX_CREDENTIALS, timeout=timeout)


@pytest.mark.parametrize(("fault", "code"), [
    (Fault("http500"), "http500"),
    (Fault("http503"), "http503"),
    (Fault("soap_fault"), "soap:Server"),
    (Fault("malformed"), "unreadable"),
    (Fault("reset"), "connection"),
    (Fault("err", code="5"), "ERR:5"),
])
def test_transient_faults(sandbox, fault, code):
    sandbox.faults.add(OP, fault)
    with pytest.raises(TransientError) as info:
        _client(sandbox.url).issue(uuid.uuid4().hex, fx.vat_invoice())
    assert info.value.code == code
    assert info.value.operation == OP
    assert info.value.message and info.value.message_vi != info.value.message


def test_timeout_is_transient_and_bounded(sandbox):
    sandbox.faults.add(OP, Fault("timeout", seconds=1.0))
    started = time.monotonic()
    with pytest.raises(TransientError) as info:
        _client(sandbox.url, timeout=0.3).issue(uuid.uuid4().hex, fx.vat_invoice())
    assert info.value.code == "timeout"
    assert time.monotonic() - started < 0.9


def test_latency_still_answers(sandbox):
    sandbox.faults.add(OP, Fault("latency", seconds=0.3))
    started = time.monotonic()
    result = _client(sandbox.url).issue(uuid.uuid4().hex, fx.vat_invoice())
    assert result.state == STATE_ACCEPTED
    assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize(("code", "error"), [("7", AuthenticationError), ("20", RejectedError),
                                             ("3", RejectedError)])
def test_provider_error_codes(sandbox, code, error):
    sandbox.faults.add(OP, Fault("err", code=code))
    with pytest.raises(error) as info:
        _client(sandbox.url).issue(uuid.uuid4().hex, fx.vat_invoice())
    assert info.value.code == f"ERR:{code}"
    assert not isinstance(info.value, TransientError)


def test_lost_after_commit_then_retry_gives_one_invoice(sandbox):
    client = _client(sandbox.url)
    key = uuid.uuid4().hex
    before = sandbox.sandbox.count("vnpt")
    sandbox.faults.add(OP, Fault("lost_after_commit"))
    with pytest.raises(TransientError) as info:
        client.issue(key, fx.vat_invoice())
    assert info.value.code == "connection"
    assert sandbox.sandbox.count("vnpt") == before + 1  # stored although the answer was lost
    stored = sandbox.sandbox.find("vnpt", key)
    looked = client.lookup(key)  # what the caller does first on retry
    assert looked.state == STATE_ACCEPTED
    again = client.issue(key, fx.vat_invoice())  # even a blind retry creates nothing
    assert sandbox.sandbox.count("vnpt") == before + 1
    assert again.tax_authority_code == looked.tax_authority_code == stored.tax_authority_code


def test_fault_count_and_wildcard(sandbox):
    sandbox.faults.add("*", Fault("http503", count=2))
    client = _client(sandbox.url)
    for _ in range(2):
        with pytest.raises(TransientError):
            client.lookup("x")
    assert client.lookup("x").state == "unknown"


def test_admin_fault_endpoint(sandbox):
    admin = sandbox.admin_headers
    response = requests.post(f"{sandbox.url}/_sandbox/faults", timeout=5, headers=admin,
                             data=json.dumps({"operation": "GetMCCQThueByFkeys", "kind": "err",
                                              "code": "1", "count": 1}))
    assert response.json() == {"ok": True}
    with pytest.raises(AuthenticationError):
        _client(sandbox.url).lookup("x")
    requests.post(f"{sandbox.url}/_sandbox/faults", timeout=5, headers=admin,
                  data=json.dumps({"kind": "http500", "count": -1}))
    assert requests.delete(f"{sandbox.url}/_sandbox/faults", timeout=5,
                           headers=admin).json()["ok"]
    assert _client(sandbox.url).lookup("x").state == "unknown"
    bad = requests.post(f"{sandbox.url}/_sandbox/faults", timeout=5, headers=admin,
                        data=json.dumps({"kind": "nonsense"}))
    assert bad.status_code == 400


def test_fault_plan_is_consumed_in_order():
    plan = FaultPlan()
    plan.add("A", Fault("http500", count=1))
    plan.add("*", Fault("reset", count=-1))
    assert plan.take("A").kind == "http500"
    assert plan.take("A").kind == "reset"
    assert plan.take("B").kind == "reset"
    plan.clear()
    assert plan.take("A") is None


@pytest.mark.parametrize(("spec", "operation", "fault"), [
    ("ImportAndPublishInv:timeout:2.5", "ImportAndPublishInv", Fault("timeout", 2.5)),
    ("*:err:ERR:13:3", "*", Fault("err", code="13", count=3)),
    ("cancelInv:err:8", "cancelInv", Fault("err", code="8")),
    ("X:http503:forever", "X", Fault("http503", count=-1)),
    ("X:latency:0.1:-1", "X", Fault("latency", 0.1, count=-1)),
])
def test_parse_fault_spec(spec, operation, fault):
    assert parse_fault_spec(spec) == (operation, fault)


@pytest.mark.parametrize("spec", ["nothing", "X:explode", "X:http500:0"])
def test_parse_fault_spec_refuses(spec):
    with pytest.raises(ValueError):
        parse_fault_spec(spec)
