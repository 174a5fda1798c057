"""JSON that keeps money exact: Decimals in, Decimals out, never a binary float.

Shared by the REST/JSON contracts (Viettel) and BKAV's encrypted command objects.
"""

import json
import re
from decimal import Decimal

_MARK = "\u0000decimal:"
_MARKED = re.compile(r'"\\u0000decimal:(-?\d+(?:\.\d+)?(?:E[+-]?\d+)?)"')


def _mark(value):
    if isinstance(value, Decimal):
        return _MARK + format(value, "f")
    if isinstance(value, dict):
        return {key: _mark(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mark(item) for item in value]
    return value


def payload_to_json(payload: dict) -> bytes:
    """UTF-8 JSON with every Decimal written as the exact number it holds."""
    text = json.dumps(_mark(payload), ensure_ascii=False, separators=(",", ":"))
    return _MARKED.sub(r"\1", text).encode("utf-8")


def json_to_payload(data: bytes | str) -> dict:
    """Parse JSON keeping every non-integer number as a Decimal."""
    return json.loads(data, parse_float=Decimal)
