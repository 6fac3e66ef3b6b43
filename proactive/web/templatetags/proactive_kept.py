"""``{% kept_partial "web/base.html#footer" org=programme.organisation_display … %}``: a partial of the page shell
rendered once and kept for the life of the process.

The shell's footer and masthead are the same on every page: a partial made only of the values passed to the tag,
translations and addresses gives the same HTML for the same values, language and script prefix, so that HTML is
kept under exactly those (no per-request value: no CSRF token, nonce, user or path may be passed or used). About a
quarter of a signed-out page's rendering is spared (docs/performance.md, "Persistent connections").
"""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_KEPT_MAX = 512  # distinct (partial, language, values) kept; past that the store starts again
_kept: dict[tuple[Any, ...], SafeString] = {}


@register.simple_tag
def kept_partial(name: str, **values: Any) -> SafeString:
    key = (name, get_language(), get_script_prefix(), tuple(sorted((k, str(v)) for k, v in values.items())))
    html = _kept.get(key)
    if html is None:
        if len(_kept) >= _KEPT_MAX:
            _kept.clear()
        html = _kept[key] = render_to_string(name, values)
    return html


def forget() -> None:
    """Drop every kept partial (tests that change a template or a translation)."""
    _kept.clear()
