"""BKAV eHoadon ``CommandData`` encoding: JSON → gzip → AES-256-CBC (PKCS7) → Base64.

BKAV gives each sending point (``PartnerGUID``) a ``PartnerToken`` written
``base64(key):base64(iv)`` with a 32-byte AES key and a 16-byte IV; the command and the
answer travel encrypted with them.  A wrong key/IV pair shows up as a padding or gzip
error on the receiving side, which is why decoding failures are typed errors with the
field they concern rather than crashes.  The gzip header carries ``mtime=0`` so the same
command always encodes to the same text (pinned by a known-answer test).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..standard.errors import StandardError
from .exact_json import json_to_payload, payload_to_json

KEY_BYTES = 32
IV_BYTES = 16
MAX_PLAINTEXT = 50 * 1024 * 1024  # bytes once decompressed; refuses decompression bombs


class BkavCryptoError(StandardError):
    """The partner token or an encrypted text cannot be used."""


def parse_partner_token(token: str) -> tuple[bytes, bytes]:
    """``(key, iv)`` from ``base64(key):base64(iv)``."""
    parts = (token or "").split(":")
    try:
        if len(parts) != 2:
            raise ValueError("two parts expected")
        key = base64.b64decode(parts[0], validate=True)
        iv = base64.b64decode(parts[1], validate=True)
    except (ValueError, binascii.Error) as exc:
        raise BkavCryptoError("PartnerToken", "bkav.token.format",
                              "the partner token must be base64(key):base64(iv)",
                              "PartnerToken phải có dạng base64(khóa):base64(iv)") from exc
    if len(key) != KEY_BYTES or len(iv) != IV_BYTES:
        raise BkavCryptoError("PartnerToken", "bkav.token.size",
                              f"the partner token needs a {KEY_BYTES}-byte key and a "
                              f"{IV_BYTES}-byte IV (got {len(key)} and {len(iv)})",
                              f"PartnerToken cần khóa {KEY_BYTES} byte và IV {IV_BYTES} byte "
                              f"(nhận được {len(key)} và {len(iv)})")
    return key, iv


def make_partner_token(key: bytes, iv: bytes) -> str:
    return f"{base64.b64encode(key).decode('ascii')}:{base64.b64encode(iv).decode('ascii')}"


def encrypt(plaintext: bytes, key: bytes, iv: bytes) -> str:
    """gzip, then AES-256-CBC with PKCS7 padding, then Base64."""
    packed = gzip.compress(plaintext, mtime=0)
    padder = padding.PKCS7(algorithms.AES.block_size).padder()
    padded = padder.update(packed) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")


def decrypt(text: str, key: bytes, iv: bytes, field: str = "CommandData") -> bytes:
    """Inverse of :func:`encrypt`; a wrong key or a damaged text is a BkavCryptoError."""
    try:
        data = base64.b64decode(text or "", validate=True)
    except (ValueError, binascii.Error) as exc:
        raise BkavCryptoError(field, "bkav.base64", "not Base64 text",
                              "không phải chuỗi Base64") from exc
    if not data or len(data) % IV_BYTES:
        raise BkavCryptoError(field, "bkav.block", "not a whole number of AES blocks",
                              "độ dài không phải bội số khối AES")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    try:
        unpadder = padding.PKCS7(algorithms.AES.block_size).unpadder()
        packed = unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise BkavCryptoError(field, "bkav.padding",
                              "padding is invalid: wrong PartnerGUID/PartnerToken pair",
                              "padding không hợp lệ: sai cặp PartnerGUID/PartnerToken") from exc
    return _gunzip(packed, field)


def _gunzip(packed: bytes, field: str) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        plain = inflater.decompress(packed, MAX_PLAINTEXT + 1)
    except zlib.error as exc:
        raise BkavCryptoError(field, "bkav.gzip", "the decrypted data is not gzip",
                              "dữ liệu sau giải mã không phải gzip") from exc
    if len(plain) > MAX_PLAINTEXT or inflater.unconsumed_tail:
        raise BkavCryptoError(field, "bkav.size", "the decompressed data is too large",
                              "dữ liệu sau giải nén quá lớn")
    if not inflater.eof:
        raise BkavCryptoError(field, "bkav.gzip", "the gzip data is truncated",
                              "dữ liệu gzip bị cắt cụt")
    return plain


def encode_command(command: dict, key: bytes, iv: bytes) -> str:
    """``CommandData`` for ``{"CmdType": …, "CommandObject": …}`` (or an answer object).

    Decimals are written as exact JSON numbers (the exact-JSON helpers of
    ``viettel_payload``, shared rather than duplicated).
    """
    return encrypt(payload_to_json(command), key, iv)


def decode_command(text: str, key: bytes, iv: bytes, field: str = "CommandData"):
    plain = decrypt(text, key, iv, field)
    try:
        return json_to_payload(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BkavCryptoError(field, "bkav.json", "the decrypted data is not JSON",
                              "dữ liệu sau giải mã không phải JSON") from exc
