"""The site's main menu and dashboard panels, contributed by each app in its ``AppConfig.ready``.

A menu item is shown only when the user has its permission, so the menu never offers a page that would refuse.
Dashboard panels are small templates answering "what is waiting for me"; each has its own permission.

Every signed-in page asks about 90 permissions for the menu and the panels. Most of them depend on nothing but
which roles the user holds (``has_role:…`` predicates) and a few flags of the account, so their answers are kept
per *fingerprint* of those inputs (``_fingerprint``) for the life of the process: the same inputs always give the
same answer, so nothing can go stale. Permissions whose predicates read anything else (the data, the settings, a
role's unit) are asked every time (``_fingerprinted``).

The menu's HTML (desktop and mobile) is rendered once per menu and language and kept (``menu_html``): a menu is
the same list of links for every user who gets it, so its rendering (about 1.7 ms of the shell) is not repeated.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import rules
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, gettext_lazy

from proactive.accounts.queries import held_roles


@dataclass(frozen=True)
class MenuItem:
    label: Any  # lazy translation
    url_name: str
    permission: str | None = None  # None: everyone; "auth": any signed-in user


@dataclass
class MenuSection:
    key: str
    label: Any
    order: int
    items: list[MenuItem] = field(default_factory=list)


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    template: str
    permission: str | None
    order: int
    context: Callable[[Any], dict] | None = None  # user → extra context; keep it to a few queries


_sections: dict[str, MenuSection] = {}
_panels: dict[str, DashboardPanel] = {}

# One section for the routes an official takes before and after acting boldly (issue 6: committee opinions,
# pre-consulting, exemption and protection, legal support), so the menu stays one line wide.
SUPPORT_SECTION = ("support", gettext_lazy("Advice and protection"), 45)
# One section for what the programme publishes and how it reaches people (issue 7: casebooks and card news, the
# monthly bulletin, the action plan, campaigns, training, liaison meetings and the programme's figures).
OUTREACH_SECTION = ("outreach", gettext_lazy("Publications and outreach"), 50)


def register_section(key: str, label: Any, order: int, items: list[MenuItem]) -> None:
    """Add a menu section, or add ``items`` to the section already registered under ``key`` (shared sections)."""
    if key in _sections:
        add_menu_items(key, items)
        return
    _sections[key] = MenuSection(key, label, order, list(items))


def add_menu_items(key: str, items: list[MenuItem]) -> None:
    """Append items to a section another part of the app registered (call after ``register_section``)."""
    _sections[key].items.extend(i for i in items if i not in _sections[key].items)


def register_panel(panel: DashboardPanel) -> None:
    _panels[panel.key] = panel


# Predicates whose answer follows from the fingerprint alone: role names (``accounts.rules.role_predicate``, which also
# asks for the second factor of staff roles), and flags of the account.
_FINGERPRINTED_PREDICATE = re.compile(r"~?(has_role:[a-z_|]+|is_authenticated|is_not_superuser|is_verified_citizen)")
_OPERATOR = re.compile(r"[()]|\s[&|^]\s")
_answers: dict[tuple[Any, str], bool] = {}


@functools.cache
def _fingerprinted(permission: str) -> bool:
    """True if every predicate of ``permission`` is one of ``_FINGERPRINTED_PREDICATE`` (read from the combined
    predicate's name, e.g. ``(has_role:official | is_verified_citizen)``)."""
    predicate = rules.permissions.permissions.get(permission)
    if predicate is None:
        return False
    parts = [part.strip() for part in _OPERATOR.split(predicate.name)]
    return all(_FINGERPRINTED_PREDICATE.fullmatch(part) for part in parts if part)


def _fingerprint(user) -> tuple[Any, ...]:
    """Everything a fingerprinted permission's answer depends on. Django's model permissions are not part of it:
    they grant nothing here (``accounts.backends.AccountBackend``)."""
    is_verified = getattr(user, "is_verified", None)
    return (
        user.is_active,
        user.is_superuser,
        bool(getattr(user, "is_verified_citizen", False)),
        is_verified is None or bool(is_verified()),
        frozenset(h.role for h in held_roles(user)),
    )


def _allowed(user, permission: str | None, fingerprint: tuple[Any, ...] | None = None) -> bool:
    if permission is None:
        return True
    if not user.is_authenticated:
        return False
    if permission == "auth":
        return True
    if fingerprint is None or not _fingerprinted(permission):
        return user.has_perm(permission)
    key = (fingerprint, permission)
    answer = _answers.get(key)
    if answer is None:
        answer = _answers[key] = user.has_perm(permission)
    return answer


@functools.cache
def _url(url_name: str, script_prefix: str) -> str:
    """A menu item's address: the same for every request under the same script prefix (no arguments)."""
    return reverse(url_name)


# The addresses every page's header links to (web/base.html: ``{{ shell_urls.home }}``…), reversed once per script
# prefix instead of by a ``{% url %}`` tag on every page.
SHELL_URL_NAMES = {
    "home": "web:home",
    "dashboard": "web:dashboard",
    "set_language": "web:set-language",
    "login": "accounts:login",
    "logout": "accounts:logout",
    "session_extend": "accounts:session-extend",
    "inbox": "notifications:inbox",
}


@functools.cache
def _shell_urls(script_prefix: str) -> dict[str, str]:
    return {key: _url(name, script_prefix) for key, name in SHELL_URL_NAMES.items()}


def shell_urls() -> dict[str, str]:
    return _shell_urls(get_script_prefix())


def menu_for(user) -> list[dict]:
    fingerprint = _fingerprint(user) if user.is_authenticated else None
    prefix = get_script_prefix()
    out = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        items = [
            {"label": i.label, "url": _url(i.url_name, prefix)}
            for i in section.items
            if _allowed(user, i.permission, fingerprint)
        ]
        if items:
            out.append({"key": section.key, "label": section.label, "items": items})
    return out


MENU_PARTS = ("desktop", "mobile")  # partials of web/includes/menu.html
_MENU_HTML_KEPT = 512  # distinct menus × languages kept; past that the store starts again
_menu_html: dict[tuple[Any, ...], dict[str, str]] = {}


def menu_html(user) -> dict[str, str]:
    """``user``'s menu rendered as HTML (``MENU_PARTS``), from the store when the same menu was rendered before in
    the current language: the key is the language, the script prefix and every section's key and links (the labels
    follow from them and the language); for a signed-out visitor, whose menu is always the same, the language and
    the script prefix alone."""
    menu = None
    links: tuple[Any, ...] | None = None  # everyone signed out gets the same menu: no need to work it out first
    if user.is_authenticated:
        menu = menu_for(user)
        links = tuple((section["key"], tuple(item["url"] for item in section["items"])) for section in menu)
    key = (get_language(), get_script_prefix(), links)
    html = _menu_html.get(key)
    if html is None:
        if len(_menu_html) >= _MENU_HTML_KEPT:
            _menu_html.clear()
        menu = menu if menu is not None else menu_for(user)
        html = _menu_html[key] = {
            part: render_to_string(f"web/includes/menu.html#{part}", {"main_menu": menu}) for part in MENU_PARTS
        }
    return html


def panels_for(user) -> list[DashboardPanel]:
    fingerprint = _fingerprint(user) if user.is_authenticated else None
    return [p for p in sorted(_panels.values(), key=lambda p: p.order) if _allowed(user, p.permission, fingerprint)]
