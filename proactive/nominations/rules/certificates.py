"""Permissions of the selection round's certificates."""

import rules  # noqa: F401
