"""The site's main menu and dashboard panels, contributed by each app in its ``AppConfig.ready``.

A menu item is shown only when the user has its permission, so the menu never offers a page that would refuse.
Dashboard panels are small templates answering "what is waiting for me"; each has its own permission.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy


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


def _allowed(user, permission: str | None) -> bool:
    if permission is None:
        return True
    if not user.is_authenticated:
        return False
    if permission == "auth":
        return True
    return user.has_perm(permission)


def menu_for(user) -> list[dict]:
    out = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        items = [{"label": i.label, "url": reverse(i.url_name)} for i in section.items if _allowed(user, i.permission)]
        if items:
            out.append({"key": section.key, "label": section.label, "items": items})
    return out


def panels_for(user) -> list[DashboardPanel]:
    return [p for p in sorted(_panels.values(), key=lambda p: p.order) if _allowed(user, p.permission)]
