"""Export of the last exchanges with a provider, secrets masked, for support tickets.

Exchanges are plain dicts (the clients' ``exchanges`` log, or rows of the Odoo exchange
log): any text value is scanned for password-like SOAP elements, JSON fields, form fields
and HTTP headers, and every literal secret given by the caller is replaced as well.
"""

from __future__ import annotations

import json
import re

MASK = "***"
SECRET_NAMES = ("password", "pass", "ACpass", "accPass", "userPass", "passwordService",
                "access_token", "refresh_token", "token", "PartnerToken", "Authorization",
                "Cookie", "secret", "api_key")

_names = "|".join(re.escape(n) for n in sorted(SECRET_NAMES, key=len, reverse=True))
_XML = re.compile(rf"(<(?:[\w.-]+:)?(?:{_names})(?:\s[^>]*)?>)([^<]*)(</)", re.I)
_JSON = re.compile(rf'("(?:{_names})"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}}\s]+)', re.I)
_FORM = re.compile(rf"(?<![\w-])((?:{_names})=)([^&\s]*)", re.I)
_HEADER = re.compile(r"^((?:Authorization|Cookie|Set-Cookie)\s*:\s*)(.*)$", re.I | re.M)


def mask_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    text = _XML.sub(lambda m: m.group(1) + (MASK if m.group(2) else "") + m.group(3), text)
    text = _JSON.sub(lambda m: m.group(1) + f'"{MASK}"', text)
    text = _FORM.sub(lambda m: m.group(1) + MASK, text)
    text = _HEADER.sub(lambda m: m.group(1) + MASK, text)
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
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
