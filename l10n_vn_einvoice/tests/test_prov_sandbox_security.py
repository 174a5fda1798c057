"""The sandbox provider as an attacker on loopback sees it (issue 11 §6): credentials on
every operation, an admin API behind the token printed at start-up, request bodies
capped, test keys readable by their owner only."""

import socket
import stat
import uuid

import pytest
import requests

from ..providers.base import AuthenticationError
from ..providers.registry import make_client
from ..providers.sandbox.app import MAX_BODY
from ..providers.viettel import ViettelClient
from . import std_fixtures as fx
from .sandbox_server import (  # noqa: F401
    SANDBOX_CREDENTIALS,
    running_sandbox,
    sandbox_fixture,
    sandbox_server_fixture,
)

WRONG = {"username": "anyone", "password": "anything", "account": "anyone",
         "account_password": "anything"}


def test_wrong_credentials_are_refused_for_every_operation(sandbox):
    good = make_client("vnpt", sandbox.url, **SANDBOX_CREDENTIALS, timeout=5)
    key = uuid.uuid4().hex
    good.issue(key, fx.vat_invoice())
    every = (lambda c: c.lookup(key), lambda c: c.download_pdf(key),
             lambda c: c.issue(uuid.uuid4().hex, fx.vat_invoice()), lambda c: c.list_symbols())
    # a wrong account password fails the operations that carry the account (VNPT's
    # Account/ACpass or account/accPass); the portal's downloads carry the user only
    for credentials, operations in ((WRONG, every),
                                    ({**SANDBOX_CREDENTIALS, "password": "x"}, every),
                                    ({**SANDBOX_CREDENTIALS, "account_password": "x"},
                                     every[::2])):
        client = make_client("vnpt", sandbox.url, **credentials, timeout=5)
        for operation in operations:
            with pytest.raises(AuthenticationError):
                operation(client)
    assert good.lookup(key).state == "accepted"


def test_viettel_login_needs_the_account(sandbox):
    with pytest.raises(AuthenticationError):
        ViettelClient(sandbox.url, username="anyone", password="anything",
                      seller_tax_code="0100109106", timeout=5).lookup(uuid.uuid4().hex)


def test_admin_api_needs_the_token(sandbox):
    for method, path in (("GET", "health"), ("GET", "faults"), ("DELETE", "faults"),
                         ("POST", "faults"), ("GET", "invoices?contract=vnpt&key=x")):
        for headers in ({}, {"Authorization": "Bearer wrong"},
                        {"Authorization": f"Basic {sandbox.admin_token}"}):
            response = requests.request(method, f"{sandbox.url}/_sandbox/{path}", timeout=5,
                                        headers=headers, data=b'{"kind": "http500"}')
            assert response.status_code == 401, (method, path, headers)
    assert sandbox.faults.pending() == []
    assert requests.get(f"{sandbox.url}/_sandbox/health", headers=sandbox.admin_headers,
                        timeout=5).json()["ok"]


def _raw_request(url, head, body=b""):
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + body)
        return sock.recv(4096)


def test_request_bodies_are_capped(sandbox):
    # a declared 50 MB body is refused before a byte of it is read
    head = (b"POST /PublishService.asmx HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
            b"Content-Length: 52428800\r\n\r\n")
    assert _raw_request(sandbox.url, head, b"<x/>").startswith(b"HTTP/1.1 413")
    # a chunked body larger than the cap is refused too
    chunk = b"a" * (MAX_BODY // 4)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _index in range(5)) + b"0\r\n\r\n"
    head = (b"POST /PublishService.asmx HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    assert _raw_request(sandbox.url, head, chunked).startswith(b"HTTP/1.1 413")
    # and the server goes on serving
    client = make_client("vnpt", sandbox.url, **SANDBOX_CREDENTIALS, timeout=5)
    assert client.lookup(uuid.uuid4().hex).state == "unknown"


def test_test_keys_are_private(tmp_path):
    with running_sandbox(str(tmp_path)) as running:
        make_client("vnpt", running.url, **SANDBOX_CREDENTIALS, timeout=5).issue(
            uuid.uuid4().hex, fx.vat_invoice())
        key_files = [*tmp_path.glob("*.p12"), *tmp_path.glob("*.secret")]
        assert len(key_files) >= 2
        for path in key_files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
