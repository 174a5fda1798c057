"""BKAV CommandData encoding: round trip, pinned known answer, typed failures."""

import base64
import gzip
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..providers import bkav_crypto
from ..providers.bkav_crypto import BkavCryptoError

KEY = bytes(range(32))
IV = bytes(range(100, 116))
# Computed once with this implementation, then pinned: a change of the compression,
# padding, mode or encoding breaks compatibility with BKAV and must fail here.
KNOWN_COMMAND = {"CmdType": 850, "CommandObject": "HD-0001"}
KNOWN_TEXT = ("ycc+ERDTpKm2CGePD7mPUut+F2nhzisfN43fuL7IRZtGoGrOiOxov5PY7QlIl3wChHrhk3YcM4sd23izQ"
              "6541g==")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(payload=st.binary(max_size=4096), key=st.binary(min_size=32, max_size=32),
       iv=st.binary(min_size=16, max_size=16))
def test_bytes_round_trip(payload, key, iv):
    text = bkav_crypto.encrypt(payload, key, iv)
    base64.b64decode(text, validate=True)
    assert bkav_crypto.decrypt(text, key, iv) == payload


@settings(max_examples=60, deadline=None)
@given(command=st.dictionaries(st.text(max_size=10), json_values, max_size=5))
def test_command_round_trip(command):
    assert bkav_crypto.decode_command(bkav_crypto.encode_command(command, KEY, IV),
                                      KEY, IV) == command


def test_known_answer():
    assert bkav_crypto.encode_command(KNOWN_COMMAND, KEY, IV) == KNOWN_TEXT
    assert bkav_crypto.decode_command(KNOWN_TEXT, KEY, IV) == KNOWN_COMMAND


def test_decimals_travel_exactly():
    text = bkav_crypto.encode_command({"Price": Decimal("25000.123456")}, KEY, IV)
    assert bkav_crypto.decrypt(text, KEY, IV) == b'{"Price":25000.123456}'


def test_plaintext_is_gzip_before_encryption():
    text = bkav_crypto.encrypt(b"abc", KEY, IV)
    assert len(base64.b64decode(text)) % 16 == 0
    assert gzip.decompress(gzip.compress(b"abc", mtime=0)) == b"abc"
    assert bkav_crypto.decrypt(text, KEY, IV) == b"abc"


def test_partner_token():
    token = bkav_crypto.make_partner_token(KEY, IV)
    assert bkav_crypto.parse_partner_token(token) == (KEY, IV)
    for bad, rule in (("nocolon", "bkav.token.format"), ("!!:??", "bkav.token.format"),
                      (bkav_crypto.make_partner_token(KEY[:16], IV), "bkav.token.size")):
        with pytest.raises(BkavCryptoError) as info:
            bkav_crypto.parse_partner_token(bad)
        assert info.value.rule == rule and info.value.field == "PartnerToken"
        assert info.value.message_vi != info.value.message


def test_wrong_key_or_damaged_text_is_a_typed_error():
    text = bkav_crypto.encode_command(KNOWN_COMMAND, KEY, IV)
    with pytest.raises(BkavCryptoError) as info:
        bkav_crypto.decode_command(text, bytes(32), IV)
    assert info.value.rule in ("bkav.padding", "bkav.gzip", "bkav.json")
    for damaged, rule in (("not base64!", "bkav.base64"), ("QUJD", "bkav.block"),
                          ("", "bkav.block")):
        with pytest.raises(BkavCryptoError) as info:
            bkav_crypto.decrypt(damaged, KEY, IV)
        assert info.value.rule == rule
    not_json = bkav_crypto.encrypt(b"\xff\xfe", KEY, IV)
    with pytest.raises(BkavCryptoError) as info:
        bkav_crypto.decode_command(not_json, KEY, IV)
    assert info.value.rule == "bkav.json"
