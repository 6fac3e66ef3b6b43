"""Encryption at rest for report text and files (SECURITY.md REP-07).

AES-256-GCM with a key kept outside the database and the file storage: ``PROACTIVE_REPORT_KEYS`` in the
environment, one or more base64url-encoded 32-byte keys separated by commas; the first encrypts, all decrypt (so a
key can be rotated: add the new one in front, re-encrypt with ``manage.py rotate_report_key``, drop the old one).

A sealed value is ``b"R1" + key id (4 bytes) + nonce (12 bytes) + ciphertext-and-tag``. The associated data binds
each value to its report and its purpose (``"report:<uid>:body"``), so a ciphertext copied into another row or
field fails authentication, as a tampered one does.
"""

import base64
import hashlib
import json
import os
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAGIC = b"R1"
NONCE_BYTES = 12
KEY_ID_BYTES = 4


class DecryptionError(Exception):
    """A sealed value could not be opened: tampered, bound to something else, or sealed with an unknown key."""


def new_key() -> str:
    """A fresh key in the form PROACTIVE_REPORT_KEYS takes."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def _decode(text: str) -> bytes:
    text = text.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise ImproperlyConfigured("PROACTIVE_REPORT_KEYS holds a value that is not base64url.") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured("Each key in PROACTIVE_REPORT_KEYS must be 32 bytes (base64url-encoded).")
    return raw


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"proactive-report-key-id" + key).digest()[:KEY_ID_BYTES]


@lru_cache(maxsize=4)
def _keys(configured: str) -> tuple[tuple[bytes, bytes], ...]:
    keys = tuple((_key_id(raw), raw) for raw in (_decode(part) for part in configured.split(",") if part.strip()))
    if not keys:
        raise ImproperlyConfigured("PROACTIVE_REPORT_KEYS is not set: the reporting centre cannot store reports.")
    return keys


def configured_keys() -> tuple[tuple[bytes, bytes], ...]:
    return _keys(settings.PROACTIVE_REPORT_KEYS or "")


def seal(plaintext: bytes, *, context: str) -> bytes:
    key_id, key = configured_keys()[0]
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + key_id + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())


def open_sealed(sealed: bytes | memoryview, *, context: str) -> bytes:
    sealed = bytes(sealed)
    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + KEY_ID_BYTES + NONCE_BYTES + 16:
        raise DecryptionError("not a sealed value")
    key_id = sealed[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]
    nonce_at = len(MAGIC) + KEY_ID_BYTES
    nonce, body = sealed[nonce_at : nonce_at + NONCE_BYTES], sealed[nonce_at + NONCE_BYTES :]
    for candidate_id, key in configured_keys():
        if candidate_id == key_id:
            try:
                return AESGCM(key).decrypt(nonce, body, context.encode())
            except InvalidTag as exc:
                raise DecryptionError("authentication failed") from exc
    raise DecryptionError("sealed with a key that is not configured")


def seal_text(text: str, *, context: str) -> bytes:
    return seal(text.encode(), context=context)


def open_text(sealed: bytes | memoryview, *, context: str) -> str:
    return open_sealed(sealed, context=context).decode()


def seal_json(value: Any, *, context: str) -> bytes:
    return seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), context=context)


def open_json(sealed: bytes | memoryview, *, context: str) -> Any:
    return json.loads(open_sealed(sealed, context=context))


def needs_rotation(sealed: bytes | memoryview) -> bool:
    """True when ``sealed`` was not sealed with the current (first) key."""
    return bytes(sealed)[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES] != configured_keys()[0][0]
