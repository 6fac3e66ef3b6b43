"""Permissions of the mileage domain, one module per area (django-rules autodiscovers this package)."""

from proactive.mileage.rules import appeals, catalogue, claims, redemptions, statements  # noqa: F401
