"""A cache for the rendered content of busy public pages (the selected-case gallery and case pages).

Only the page's *content* block is cached: the shell around it (menu, language switcher with its CSRF token,
session notices) is rendered for every request. A cached block is keyed by the page, the language, the query
string and a **version** that every write to the data behind it bumps (``bump``, connected to ``post_save`` and
``post_delete`` of the models a page declares through ``watch``), so a change shows at once. The default cache is a
folder shared by the server's worker processes (``CACHES`` in config/settings/base.py), so a block rendered by one
worker serves the others and a bump reaches them all; with a cache of its own per process (``CACHE_URL=
locmemcache://``) other processes would keep their copy for at most ``SECONDS``.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

SECONDS = 60
VERSION_KEY = "public-content:version"


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, None)
        current = cache.get(VERSION_KEY) or 1
    return int(current)


def bump(*args, **kwargs) -> None:
    """Invalidate every cached public block (signal receiver; also callable directly after bulk updates)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def watch(models: Iterable[type[Model]]) -> None:
    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"public-cache:save:{model._meta.label_lower}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"public-cache:delete:{model._meta.label_lower}")


def cached_block(name: str, request: HttpRequest, render: Callable[[], str]) -> SafeString:
    """The block ``name`` for this request: from the cache, or ``render()``ed and stored. ``render`` may raise
    (e.g. Http404), and then nothing is stored."""
    return cached_blocks(name, request, lambda: {"content": render()})["content"]


def cached_blocks(name: str, request: HttpRequest, render: Callable[[], dict[str, str]]) -> dict[str, SafeString]:
    """Like ``cached_block`` for several named pieces of one page (e.g. its title and its content)."""
    query = "&".join(sorted(request.GET.urlencode().split("&"))) if request.GET else ""
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = f"public-content:{name}:{version()}:{get_language() or ''}:{digest}"
    blocks = cache.get(key)
    if blocks is None:
        blocks = {piece: str(html) for piece, html in render().items()}
        cache.set(key, blocks, SECONDS)
    return {piece: mark_safe(html) for piece, html in blocks.items()}  # noqa: S308  (our own rendered templates)
