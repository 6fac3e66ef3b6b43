"""Korean morphological analysis for the search index (decision 0021): Kiwi keeps the content morphemes.

One ``Kiwi`` per process, loaded on first use (a few seconds, about 100 MB), behind a lock: gunicorn threads and
the task worker share it, and the lock makes its use thread-safe whatever Kiwi's own guarantees. Text is analysed
when it is indexed and again for each query, so ``규제를 개선하여`` and ``규제 개선`` both become ``규제 개선``.
"""

import threading
from collections.abc import Iterable
from typing import Any

# Content morphemes: nouns (NNG, NNP, NNB), verb and adjective stems (VV, VA and their -R/-I variants), roots,
# foreign words, numbers and Chinese characters. Particles, endings and suffixes are dropped.
KEPT_PREFIXES = ("NN", "VV", "VA", "XR", "SL", "SN", "SH")

# Particles typed as words of their own: Kiwi, seeing them alone, guesses a noun or a verb (을 → 을, 는 → 늘).
STANDALONE_PARTICLES = frozenset(
    [
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "의",
        "에",
        "에서",
        "에게",
        "께",
        "한테",
        "로",
        "으로",
        "와",
        "과",
        "도",
        "만",
        "까지",
        "부터",
        "보다",
        "처럼",
        "하고",
        "이나",
        "나",
        "랑",
        "이랑",
        "및",
        "또는",
        "그리고",
        "하지만",
        "그런데",
        "등",
    ]
)

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def kiwi() -> Any:
    """The process's analyser, loaded on first use."""
    if "kiwi" not in _loaded:
        with _lock:
            if "kiwi" not in _loaded:
                from kiwipiepy import Kiwi  # heavy (model load): only when search is used

                _loaded["kiwi"] = Kiwi()
    return _loaded["kiwi"]


def _terms(tokens: Iterable[Any]) -> list[str]:
    return [t.form.lower() for t in tokens if t.tag.startswith(KEPT_PREFIXES) and t.form.strip()]


def terms(text: str) -> list[str]:
    """The content morphemes of ``text``, in order (repeats kept: they count in the ranking)."""
    if not text or not text.strip():
        return []
    analyser = kiwi()
    with _lock:
        return _terms(analyser.tokenize(text))


def analyse(text: str) -> str:
    """The indexed form of ``text``: its content morphemes joined with spaces."""
    return " ".join(terms(text))


def analyse_many(texts: list[str]) -> list[str]:
    """``analyse`` for a batch (one call into Kiwi: faster for the rebuild)."""
    if not texts:
        return []
    analyser = kiwi()
    with _lock:
        results = list(analyser.tokenize([t or " " for t in texts]))
    return [" ".join(_terms(tokens)) for tokens in results]


def query_terms(text: str) -> list[str]:
    """The distinct search terms of a query, in order."""
    words = [w for w in text.split() if w not in STANDALONE_PARTICLES]
    seen: dict[str, None] = {}
    for term in terms(" ".join(words)):
        seen.setdefault(term, None)
    return list(seen)
