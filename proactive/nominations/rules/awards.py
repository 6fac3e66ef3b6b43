"""Permissions of the selection round's awards."""

import rules  # noqa: F401
