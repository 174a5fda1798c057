"""Provider registry (lazy, by name) and the masked export of exchanges."""

from __future__ import annotations

import json

import pytest

from ..providers import diagnostics, registry
from ..providers.base import NotSupportedError, ProviderClient
from ..providers.sandbox.core import DEFAULT_ACCOUNT, DEFAULT_PASSWORD
from ..providers.sandbox.misa_contract import APP_ID
from ..providers.vnpt import VnptClient
from .sandbox_server import SANDBOX_CREDENTIALS, running_sandbox


def test_make_vnpt_client():
    client = registry.make_client("vnpt", "https://x-tt78.vnpt-invoice.com.vn/", username="u",
                                  password="p", timeout=7)
    assert isinstance(client, VnptClient) and isinstance(client, ProviderClient)
    assert client.base_url == "https://x-tt78.vnpt-invoice.com.vn"
    assert client.timeout == 7 and client.name == "vnpt"


def test_unknown_provider():
    with pytest.raises(NotSupportedError) as info:
        registry.make_client("nope", "http://127.0.0.1")
    assert "vnpt" in info.value.message and info.value.message_vi


def test_a_missing_module_breaks_only_its_own_name(monkeypatch):
    monkeypatch.setitem(registry.CLIENTS, "ghost", "ghost_module_absent:GhostClient")
    with pytest.raises(ImportError):
        registry.make_client("ghost", "http://127.0.0.1")
    assert isinstance(registry.make_client("vnpt", "http://127.0.0.1"), VnptClient)
    assert {"vnpt", "ghost"} <= set(registry.available())


def test_registered_names_are_importable():
    for name in registry.available():
        assert isinstance(registry.make_client(name, "http://127.0.0.1"), ProviderClient)


def test_which_clients_list_the_registered_symbols_with_their_templates():
    """VNPT, Viettel and MISA have a call listing the seller's symbols (with the template
    each is issued under); BKAV and EasyInvoice have none and say so, so the settings'
    fetch button names the gap instead of offering the configured symbols as fetched."""
    listing = {name for name in registry.available()
               if registry.make_client(name, "http://127.0.0.1").lists_symbols}
    assert listing == {"vnpt", "viettel", "misa"}
    with running_sandbox() as sandbox:
        for name, options in (("vnpt", SANDBOX_CREDENTIALS),
                              ("viettel", {"username": DEFAULT_ACCOUNT,
                                           "password": DEFAULT_PASSWORD,
                                           "seller_tax_code": "0100109106"}),
                              ("misa", {"username": DEFAULT_ACCOUNT,
                                        "password": DEFAULT_PASSWORD, "account": APP_ID,
                                        "seller_tax_code": "0100109106"})):
            symbols = registry.make_client(name, sandbox.url, timeout=5,
                                           **options).list_symbols()
            coded = [s for s in symbols if s.kind == "coded" and s.form == "1"]
            assert coded and all(s.template for s in coded), (name, symbols)


def test_export_masks_secrets_of_real_exchanges():
    with running_sandbox(account="svc-user", password="S3cret-Pass") as sandbox:
        client = registry.make_client("vnpt", sandbox.url, username="svc-user",
                                      password="S3cret-Pass", account="svc-user",
                                      account_password="S3cret-Pass", timeout=5)
        client.lookup("some-key")
        client.list_symbols()
    raw = json.dumps(list(client.exchanges))
    assert "S3cret-Pass" in raw  # the log itself is complete
    exported = diagnostics.export_exchanges(client.exchanges, last=1)
    assert len(exported) == 1 and exported[0]["operation"] == "listPatternByCom"
    text = diagnostics.export_exchanges_json(client.exchanges, last=10)
    assert "S3cret-Pass" not in text
    assert "svc-user" in text and "GetMCCQThueByFkeys" in text


@pytest.mark.parametrize(("text", "secret"), [
    ("<ns0:ACpass>abc</ns0:ACpass>", "abc"),
    ('<password xsi:type="s">abc</password>', "abc"),
    ('{"username": "u", "password": "abc"}', "abc"),
    ('{"access_token":"abc.def"}', "abc.def"),
    ("username=u&password=abc&x=1", "abc"),
    ("Authorization: Bearer abc\nHost: x", "abc"),
    ("Cookie: access_token=abc", "abc"),
])
def test_mask_text(text, secret):
    masked = diagnostics.mask_text(text)
    assert secret not in masked and diagnostics.MASK in masked


def test_literal_secrets_and_dict_keys_are_masked():
    exchanges = [{"operation": f"op{i}", "headers": {"Authorization": "Bearer t"},
                  "request": f"partner token KEY{i}", "response": b"ok"} for i in range(5)]
    exported = diagnostics.export_exchanges(exchanges, last=2, secrets=("KEY4", "KEY3"))
    assert [e["operation"] for e in exported] == ["op3", "op4"]
    assert exported[1]["headers"]["Authorization"] == diagnostics.MASK
    assert exported[1]["request"] == f"partner token {diagnostics.MASK}"
    assert exported[1]["response"] == "ok"
    assert diagnostics.export_exchanges(exchanges, last=0) == []
