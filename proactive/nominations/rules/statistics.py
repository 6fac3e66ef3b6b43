"""Permissions of the selection round's statistics."""

import rules  # noqa: F401
