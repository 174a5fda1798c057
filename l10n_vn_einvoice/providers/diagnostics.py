"""Export of the last exchanges with a provider, secrets masked, for support tickets.

Exchanges are plain dicts (the clients' ``exchanges`` log, or rows of the Odoo exchange
log): any text value is scanned for every form a credential takes on the wire —
password-like SOAP elements, JSON fields, form and query fields (``?token=``), HTTP
authorisation headers and ``Basic``/``Bearer`` values wherever they appear, the userinfo
of URLs (``https://user:password@host``) — and every literal secret given by the caller
(provider passwords, the PKCS#12 password…) is replaced as well, also in the shapes it
takes once encoded: percent-encoded, ``+``-encoded, XML/HTML- and JSON-escaped, base64,
and inside a ``user:password`` Basic string.
"""

from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

MASK = "***"
SECRET_NAMES = ("password", "pass", "passwd", "pwd", "ACpass", "accPass", "userPass",
                "passwordService", "access_token", "refresh_token", "id_token", "token",
                "PartnerToken", "Authorization", "Cookie", "secret", "client_secret",
                "api_key", "apikey", "api-key", "key", "signature", "sig", "pkcs12_password",
                "Authentication", "AppID", "app_id")

_names = "|".join(re.escape(n) for n in sorted(SECRET_NAMES, key=len, reverse=True))
_XML = re.compile(rf"(<(?:[\w.-]+:)?(?:{_names})(?:\s[^>]*)?>)([^<]*)(</)", re.I)
_JSON = re.compile(rf'("(?:{_names})"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}}\s]+)', re.I)
_FORM = re.compile(rf"(?<![\w-])((?:{_names})=)([^&\s\"'<]*)", re.I)
_HEADER = re.compile(r"^((?:Authori[sz]ation|Authentication|Proxy-Authorization|Cookie|Set-Cookie"
                     r"|AppID)\s*:\s*)(.*)$", re.I | re.M)
_SCHEME = re.compile(r"\b((?:Basic|Bearer|Digest|Token|Negotiate)\s+)([A-Za-z0-9+/=._~-]{4,})",
                     re.I)
_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)([^/\s?#@]*)@", re.I)


def _userinfo(match):
    user, colon, _password = match.group(2).partition(":")
    return f"{match.group(1)}{user}:{MASK}@" if colon else f"{match.group(1)}{MASK}@"


def _encoded_forms(secrets: tuple[str, ...]) -> list[str]:
    """Each secret as it may appear once encoded, longest first."""
    forms = set()
    for secret in secrets:
        forms.update({secret, quote(secret, safe=""), quote_plus(secret),
                      html.escape(secret), html.escape(secret, quote=False),
                      json.dumps(secret)[1:-1],
                      base64.b64encode(secret.encode()).decode()})
        for other in secrets:
            pair = f"{other}:{secret}".encode()
            forms.add(base64.b64encode(pair).decode())
    return sorted((form for form in forms if len(form) >= 3), key=len, reverse=True)


def mask_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    text = _XML.sub(lambda m: m.group(1) + (MASK if m.group(2) else "") + m.group(3), text)
    text = _JSON.sub(lambda m: m.group(1) + f'"{MASK}"', text)
    text = _FORM.sub(lambda m: m.group(1) + MASK, text)
    text = _HEADER.sub(lambda m: m.group(1) + MASK, text)
    text = _SCHEME.sub(lambda m: m.group(1) + MASK, text)
    text = _USERINFO.sub(_userinfo, text)
    for form in _encoded_forms(tuple(s for s in secrets if s)):
        text = text.replace(form, MASK)
    return text


def _mask_value(key, value, secrets):
    if isinstance(key, str) and key.lower() in {n.lower() for n in SECRET_NAMES}:
        return MASK if value else value
    if isinstance(value, str):
        return mask_text(value, secrets)
    if isinstance(value, bytes):
        return mask_text(value.decode("utf-8", "replace"), secrets)
    if isinstance(value, dict):
        return {k: _mask_value(k, v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask_value(None, v, secrets) for v in value]
    return value


def export_exchanges(exchanges, last: int = 20, secrets: tuple[str, ...] = ()) -> list[dict]:
    """The ``last`` exchanges (oldest first) with every secret masked."""
    chosen = list(exchanges)[-last:] if last > 0 else []
    return [_mask_value(None, dict(exchange), tuple(secrets)) for exchange in chosen]


def export_exchanges_json(exchanges, last: int = 20, secrets: tuple[str, ...] = ()) -> str:
    return json.dumps(export_exchanges(exchanges, last, secrets), ensure_ascii=False, indent=2,
                      default=str)
