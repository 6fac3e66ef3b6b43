"""Mileage permissions (the claim's line: department head → bureau chief → secretariat)."""

from proactive.accounts.enums import Role

GLOBAL_PERMS: dict[str, set[str]] = {"mileage.approve_claim": {Role.SECRETARIAT}}
OBJECT_PERMS: set[str] = {"mileage.grant_claim", "mileage.check_claim", "mileage.withdraw_claim"}
