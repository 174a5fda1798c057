"""The support export masks every form a credential takes (issue 11 §6): authorisation
schemes anywhere in a text, the user info of URLs, query tokens, and literal secrets
once percent-, ``+``-, HTML-, JSON- or base64-encoded."""

import base64
import html
import json
from urllib.parse import quote, quote_plus

import pytest

from ..providers import diagnostics

SECRET = "p@ss w/rd&1"


@pytest.mark.parametrize(("text", "secret"), [
    ("proxy answered: basic dXNlcjpwQHNzd29yZA==", "dXNlcjpwQHNzd29yZA=="),
    ("Proxy-Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
    ("retrying with Bearer eyJhbGciOi.J9.sig", "eyJhbGciOi.J9.sig"),
    ("POST https://shop:S3cr3t@api.example.vn/ws", "S3cr3t"),
    ("POST https://0a1b2c3d4e@api.example.vn/ws", "0a1b2c3d4e"),
    ("GET https://api.example.vn/ws?token=abc123&x=1", "abc123"),
    ("GET /ws?x=1&access_token=abc.def", "abc.def"),
    ("GET /ws?api_key=K3Y-V4LUE", "K3Y-V4LUE"),
    ("GET /ws?signature=5ig", "5ig"),
    ('<ns0:ACpass xsi:type="s">abc</ns0:ACpass>', "abc"),
])
def test_credential_forms_are_masked(text, secret):
    masked = diagnostics.mask_text(text)
    assert secret not in masked and diagnostics.MASK in masked


@pytest.mark.parametrize("form", [
    SECRET, quote(SECRET, safe=""), quote_plus(SECRET), html.escape(SECRET),
    json.dumps(SECRET)[1:-1], base64.b64encode(SECRET.encode()).decode(),
    base64.b64encode(f"shop:{SECRET}".encode()).decode(),
])
def test_literal_secrets_are_masked_in_every_encoding(form):
    masked = diagnostics.mask_text(f"request carried {form} in its body", ("shop", SECRET))
    assert form not in masked and diagnostics.MASK in masked


def test_what_is_not_secret_stays_readable():
    text = "GetMCCQThueByFkeys fkey=3f2a to https://api.example.vn/ws?pattern=1/001"
    assert diagnostics.mask_text(text, ("s3cret",)) == text
