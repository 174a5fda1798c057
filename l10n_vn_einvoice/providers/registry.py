"""Provider clients by name, imported lazily so a broken or missing client module does
not prevent the others from working."""

from __future__ import annotations

import importlib

from .base import NotSupportedError, ProviderClient

# name -> "module:Class" relative to this package.
CLIENTS = {
    "vnpt": "vnpt:VnptClient",
    # Other helpers register their clients below, one line each.
    "viettel": "viettel:ViettelClient",
    "bkav": "bkav:BkavClient",
    "easyinvoice": "easyinvoice:EasyInvoiceClient",
    "misa": "misa:MisaClient",
}


def available() -> list[str]:
    return sorted(CLIENTS)


def make_client(provider_name: str, base_url: str, **credentials) -> ProviderClient:
    """A client for ``provider_name`` at ``base_url`` (credentials and options as keywords)."""
    target = CLIENTS.get(provider_name)
    if target is None:
        raise NotSupportedError(
            f"Unknown e-invoice provider {provider_name!r} (known: {', '.join(available())}).",
            f"Nhà cung cấp hóa đơn điện tử {provider_name!r} không được hỗ trợ "
            f"(hỗ trợ: {', '.join(available())}).", code="provider.unknown")
    module_name, class_name = target.split(":")
    module = importlib.import_module(f"{__package__}.{module_name}")
    return getattr(module, class_name)(base_url, **credentials)
