"""What the outreach screens share: permission checks (403; never a superuser) and year lists with this year."""

from typing import Any

from django.core.exceptions import PermissionDenied

from proactive.outreach.services.common import may, today


def require(request, permission: str, obj: Any = None) -> None:
    if not may(request.user, permission, obj):
        raise PermissionDenied


def with_this_year(years: list[int]) -> list[int]:
    current = today().year
    return sorted({*years, current}, reverse=True)
