"""The official's earlier answers (committee opinions, pre-consulting answers) from the register of past answers
(``core.register``), and which of them concern the same matter as an audit finding.

Every provider registered by another app (opinions, consulting) is asked for the answers the official requested
(``requested_by(official_user=…)``). An answer is pre-selected as "the same matter" when a word of its title or
summary is also a word of the finding (its title and description, the audit's title): Korean words are compared
without their particles (도로점용허가를 ~ 도로점용허가) and with common administrative words left out. The applicant
confirms or unticks; the links are then copied into the application (``LinkedAnswer``).
"""

import logging
import re
from dataclasses import dataclass
from typing import Any

from proactive.core.register import RegisterEntry, providers
from proactive.protection.models import Concerned

logger = logging.getLogger(__name__)

# Particles and endings cut from the end of a Korean word (longest first).
SUFFIXES = tuple(
    sorted(
        (
            "에서는",
            "으로는",
            "으로서",
            "에게서",
            "이라는",
            "에서",
            "으로",
            "에게",
            "까지",
            "부터",
            "보다",
            "처럼",
            "이나",
            "에는",
            "에도",
            "과의",
            "와의",
            "하는",
            "하여",
            "했다",
            "하기",
            "한다",
            "관련",
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "의",
            "에",
            "와",
            "과",
            "도",
            "로",
            "만",
        ),
        key=len,
        reverse=True,
    )
)
# Words every request and finding share; they say nothing about the matter.
STOPWORDS = frozenset(
    {
        "관련",
        "사항",
        "검토",
        "요청",
        "의견",
        "의견제시",
        "사전",
        "컨설팅",
        "사전컨설팅",
        "감사",
        "처리",
        "업무",
        "사업",
        "방안",
        "여부",
        "문의",
        "질의",
        "회신",
        "답변",
        "적극행정",
        "부적정",
        "미흡",
        "소홀",
        "대한",
        "위한",
        "있는",
        "없는",
        "있음",
        "없음",
        "경우",
        "등",
        "및",
        "the",
        "and",
        "for",
        "of",
    }
)
WORD = re.compile(r"[0-9A-Za-z가-힣]+")


def words(text: str) -> set[str]:
    """The meaningful words of ``text``: lower case, Korean particles cut, at least two characters, no stopwords."""
    out: set[str] = set()
    for raw in WORD.findall((text or "").lower()):
        word = raw
        for suffix in SUFFIXES:
            if raw.endswith(suffix) and len(raw) - len(suffix) >= 2:
                word = raw[: -len(suffix)]
                break
        if len(word) >= 2 and word not in STOPWORDS:
            out.add(word)
    return out


def _alike(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 2 and long_.startswith(short)


def shared_words(entry_text: str, finding_text: str) -> set[str]:
    """The words of ``entry_text`` that also occur (alike) in ``finding_text``."""
    theirs = words(finding_text)
    return {w for w in words(entry_text) if any(_alike(w, f) for f in theirs)}


def finding_text(concerned: Concerned) -> str:
    finding = concerned.finding
    return f"{finding.audit.title} {finding.title} {finding.description}"


def same_matter(entry: RegisterEntry, concerned: Concerned) -> bool:
    return bool(shared_words(f"{entry.title} {entry.summary}", finding_text(concerned)))


def official_user(concerned: Concerned) -> Any:
    """The sign-in account of the official concerned, or None (an official without an account asked nothing)."""
    from proactive.accounts.models import User  # reason: only this lookup needs the model

    return User.objects.filter(official_id=concerned.official_id, is_active=True).first()


def earlier_answers(concerned: Concerned) -> list[RegisterEntry]:
    """Every answer any provider holds for the official concerned, newest first. A provider that fails is logged
    and skipped: the application must never depend on another app being up."""
    user = official_user(concerned)
    if user is None:
        return []
    entries: list[RegisterEntry] = []
    for provider in providers():
        try:
            entries.extend(provider.requested_by(official_user=user))
        except Exception:  # noqa: BLE001 - another app's failure must not block an exemption application
            logger.exception("Register provider %r failed for official %s", getattr(provider, "kind", "?"), user.pk)
    return sorted(entries, key=lambda e: (e.answered_on, e.number), reverse=True)


@dataclass(frozen=True)
class Candidate:
    entry: RegisterEntry
    matched: bool  # the same matter as the finding (pre-selected)

    @property
    def key(self) -> str:
        return entry_key(self.entry)


def entry_key(entry: RegisterEntry) -> str:
    return f"{entry.kind}:{entry.pk}"


def candidates(concerned: Concerned) -> list[Candidate]:
    text = finding_text(concerned)
    return [
        Candidate(entry=e, matched=bool(shared_words(f"{e.title} {e.summary}", text)))
        for e in earlier_answers(concerned)
    ]
