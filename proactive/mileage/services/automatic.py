"""Entries other workflows post without a claim (DOMAIN.md §4.5): a bonus when a case is selected as a best
practice in a round, −5 when passive administration is upheld by the reporting centre.

The terms come from the catalogue: the activity's version in force today, which must be marked "posted by another
workflow" (``automatic``). A positive rule posts a ``grant``; a negative one a ``deduction``, which the ledger
limits to what the official has, so a balance never goes below zero. Every posting goes through
``services.ledger.post_entry`` (locks, caps, idempotency, ``mileage.entry_posted``).

**The caller is never broken by mileage.** When the caps leave less room than the rule gives, what fits is granted
(the memo says why); when nothing fits, or the official is not eligible, or the catalogue is switched off or
incomplete, nothing is posted. Either way an audit event records why — ``mileage.automatic_capped`` (posted less)
or ``mileage.automatic_skipped`` (posted nothing), on the official — and the secretariat sees them on the
catalogue page. Only a programming error (no idempotency key, points outside the rule) raises.

**Idempotent:** the caller's ``idempotency_key`` (e.g. ``"award:12:member:34"``) makes a repeated call return the
first call's outcome, whether it posted in full, in part or nothing.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from proactive.accounts.models import Official, OrgUnit
from proactive.audit.models import AuditEvent
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.mileage.enums import EntryKind
from proactive.mileage.models import ActivityRule, ActivityType, LedgerEntry
from proactive.mileage.queries.catalogue import AUTOMATIC_CAPPED, AUTOMATIC_SKIPPED, current_rule, explain_automatic
from proactive.mileage.services.ledger import (
    CapExceededError,
    InsufficientBalanceError,
    earned_in,
    policy_for,
    post_entry,
)

# Activity codes of the default catalogue (migration 0004) that other workflows post.
BEST_PRACTICE_SELECTED = "best-practice-selected"
PASSIVE_ADMINISTRATION_UPHELD = "passive-administration-upheld"
WORKFLOW_CODES = frozenset({BEST_PRACTICE_SELECTED, PASSIVE_ADMINISTRATION_UPHELD})
ATTEMPTS = 3  # a concurrent grant may take the room measured a moment ago: measure again and retry


@dataclass(frozen=True)
class AutomaticPosting:
    """What an automatic posting did: the entry (None if nothing was posted), the points the rule gave and the
    points posted, and — when they differ — a reason code and the details behind ``explanation``."""

    entry: LedgerEntry | None
    points_due: int
    points_posted: int
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def in_full(self) -> bool:
        return self.entry is not None and self.points_posted == self.points_due

    @property
    def explanation(self) -> str:
        return explain_automatic(self.reason, self.data) if self.reason else ""


def _earlier(idempotency_key: str) -> AutomaticPosting | None:
    """The outcome of an earlier call with this key, if there was one."""
    entry = LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
    event = (
        AuditEvent.objects.filter(verb__in=[AUTOMATIC_CAPPED, AUTOMATIC_SKIPPED], data__idempotency_key=idempotency_key)
        .order_by("id")
        .first()
    )
    if entry is None and event is None:
        return None
    data = event.data if event is not None else {}
    posted = entry.points if entry is not None else 0
    return AutomaticPosting(
        entry=entry,
        points_due=int(data.get("points_due", posted)),
        points_posted=posted,
        reason=str(data.get("reason", "")),
        data=data,
    )


def _skip(*, actor: Any, official: Official, reason: str, due: int, data: dict[str, Any]) -> AutomaticPosting:
    data = data | {"reason": reason, "points_due": due, "points_posted": 0}
    record_event(actor=actor, verb=AUTOMATIC_SKIPPED, target=official, data=data)
    return AutomaticPosting(entry=None, points_due=due, points_posted=0, reason=reason, data=data)


def _short(
    *, actor: Any, official: Official, entry: LedgerEntry, reason: str, due: int, data: dict[str, Any]
) -> AutomaticPosting:
    data = data | {"reason": reason, "points_due": due, "points_posted": entry.points, "entry": entry.pk}
    record_event(actor=actor, verb=AUTOMATIC_CAPPED, target=official, data=data)
    return AutomaticPosting(entry=entry, points_due=due, points_posted=entry.points, reason=reason, data=data)


def _site_language_note(reason: str, data: dict[str, Any]) -> str:
    """The memo's note, in the site's language: a memo is stored text that officials read in their statement."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("(%(posted)s of %(due)s points: %(why)s)") % {
            "posted": data["points_posted"],
            "due": data["points_due"],
            "why": explain_automatic(reason, data),
        }


def _full_amount(rule: ActivityRule, points: int | None) -> int:
    if points is None:  # the rule's full amount: the most a grant gives, the most a deduction takes
        return rule.points_max if rule.points_max > 0 else rule.points_min
    if not rule.points_min <= points <= rule.points_max:
        raise DomainError(
            _("This activity posts between %(min)s and %(max)s points.")
            % {"min": rule.points_min, "max": rule.points_max},
            code="points_out_of_range",
        )
    return points


def _room(*, official: Official, unit: OrgUnit | None, year: int, due: int) -> tuple[int, str, int]:
    """(points that fit under the caps, the cap that limits, its size)."""
    policy = policy_for(year)
    fit = min(due, policy.cap_per_person - earned_in(official=official, year=year))
    limit, cap = "person_cap", policy.cap_per_person
    if unit is not None:
        department_left = policy.cap_per_department - earned_in(unit=unit, year=year)
        if department_left < fit:
            fit, limit, cap = department_left, "department_cap", policy.cap_per_department
    return max(fit, 0), limit, cap


def _grant(
    *,
    actor: Any,
    official: Official,
    rule: ActivityRule,
    unit: OrgUnit | None,
    year: int,
    due: int,
    memo: str,
    source: str,
    idempotency_key: str,
    data: dict[str, Any],
) -> AutomaticPosting:
    policy = policy_for(year)
    if official.grade is not None and official.grade < policy.eligible_from_grade:
        data = data | {"eligible_from_grade": policy.eligible_from_grade}
        return _skip(actor=actor, official=official, reason="not_eligible", due=due, data=data)
    limit, cap = "person_cap", policy.cap_per_person
    for _attempt in range(ATTEMPTS):
        fit, limit, cap = _room(official=official, unit=unit, year=year, due=due)
        if fit <= 0:
            break
        note = ""
        if fit < due:
            note = _site_language_note(limit, data | {"points_due": due, "points_posted": fit, "cap": cap})
        try:
            entry = post_entry(
                actor=actor,
                official=official,
                kind=EntryKind.GRANT,
                points=fit,
                year=year,
                rule=rule,
                unit=unit,
                source=source,
                memo=f"{memo} {note}".strip(),
                idempotency_key=idempotency_key,
            )
        except CapExceededError:
            continue
        if entry.points < due:
            return _short(actor=actor, official=official, entry=entry, reason=limit, due=due, data=data | {"cap": cap})
        return AutomaticPosting(entry=entry, points_due=due, points_posted=entry.points)
    return _skip(actor=actor, official=official, reason=limit, due=due, data=data | {"cap": cap})


def _deduct(
    *,
    actor: Any,
    official: Official,
    rule: ActivityRule,
    unit: OrgUnit | None,
    year: int,
    due: int,
    memo: str,
    source: str,
    idempotency_key: str,
    data: dict[str, Any],
) -> AutomaticPosting:
    try:
        entry = post_entry(
            actor=actor,
            official=official,
            kind=EntryKind.DEDUCTION,
            points=due,
            year=year,
            rule=rule,
            unit=unit,
            source=source,
            memo=memo,
            idempotency_key=idempotency_key,
        )
    except InsufficientBalanceError:
        return _skip(actor=actor, official=official, reason="nothing_to_deduct", due=due, data=data)
    if entry.points != due:  # the ledger took what was there and noted the shortfall in the memo
        return _short(actor=actor, official=official, entry=entry, reason="balance_short", due=due, data=data)
    return AutomaticPosting(entry=entry, points_due=due, points_posted=entry.points)


def _post(
    *,
    actor: Any,
    official: Official,
    activity_code: str,
    source: str,
    idempotency_key: str,
    unit: OrgUnit | None,
    year: int | None,
    memo: str,
    points: int | None,
    contribution: int = 100,
) -> AutomaticPosting:
    if not idempotency_key:
        raise ValueError("An automatic posting needs an idempotency key, so that a repeated call posts once.")
    if not 1 <= contribution <= 100:  # noqa: PLR2004
        raise ValueError("A contribution is a percentage between 1 and 100.")
    earlier = _earlier(idempotency_key)
    if earlier is not None:
        return earlier
    year = year or timezone.localdate().year
    data: dict[str, Any] = {
        "idempotency_key": idempotency_key,
        "activity": activity_code,
        "source": source,
        "year": year,
        "official": official.employee_no,
    }
    activity = ActivityType.objects.filter(code=activity_code).first()
    if activity is None:
        return _skip(actor=actor, official=official, reason="unknown_activity", due=points or 0, data=data)
    data["activity_name"] = activity.name
    if not activity.active:
        return _skip(actor=actor, official=official, reason="inactive", due=points or 0, data=data)
    rule = current_rule(activity)
    if rule is None or not rule.automatic:
        reason = "no_rule" if rule is None else "not_automatic"
        return _skip(actor=actor, official=official, reason=reason, due=points or 0, data=data)
    due = _full_amount(rule, points)
    if rule.team_split and contribution < 100:  # noqa: PLR2004
        sign = 1 if due > 0 else -1
        due = sign * max(1, (abs(due) * contribution + 50) // 100)
    data["rule"] = rule.pk
    kwargs = {
        "actor": actor,
        "official": official,
        "rule": rule,
        "unit": unit or official.unit,
        "year": year,
        "due": due,
        "memo": (memo or activity.name).strip(),
        "source": source,
        "idempotency_key": idempotency_key,
        "data": data,
    }
    return _grant(**kwargs) if due > 0 else _deduct(**kwargs)


@transaction.atomic
def post_automatic(
    *,
    actor: Any,
    official: Official,
    activity_code: str,
    source: str,
    idempotency_key: str,
    unit: OrgUnit | None = None,
    year: int | None = None,
    memo: str = "",
    points: int | None = None,
) -> AutomaticPosting:
    """Post ``activity_code``'s terms in force today for ``official`` on behalf of another workflow.

    ``points`` defaults to the rule's full amount (and must lie within the rule's range if given); ``unit`` (the
    department whose cap the grant counts against) defaults to the official's unit; ``year`` to this year.
    Never raises because of the caps, eligibility or the catalogue's state: see the module docstring.
    Side effects: a ledger entry (``mileage.entry_posted``); ``mileage.automatic_capped`` or
    ``mileage.automatic_skipped`` when less than the rule's amount was posted.
    """
    return _post(
        actor=actor,
        official=official,
        activity_code=activity_code,
        source=source,
        idempotency_key=idempotency_key,
        unit=unit,
        year=year,
        memo=memo,
        points=points,
    )


@transaction.atomic
def grant_for_selected_case(
    *,
    actor: Any,
    official: Official,
    unit: OrgUnit,
    source: str,
    idempotency_key: str,
    year: int,
    contribution: int = 100,
) -> AutomaticPosting:
    """The bonus for a member of a case selected as a best practice in a selection round, counted in ``year``
    against ``unit``'s cap. If the rule in force splits team work, the member gets ``contribution`` % of it
    (at least 1 point); otherwise each member gets the full bonus.

    Call it once per member with a key such as ``"award:<id>:member:<id>"``. Side effects: as ``post_automatic``.
    """
    return _post(
        actor=actor,
        official=official,
        activity_code=BEST_PRACTICE_SELECTED,
        source=source,
        idempotency_key=idempotency_key,
        unit=unit,
        year=year,
        memo="",
        points=None,
        contribution=contribution,
    )


@transaction.atomic
def deduct_for_passive_administration(
    *, actor: Any, official: Official, source: str, idempotency_key: str
) -> AutomaticPosting:
    """The deduction (−5 in the default catalogue) when the reporting centre upholds a finding of passive
    administration against ``official``; it takes at most what the official has.

    Call it once per finding and official with a key such as ``"finding:<id>:official:<id>"``. Side effects: as
    ``post_automatic``.
    """
    return _post(
        actor=actor,
        official=official,
        activity_code=PASSIVE_ADMINISTRATION_UPHELD,
        source=source,
        idempotency_key=idempotency_key,
        unit=None,
        year=None,
        memo="",
        points=None,
    )
