"""The project's VNPT WSDLs agree with VNPT's published ones, and a client built from the
published WSDLs works against the sandbox unchanged (only the endpoint is overridden)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import zeep

from ..providers import vnpt
from ..providers.base import STATE_ACCEPTED
from ..providers.registry import make_client
from . import std_fixtures as fx
from .reference_files import reference_dir
from .sandbox_server import (  # noqa: F401
    SANDBOX_CREDENTIALS,
    sandbox_fixture,
    sandbox_server_fixture,
)

ASSUMED = {"ImportAndPublishInvMTT", "SendInvMTTFkey",  # in no published WSDL
           "SendSummaryTable"}  # sandbox-only (01/TH-HĐĐT)
NS = "{http://tempuri.org/}"


def _operations(path: Path) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """binding local name -> operation -> [(parameter, xsd type)], loaded offline."""
    document = vnpt._document(path)
    found = {}
    for binding_name, binding in document.bindings.items():
        ops = {}
        for name, operation in binding._operations.items():
            element = operation.input.body
            params = [(child_name, child.type.qname.localname)
                      for child_name, child in element.type.elements]
            output = [(n, c.type.qname.localname)
                      for n, c in operation.output.body.type.elements]
            ops[name] = {"in": params, "out": output}
        found[binding_name.replace(NS, "")] = ops
    return found


@pytest.mark.parametrize("service", vnpt.SERVICES)
def test_project_wsdl_has_both_bindings_with_same_operations(service):
    ops = _operations(vnpt.WSDL_DIR / f"vnpt_{service}.wsdl")
    assert set(ops) == {f"{service}Soap", f"{service}Soap12"}
    assert ops[f"{service}Soap"] == ops[f"{service}Soap12"]


@pytest.mark.parametrize("service", vnpt.SERVICES)
def test_project_wsdl_declares_exactly_the_operations_the_client_calls(service):
    declared = _operations(vnpt.WSDL_DIR / f"vnpt_{service}.wsdl")[f"{service}Soap"]
    assert set(declared) == set(vnpt.OPERATIONS[service])
    for signature in declared.values():
        assert signature["out"] == [(signature["out"][0][0], "string")]


def _reference(service: str) -> Path:
    return reference_dir() / "wsdl" / f"vnpt_{service}.wsdl"


@pytest.mark.parametrize("service", vnpt.SERVICES)
def test_project_wsdl_matches_reference(service):
    reference = _operations(_reference(service))
    ours = _operations(vnpt.WSDL_DIR / f"vnpt_{service}.wsdl")
    for binding in (f"{service}Soap", f"{service}Soap12"):
        for name, signature in ours[binding].items():
            if name in ASSUMED:
                assert name not in reference[binding]
                continue
            assert name in reference[binding], f"{name} missing from VNPT's {service}"
            assert signature == reference[binding][name], name


def test_transport_refuses_network_loads():
    with pytest.raises(ValueError, match="refusing"):
        vnpt.LocalOnlyTransport().load("http://example.com/PublishService.asmx?wsdl")


def test_client_from_reference_wsdls_talks_to_sandbox(sandbox):
    reference_dir = _reference("PublishService").parent
    client = make_client("vnpt", sandbox.url, **SANDBOX_CREDENTIALS, timeout=5,
                         wsdl_dir=str(reference_dir))
    key = uuid.uuid4().hex
    result = client.issue(key, fx.vat_invoice())
    assert result.state == STATE_ACCEPTED and len(result.tax_authority_code) == 34
    assert client.download_pdf(key).startswith(b"%PDF")
    assert client.cancel(key, "test").state == "cancelled"
    soap12 = make_client("vnpt", sandbox.url, **SANDBOX_CREDENTIALS, timeout=5,
                         wsdl_dir=str(reference_dir), soap12=True)
    assert soap12.lookup(key).state == "cancelled"


def test_zeep_binding_address_is_overridden(sandbox):
    client = make_client("vnpt", sandbox.url, **SANDBOX_CREDENTIALS, timeout=5)
    client.list_symbols()
    assert client.exchanges[-1]["url"] == f"{sandbox.url}/PortalService.asmx"
    assert isinstance(client._service("PortalService"), zeep.proxy.ServiceProxy)
