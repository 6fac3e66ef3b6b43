"""Masking of personal data in a casebook's cases before publication.

``detect`` proposes masks: names of team members who did not consent to publication (``Consent`` other than
given) wherever they appear in the case's text, and personal data found by patterns (resident registration
numbers, phone numbers, e-mail addresses, street addresses). An editor confirms or rejects each proposal
(``decide_mask``); a casebook with an undecided proposal cannot go to review (``services.casebooks``).
``apply_masks`` replaces the confirmed ones when the casebook is rendered.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import Consent
from proactive.publications.enums import MaskDecision, MaskKind
from proactive.publications.models import CasebookEntry, Mask

# The case's text fields that are printed, in the order they appear.
TEXT_FIELDS = ("title", "summary", "problem", "action", "outcome", "quantified_results", "regulation_detail")

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (MaskKind.RRN, re.compile(r"(?<!\d)\d{6}\s?-\s?[1-8]\d{6}(?!\d)")),
    (MaskKind.PHONE, re.compile(r"(?<!\d)(?:01[016789]|0\d{1,2})[-.\s)]\d{3,4}[-.\s]\d{4}(?!\d)")),
    (MaskKind.EMAIL, re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    (
        MaskKind.ADDRESS,
        re.compile(r"(?:[가-힣]+(?:시|도)\s+)?[가-힣]+(?:구|군)\s+[가-힣0-9]+(?:로|길)\s*\d+(?:-\d+)?(?:번길\s*\d+)?"),
    ),
]
REPLACEMENTS: dict[str, str] = {
    MaskKind.NAME: "○○○",
    MaskKind.RRN: "******-*******",
    MaskKind.PHONE: "***-****-****",
    MaskKind.EMAIL: "***@***",
    MaskKind.ADDRESS: "(주소 비공개)",
}


@dataclass(frozen=True)
class Finding:
    field: str
    kind: str
    text: str


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) for every pattern match in ``text``, each text once, in order of appearance."""
    found: list[tuple[int, str, str]] = []
    for kind, pattern in PATTERNS:
        found.extend((m.start(), str(kind), m.group(0).strip()) for m in pattern.finditer(text or ""))
    seen: set[str] = set()
    result = []
    for _start, kind, matched in sorted(found):
        if matched not in seen:
            seen.add(matched)
            result.append((kind, matched))
    return result


def withheld_names(nomination: Any) -> list[str]:
    """Names of the team members who did not consent (prefetched members with their officials)."""
    return sorted(
        {m.official.name for m in nomination.members.all() if m.consent != Consent.GIVEN and m.official.name},
        key=len,
        reverse=True,
    )


def detect(nomination: Any) -> list[Finding]:
    findings: list[Finding] = []
    names = withheld_names(nomination)
    for field in TEXT_FIELDS:
        text = getattr(nomination, field, "") or ""
        findings.extend(Finding(field, MaskKind.NAME, name) for name in names if name in text)
        findings.extend(Finding(field, kind, matched) for kind, matched in find_personal_data(text))
    return findings


def propose_masks(entry: CasebookEntry) -> int:
    """Record a proposal for every finding in the entry's case not proposed before; returns how many are new."""
    existing = {(m.field, m.text) for m in entry.masks.all()}
    new = [
        Mask(entry=entry, field=f.field, kind=f.kind, text=f.text[:200], replacement=REPLACEMENTS[f.kind])
        for f in detect(entry.award.nomination)
        if (f.field, f.text[:200]) not in existing
    ]
    Mask.objects.bulk_create(new)
    return len(new)


def apply_masks(text: str, masks: list[Mask]) -> str:
    """``text`` with every confirmed mask replaced (longest first, so a name inside an address still goes)."""
    for mask in sorted(masks, key=lambda m: len(m.text), reverse=True):
        if mask.decision == MaskDecision.CONFIRMED:
            text = text.replace(mask.text, mask.replacement)
    return text


@transaction.atomic
def decide_mask(*, actor: Any, mask: Mask, confirm: bool) -> Mask:
    """Confirm (mask it) or reject (print it as it is) one proposal. Side effects: audit event
    ``publications.mask_decided``; the casebook's content changed (its files must be generated again)."""
    casebook = mask.entry.casebook
    if not actor.has_perm("publications.edit_casebook", casebook):
        raise PermissionDeniedError(_("You may not change this casebook."))
    if casebook.state != "draft":
        raise DomainError(_("Only a draft can be changed. Return it to draft first."), code="not_editable")
    old = mask.decision
    mask.decision = MaskDecision.CONFIRMED if confirm else MaskDecision.REJECTED
    mask.decided_by = actor
    mask.decided_at = timezone.now()
    mask.save(update_fields=["decision", "decided_by", "decided_at"])
    casebook.content_changed_at = timezone.now()
    casebook.save(update_fields=["content_changed_at", "updated_at"])
    record_event(
        actor=actor,
        verb="publications.mask_decided",
        target=casebook,
        changes={"decision": [old, mask.decision]},
        data={"mask": mask.pk, "kind": mask.kind, "field": mask.field},
    )
    return mask
