"""Writes for the accounts domain. Import from the submodules; the names below are the common ones."""

from proactive.accounts.services.profile import set_preferred_language

__all__ = ["set_preferred_language"]
