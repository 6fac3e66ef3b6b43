from typing import Any

from django import template

register = template.Library()


@register.filter
def change_rows(changes: Any) -> list[dict[str, Any]]:
    """``{"field": [old, new]}`` → rows for a definition list. Other shapes are shown as they are."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, value in changes.items():
        if isinstance(value, (list, tuple)) and len(value) == 2:
            rows.append({"field": field, "old": value[0], "new": value[1], "pair": True})
        else:
            rows.append({"field": field, "value": value, "pair": False})
    return rows
