"""Which client a request of the public lookup page comes from, for its rate limit.

Without ``proxy_mode`` the client is the peer of the TCP connection, and
``X-Forwarded-For`` is ignored: anyone can write that header.  With ``proxy_mode`` (Odoo
behind a reverse proxy) the peer is the proxy, so every buyer would share one address and
one buyer could lock everybody out; the address is then read from ``X-Forwarded-For`` —
but only when the peer is one of the *trusted proxies* (system parameter
``l10n_vn_einvoice.lookup_trusted_proxies``, comma-separated addresses or networks,
default the loopback addresses of a proxy on the same machine), walking the header from
the right and stopping at the first address that is not a trusted proxy: that is the
address the last trusted proxy saw, whatever a client wrote to the left of it.  Odoo's
own ``ProxyFix`` trusts one hop and only when ``X-Forwarded-Host`` is sent; its original
peer address is kept by werkzeug and used here.

IPv6 clients are counted per /64, the smallest network a subscriber usually gets, so
that cycling through one's own addresses does not give fresh tries.
"""

import ipaddress

TRUSTED_PROXIES = "l10n_vn_einvoice.lookup_trusted_proxies"
DEFAULT_TRUSTED_PROXIES = "127.0.0.1/8,::1/128"


def _address(text):
    try:
        address = ipaddress.ip_address((text or "").strip().split("%")[0])
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def parse_networks(text):
    networks = []
    for item in (text or "").split(","):
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _trusted(address, networks):
    return any(address.version == net.version and address in net for net in networks)


def client_key(environ, proxy_mode, trusted_text=DEFAULT_TRUSTED_PROXIES):
    """The client's address (IPv4) or /64 network (IPv6) as text, for counting."""
    original = environ.get("werkzeug.proxy_fix.orig") or {}
    address = _address(original.get("REMOTE_ADDR") or environ.get("REMOTE_ADDR"))
    if address is None:
        return "unknown"
    trusted = parse_networks(trusted_text)
    if proxy_mode and _trusted(address, trusted):
        hops = (environ.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        for hop in reversed(hops):
            hop_address = _address(hop)
            if hop_address is None:
                break
            address = hop_address
            if not _trusted(hop_address, trusted):
                break
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
