"""The register of past answers (opinions of the committee, pre-consulting answers …): a registry of providers.

Each app whose decisions officials should find before they ask registers a provider in its ``AppConfig.ready``::

    from proactive.core.register import register_provider
    register_provider(OpinionRegister())

The register page (``opinions`` app) asks every provider and merges the results; the exemption application
(``protection`` app) asks every provider for an official's own earlier answers to link them as evidence. No app
imports another app's models for this.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class RegisterEntry:
    """One past answer as the register lists it."""

    kind: str  # the provider's key, e.g. "opinion", "preconsulting"
    kind_label: str  # shown to people, translated
    pk: int
    number: str  # the decision's number, e.g. "의견-2026-0003"
    title: str
    summary: str  # the question and the answer, anonymised when public
    answered_on: date
    url: str  # where the entry opens for this user (a public page for published entries)
    public: bool  # published (anonymised) to everyone
    score: float = 0.0  # relevance for a search, higher first


class RegisterProvider(Protocol):
    kind: str

    def search(self, *, user: Any, query: str, limit: int) -> list[RegisterEntry]:
        """Answers ``user`` may see matching ``query`` (all of them, newest first, when the query is empty)."""
        ...

    def requested_by(self, *, official_user: Any) -> list[RegisterEntry]:
        """Every answered request the official asked (their own file), newest first."""
        ...


_providers: dict[str, RegisterProvider] = {}


def register_provider(provider: RegisterProvider) -> None:
    _providers[provider.kind] = provider


def providers() -> list[RegisterProvider]:
    return list(_providers.values())
