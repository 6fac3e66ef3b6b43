"""Snippets of a result's text around the query terms, with the terms marked (``<mark>``).

The terms are stems (규제, 개선), which appear literally inside their inflected forms (규제를, 개선하여), so marking
their occurrences in the original text marks what matched. Escaped first, then marked: safe to render.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 160


def _pattern(terms: list[str]) -> re.Pattern | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around the first term found, terms marked."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    start = 0
    if pattern is not None and (found := pattern.search(text)):
        start = max(0, found.start() - length // 4)
        if start:  # begin at a word
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < found.start() else start
    piece = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(prefix + mark(piece, terms) + suffix)  # noqa: S308 - escaped in mark()


def mark(text: str, terms: list[str]) -> str:
    pattern = _pattern(terms)
    if pattern is None:
        return str(escape(text))
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [escape(text[last : found.start()]), "<mark>", escape(found.group()), "</mark>"]
        last = found.end()
    parts.append(escape(text[last:]))
    return "".join(str(p) for p in parts)
