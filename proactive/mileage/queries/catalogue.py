"""Reads of the mileage catalogue: activity types with their versioned rules, reward options, the year's policy,
and the automatic postings that were reduced or not made (for the secretariat to follow up).

Which version of an activity's terms applies on a date: the latest version whose ``valid_from`` is on or before
it (versions never start before an earlier one, ``services.catalogue.revise_activity_rule``). A version that
starts later is shown as upcoming.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.models import AuditEvent
from proactive.mileage.enums import RewardKind
from proactive.mileage.models import ActivityRule, ActivityType, MileagePolicy, RewardOption
from proactive.mileage.services.ledger import earning_entries

# Audit verbs of the automatic postings (services.automatic) that did not post what the rule gives.
AUTOMATIC_CAPPED = "mileage.automatic_capped"
AUTOMATIC_SKIPPED = "mileage.automatic_skipped"


def rule_in_force(rules: list[ActivityRule], on: datetime.date) -> ActivityRule | None:
    """Of ``rules`` (one activity's versions), the one that applies on ``on``; None before the first starts."""
    started = [r for r in rules if r.valid_from <= on]
    return max(started, key=lambda r: (r.valid_from, r.version), default=None)


def current_rule(activity: ActivityType, on: datetime.date | None = None) -> ActivityRule | None:
    """The version of ``activity``'s terms that applies on ``on`` (today by default); one query."""
    on = on or timezone.localdate()
    return activity.rules.filter(valid_from__lte=on).order_by("-valid_from", "-version").first()


def latest_rule(activity: ActivityType) -> ActivityRule | None:
    """The newest version of ``activity``'s terms, whether it applies yet or not."""
    return activity.rules.order_by("-version").first()


def get_activity_by_code(code: str) -> ActivityType | None:
    return ActivityType.objects.filter(code=code).first()


def activities_with_rules(*, include_inactive: bool, on: datetime.date | None = None) -> list[ActivityType]:
    """Activity types in catalogue order, each with ``versions`` (newest first), ``current`` (the version that
    applies ``on``) and ``upcoming`` (versions that start later). Two queries whatever the number of versions."""
    on = on or timezone.localdate()
    activities = ActivityType.objects.prefetch_related(
        Prefetch("rules", queryset=ActivityRule.objects.select_related("created_by").order_by("-version"))
    )
    if not include_inactive:
        activities = activities.filter(active=True)
    out = list(activities)
    for activity in out:
        versions = list(activity.rules.all())
        activity.versions = versions  # type: ignore[attr-defined]
        activity.current = rule_in_force(versions, on)  # type: ignore[attr-defined]
        activity.upcoming = [r for r in versions if r.valid_from > on]  # type: ignore[attr-defined]
    return out


def claimable_rules(on: datetime.date | None = None) -> list[ActivityRule]:
    """The rules an official may claim under on ``on``: the version in force of each active activity that is not
    posted automatically by another workflow (for the claim form)."""
    rules = []
    for activity in activities_with_rules(include_inactive=False, on=on):
        rule = activity.current  # type: ignore[attr-defined]
        if rule is not None and not rule.automatic:
            rule.activity = activity  # the prefetched activity, so labels need no query
            rules.append(rule)
    return rules


def reward_options(*, include_inactive: bool) -> QuerySet[RewardOption]:
    options = RewardOption.objects.all()
    return options if include_inactive else options.filter(active=True)


def rewards_for_display(*, include_inactive: bool, won_per_point: int) -> list[RewardOption]:
    """Reward options in catalogue order; a 동백전 credit whose value is not its points at ``won_per_point`` (the
    rate changed for a year not yet begun, say) is flagged ``off_rate``."""
    options = list(reward_options(include_inactive=include_inactive))
    for option in options:
        option.off_rate = (  # type: ignore[attr-defined]
            option.kind == RewardKind.DONGBAEK and option.value_won != option.points * won_per_point
        )
    return options


def policy_for_display(year: int) -> MileagePolicy:
    """The year's policy, or an unsaved one with the defaults (``saved`` says which): reading must not write."""
    policy = MileagePolicy.objects.filter(year=year).first()
    if policy is None:
        policy = MileagePolicy(year=year)
        policy.saved = False  # type: ignore[attr-defined]
    else:
        policy.saved = True  # type: ignore[attr-defined]
    return policy


def officials_over_cap(*, year: int, cap: int) -> int:
    """How many officials have already earned more than ``cap`` points in ``year`` (after a cap is lowered)."""
    totals = earning_entries(year).values("account").annotate(total=Sum("points")).filter(total__gt=cap)
    return totals.count()


@dataclass(frozen=True)
class Shortfall:
    """An automatic posting that was reduced or not made, as the audit trail recorded it."""

    occurred_at: datetime.datetime
    official: str
    activity: str
    source: str
    points_due: int
    points_posted: int
    explanation: str


def explain_automatic(reason: str, data: dict[str, Any]) -> str:
    """The reason an automatic posting was reduced or not made, in the reader's language."""
    values = {
        "due": data.get("points_due", 0),
        "posted": data.get("points_posted", 0),
        "cap": data.get("cap", 0),
        "grade": data.get("eligible_from_grade", ""),
        "activity": data.get("activity", ""),
        "year": data.get("year", ""),
    }
    messages = {
        "person_cap": _("The yearly cap of %(cap)s points per official in %(year)s was reached."),
        "department_cap": _("The yearly cap of %(cap)s points per department in %(year)s was reached."),
        "not_eligible": _("The official is not eligible: mileage is for grade %(grade)s and below."),
        "balance_short": _("The balance did not cover the whole deduction."),
        "nothing_to_deduct": _("There were no points left to deduct."),
        "unknown_activity": _("The activity %(activity)s is not in the catalogue."),
        "inactive": _("The activity %(activity)s is switched off in the catalogue."),
        "no_rule": _("The activity %(activity)s has no terms in force yet."),
        "not_automatic": _("The terms in force of %(activity)s are not marked as posted by another workflow."),
    }
    return messages.get(reason, _("The posting was not made in full.")) % values


def automatic_shortfalls(limit: int = 10) -> list[Shortfall]:
    """The latest automatic postings that were reduced or not made, newest first (one query)."""
    events = AuditEvent.objects.filter(verb__in=[AUTOMATIC_CAPPED, AUTOMATIC_SKIPPED]).order_by("-occurred_at", "-id")[
        :limit
    ]
    return [
        Shortfall(
            occurred_at=event.occurred_at,
            official=event.target_label,
            activity=str(event.data.get("activity_name") or event.data.get("activity", "")),
            source=str(event.data.get("source", "")),
            points_due=int(event.data.get("points_due", 0)),
            points_posted=int(event.data.get("points_posted", 0)),
            explanation=explain_automatic(str(event.data.get("reason", "")), event.data),
        )
        for event in events
    ]
