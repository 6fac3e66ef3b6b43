"""Permissions of the selection domain, one module per entity (django-rules autodiscovers this package)."""

from proactive.nominations.rules import committee, nominations, reviews, rounds, vote  # noqa: F401
