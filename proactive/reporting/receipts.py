"""Receipt codes for anonymous reporters (SECURITY.md REP-01, REP-02).

A receipt is 16 random digits from the operating system's CSPRNG, shown once as ``1234 5678 9012 3456``. Only its
Argon2id hash is stored. The salt is per system (derived from ``SECRET_KEY``), so looking a receipt up is one
deterministic hash and one indexed query; the cost parameters make trying the 10^16 codes offline infeasible.

Every lookup, found or not, computes the same hash: a wrong code and a right one take the same time up to the
database's index lookup.
"""

import hashlib
import hmac
import re
import secrets

from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

DIGITS = 16
# Argon2id, OWASP's second recommended configuration (19 MiB, 2 passes), as for passwords.
TIME_COST = 2
MEMORY_COST = 19 * 1024
PARALLELISM = 1
HASH_BYTES = 32

_NOT_DIGITS = re.compile(r"[\s\-–—.]")


def new_receipt() -> str:
    """Sixteen digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def display(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


def normalise(text: str) -> str | None:
    """The 16 digits a reporter typed (spaces and dashes allowed between them), or None if it is not a receipt."""
    digits = _NOT_DIGITS.sub("", text or "")
    if len(digits) != DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def _system_salt() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"proactive-receipt-salt", hashlib.sha256).digest()[:16]


def receipt_hash(receipt: str) -> str:
    """The stored form of a receipt (hex). Callers pass ``normalise``d digits; anything else is hashed too, so a
    malformed code costs the same as a wrong one."""
    raw = hash_secret_raw(
        secret=(receipt or "").encode(),
        salt=_system_salt(),
        time_cost=TIME_COST,
        memory_cost=MEMORY_COST,
        parallelism=PARALLELISM,
        hash_len=HASH_BYTES,
        type=Type.ID,
    )
    return raw.hex()
