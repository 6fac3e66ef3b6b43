"""Permissions of the selection round's incentives."""

import rules  # noqa: F401
