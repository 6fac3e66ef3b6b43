"""Permissions of the selection domain, one module per entity (django-rules autodiscovers this package)."""

from proactive.nominations.rules import (  # noqa: F401
    awards,
    certificates,
    committee,
    incentives,
    nominations,
    reviews,
    rounds,
    statistics,
    vote,
)
