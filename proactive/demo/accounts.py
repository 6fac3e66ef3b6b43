"""The demo's sign-in accounts: one per role, a citizen, one shared password and fixed TOTP secrets.

The secrets are derived from the username, so the printed credentials (and the README's table) keep working
after the database is rebuilt. Never use any of this outside a demo or a test machine.
"""

import base64
import hashlib
from dataclasses import dataclass

from proactive.accounts.enums import Role

# Passes the configured validators (length ≥ 10, not a common password, no context word); checked by a test.
DEMO_PASSWORD = "Gwangalli-Night-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    # Where the account's official works: an org key from proactive.demo.org and who to pick there.
    unit_key: str = ""
    pick: str = "staff"  # "staff": the first active 주무관 of the unit's subtree; "head": the unit's head
    scoped: bool = False  # the membership is limited to that unit (department head, bureau chief)
    # Accounts without an official record (external committee members, the citizen).
    name: str = ""
    email: str = ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("official", Role.OFFICIAL, "official_team"),
    DemoAccount("depthead", Role.DEPARTMENT_HEAD, "transport_dept", pick="head", scoped=True),
    DemoAccount("bureauchief", Role.BUREAU_CHIEF, "transport_bureau", pick="head", scoped=True),
    DemoAccount("secretariat", Role.SECRETARIAT, "programme_team"),
    DemoAccount("reviewer", Role.REVIEWER, "planning"),
    DemoAccount("committee", Role.COMMITTEE_MEMBER, name="윤서진", email="seojin.yoon@committee.example"),
    DemoAccount("chair", Role.COMMITTEE_CHAIR, name="정해룡", email="haeryong.jung@committee.example"),
    DemoAccount("auditor", Role.AUDIT_OFFICER, "audit_team"),
    # 해운대구's audit office: handles the passive-administration reports about 해운대구 only (scoped membership).
    DemoAccount("district_auditor", Role.AUDIT_OFFICER, "haeundae_audit", scoped=True),
    DemoAccount("protection", Role.PROTECTION_OFFICER, "legal", pick="head"),
    DemoAccount("hr", Role.HR_OFFICER, "hr_team"),
    DemoAccount("panel", Role.APPEALS_PANEL, "audit_team"),
    # 적극행정 책임관 (legal-support fact-finding) and a member of the audit office's exemption review board.
    DemoAccount("accountable", Role.ACCOUNTABLE_OFFICER, "planning", pick="head"),
    DemoAccount("board", Role.EXEMPTION_BOARD, "audit_team", pick="head"),
    DemoAccount("sysadmin", Role.SYSADMIN, "it_team"),
    DemoAccount("citizen", Role.CITIZEN, name="홍길동", email="citizen@example.com"),
)


def totp_key_hex(username: str) -> str:
    """The fixed 20-byte TOTP secret of a demo staff account, hex-encoded as django-otp stores it."""
    return hashlib.sha1(f"proactive-demo-totp:{username}".encode()).hexdigest()


def base32_secret(key_hex: str) -> str:
    """What an authenticator app asks for: the secret in base32, without padding."""
    return base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
