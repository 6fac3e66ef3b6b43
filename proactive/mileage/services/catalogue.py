"""The secretariat's catalogue (DOMAIN.md §4.5): the year's policy, the activities that earn points with their
versioned terms, and the rewards points buy.

Rules kept here:
- **Terms are versioned, never edited.** Changing an activity's points, evidence, team split or automatic flag
  adds a version that applies from a date; earlier versions stay, and every ledger entry and claim keeps the
  version it was made under. A new version may not start before the newest one does.
- **Points:** an activity earns 1 point or more; only an activity another workflow posts automatically may take
  points (both bounds below zero, e.g. −5 when passive administration is upheld).
- **Activities other workflows post** (``services.automatic.WORKFLOW_CODES``) stay automatic.
- **동백전 rewards are worth their points at the year's rate** (``MileagePolicy.won_per_point``): the value is
  computed when the reward is saved, and re-computed when the secretariat changes this year's rate.
- Nothing is deleted: an activity or a reward is switched off (``active``), so history keeps its meaning.

Every change writes an audit event (``mileage.policy_changed``, ``mileage.activity_added``,
``mileage.activity_updated``, ``mileage.activity_rule_revised``, ``mileage.activity_switched``,
``mileage.reward_added``, ``mileage.reward_changed``, ``mileage.reward_switched``, ``mileage.reward_repriced``).
"""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.services import diff, record_event, snapshot
from proactive.core.exceptions import DomainError
from proactive.mileage.enums import RewardKind
from proactive.mileage.models import ActivityRule, ActivityType, MileagePolicy, RewardOption
from proactive.mileage.queries.catalogue import current_rule, latest_rule
from proactive.mileage.services.automatic import WORKFLOW_CODES
from proactive.mileage.services.ledger import policy_for

__all__ = [
    "add_activity_type",
    "change_policy",
    "current_rule",
    "revise_activity_rule",
    "save_reward_option",
    "set_activity_active",
    "set_reward_active",
    "update_activity_type",
]

MAX_ACTIVITY_POINTS = 100  # one activity; the caps per official and per department limit the year
POLICY_FIELDS = [
    "cap_per_person",
    "cap_per_department",
    "eligible_from_grade",
    "won_per_point",
    "min_redeem_points",
    "expires_at_year_end",
    "appeal_window_days",
    "appeal_decision_days",
]
TERM_FIELDS = ["points_min", "points_max", "evidence_required", "team_split", "automatic"]
ACTIVITY_FIELDS = ["name", "name_en", "description", "order"]
REWARD_FIELDS = ["kind", "name", "name_en", "points", "value_won", "leave_days", "order"]
LOWEST_GRADE = 9  # 9급
YEARS = (2020, 2100)


# --- The year's policy ---------------------------------------------------------------------------------------


def _check_policy(policy: MileagePolicy) -> None:
    problems = []
    if policy.cap_per_person < 1:
        problems.append(_("The cap per official must be at least 1 point."))
    if policy.cap_per_department < policy.cap_per_person:
        problems.append(_("The cap per department cannot be lower than the cap per official."))
    if not 1 <= policy.eligible_from_grade <= LOWEST_GRADE:
        problems.append(_("The grade must be between 1 and 9."))
    if policy.won_per_point < 1:
        problems.append(_("A point must be worth at least 1 won."))
    if policy.appeal_window_days < 1 or policy.appeal_decision_days < 1:
        problems.append(_("The appeal periods must be at least 1 day."))
    if problems:
        raise DomainError(" ".join(problems), code="invalid_policy")


@transaction.atomic
def change_policy(
    *,
    actor: Any,
    year: int,
    cap_per_person: int | None = None,
    cap_per_department: int | None = None,
    eligible_from_grade: int | None = None,
    won_per_point: int | None = None,
    min_redeem_points: int | None = None,
    expires_at_year_end: bool | None = None,
    appeal_window_days: int | None = None,
    appeal_decision_days: int | None = None,
) -> MileagePolicy:
    """Set ``year``'s policy (created with the defaults first if it does not exist); ``None`` keeps a value.

    The caps apply to points earned from now on: entries already posted stay, even above a lowered cap. When this
    year's value of a point changes, the 동백전 rewards are re-priced at the new rate.
    Side effects: audit ``mileage.policy_changed`` (what changed); ``mileage.reward_repriced`` per re-priced reward.
    """
    if not YEARS[0] <= year <= YEARS[1]:
        raise DomainError(_("Choose a year between 2020 and 2100."), code="invalid_year")
    policy_for(year)  # exists from here on
    policy = MileagePolicy.objects.select_for_update().get(year=year)
    before = snapshot(policy, POLICY_FIELDS)
    given = {
        "cap_per_person": cap_per_person,
        "cap_per_department": cap_per_department,
        "eligible_from_grade": eligible_from_grade,
        "won_per_point": won_per_point,
        "min_redeem_points": min_redeem_points,
        "expires_at_year_end": expires_at_year_end,
        "appeal_window_days": appeal_window_days,
        "appeal_decision_days": appeal_decision_days,
    }
    for field, value in given.items():
        if value is not None:
            setattr(policy, field, value)
    _check_policy(policy)
    changes = diff(policy, before, POLICY_FIELDS)
    if not changes:
        return policy
    policy.save(update_fields=[*changes, "updated_at"])
    record_event(actor=actor, verb="mileage.policy_changed", target=policy, changes=changes, data={"year": year})
    if "won_per_point" in changes and year == timezone.localdate().year:
        _reprice_dongbaek(actor=actor, won_per_point=policy.won_per_point)
    return policy


def _reprice_dongbaek(*, actor: Any, won_per_point: int) -> None:
    for option in RewardOption.objects.select_for_update().filter(kind=RewardKind.DONGBAEK):
        value = option.points * won_per_point
        if option.value_won != value:
            changes = {"value_won": [option.value_won, value]}
            option.value_won = value
            option.save(update_fields=["value_won", "updated_at"])
            record_event(actor=actor, verb="mileage.reward_repriced", target=option, changes=changes)


# --- Activities and their versioned terms ------------------------------------------------------------------


def _check_terms(*, points_min: int, points_max: int, automatic: bool) -> None:
    if points_min > points_max:
        raise DomainError(_("“Points at least” cannot be more than “points at most”."), code="points_range_reversed")
    if max(abs(points_min), abs(points_max)) > MAX_ACTIVITY_POINTS:
        raise DomainError(
            _("An activity earns or takes at most %(max)s points.") % {"max": MAX_ACTIVITY_POINTS},
            code="points_too_many",
        )
    if points_max < 0:
        if not automatic:
            raise DomainError(
                _(
                    "Only an activity posted by another workflow can take points (e.g. −5 when passive "
                    "administration is upheld): tick “posted by another workflow”."
                ),
                code="deduction_not_automatic",
            )
    elif points_min < 1:
        raise DomainError(
            _("An activity earns at least 1 point. (A deduction has both values below zero.)"),
            code="points_below_one",
        )


def _check_workflow_activity(code: str, automatic: bool) -> None:
    if code in WORKFLOW_CODES and not automatic:
        raise DomainError(
            _("Another workflow posts this activity, so it must stay marked as “posted by another workflow”."),
            code="workflow_activity",
        )


@transaction.atomic
def add_activity_type(
    *,
    actor: Any,
    code: str,
    name: str,
    points_min: int,
    points_max: int,
    name_en: str = "",
    description: str = "",
    order: int = 0,
    evidence_required: str = "",
    team_split: bool = True,
    automatic: bool = False,
    valid_from: datetime.date | None = None,
) -> ActivityType:
    """Add an activity to the catalogue with its first version of terms (from ``valid_from``, today by default).

    Side effects: audit ``mileage.activity_added``.
    """
    code = code.strip().lower()
    name = name.strip()
    if not code or not name:
        raise DomainError(_("Give the activity a code and a name."), code="activity_incomplete")
    _check_terms(points_min=points_min, points_max=points_max, automatic=automatic)
    _check_workflow_activity(code, automatic)
    if ActivityType.objects.filter(code=code).exists():
        raise DomainError(
            _("An activity with the code %(code)s exists already.") % {"code": code}, code="duplicate_code"
        )
    try:
        with transaction.atomic():
            activity = ActivityType.objects.create(
                code=code, name=name, name_en=name_en.strip(), description=description.strip(), order=order
            )
    except IntegrityError as exc:  # the same code added at the same moment
        raise DomainError(
            _("An activity with the code %(code)s exists already.") % {"code": code}, code="duplicate_code"
        ) from exc
    rule = ActivityRule.objects.create(
        activity=activity,
        version=1,
        points_min=points_min,
        points_max=points_max,
        evidence_required=evidence_required.strip(),
        team_split=team_split,
        automatic=automatic,
        valid_from=valid_from or timezone.localdate(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        verb="mileage.activity_added",
        target=activity,
        data={"code": code, "rule": snapshot(rule, TERM_FIELDS) | {"valid_from": str(rule.valid_from)}},
    )
    return activity


@transaction.atomic
def update_activity_type(
    *, actor: Any, activity: ActivityType, name: str, name_en: str = "", description: str = "", order: int = 0
) -> ActivityType:
    """Change how an activity is named and described (not its terms, which are versioned).

    Side effects: audit ``mileage.activity_updated`` with what changed.
    """
    activity = ActivityType.objects.select_for_update().get(pk=activity.pk)
    if not name.strip():
        raise DomainError(_("Give the activity a name."), code="activity_incomplete")
    before = snapshot(activity, ACTIVITY_FIELDS)
    activity.name, activity.name_en, activity.description = name.strip(), name_en.strip(), description.strip()
    activity.order = order
    changes = diff(activity, before, ACTIVITY_FIELDS)
    if changes:
        activity.save(update_fields=[*changes, "updated_at"])
        record_event(actor=actor, verb="mileage.activity_updated", target=activity, changes=changes)
    return activity


@transaction.atomic
def revise_activity_rule(
    *,
    actor: Any,
    activity: ActivityType,
    points_min: int,
    points_max: int,
    valid_from: datetime.date,
    evidence_required: str = "",
    team_split: bool = True,
    automatic: bool = False,
) -> ActivityRule:
    """Add the next version of ``activity``'s terms, applying from ``valid_from``; earlier versions are kept.

    Refused when the new version would start before the newest one, or when nothing changed.
    Side effects: audit ``mileage.activity_rule_revised`` (the old and the new terms).
    """
    activity = ActivityType.objects.select_for_update().get(pk=activity.pk)  # one version number at a time
    _check_terms(points_min=points_min, points_max=points_max, automatic=automatic)
    _check_workflow_activity(activity.code, automatic)
    newest = latest_rule(activity)
    terms = {
        "points_min": points_min,
        "points_max": points_max,
        "evidence_required": evidence_required.strip(),
        "team_split": team_split,
        "automatic": automatic,
    }
    if newest is not None:
        if valid_from < newest.valid_from:
            raise DomainError(
                _("A new version cannot start before version %(version)s, which applies from %(date)s.")
                % {"version": newest.version, "date": newest.valid_from.isoformat()},
                code="valid_from_too_early",
            )
        if snapshot(newest, TERM_FIELDS) == terms:
            raise DomainError(
                _("Nothing changed: these are the terms of version %(version)s.") % {"version": newest.version},
                code="terms_unchanged",
            )
    rule = ActivityRule.objects.create(
        activity=activity,
        version=(newest.version + 1) if newest else 1,
        valid_from=valid_from,
        created_by=actor if getattr(actor, "pk", None) else None,
        **terms,
    )
    record_event(
        actor=actor,
        verb="mileage.activity_rule_revised",
        target=activity,
        changes=diff(rule, snapshot(newest, TERM_FIELDS) if newest else {}, TERM_FIELDS),
        data={"version": rule.version, "valid_from": valid_from.isoformat()},
    )
    return rule


@transaction.atomic
def set_activity_active(*, actor: Any, activity: ActivityType, active: bool) -> ActivityType:
    """Offer an activity for claims (and automatic postings) or stop offering it. Claims already made and entries
    already posted keep their terms.

    Side effects: audit ``mileage.activity_switched`` when the state changes.
    """
    activity = ActivityType.objects.select_for_update().get(pk=activity.pk)
    if activity.active != active:
        activity.active = active
        activity.save(update_fields=["active", "updated_at"])
        record_event(
            actor=actor, verb="mileage.activity_switched", target=activity, changes={"active": [not active, active]}
        )
    return activity


# --- Rewards -------------------------------------------------------------------------------------------------


def _priced(kind: str, points: int, value_won: int, leave_days: int) -> tuple[int, int]:
    """(value in 원, days of leave) for a reward of ``kind``, or DomainError saying what is missing."""
    if points < 1:
        raise DomainError(_("A reward costs at least 1 point."), code="reward_points")
    if kind == RewardKind.DONGBAEK:
        return points * policy_for(timezone.localdate().year).won_per_point, 0
    if kind == RewardKind.COUPON:
        if value_won < 1:
            raise DomainError(_("Give the coupon's value in won."), code="reward_value")
        return value_won, 0
    if kind == RewardKind.LEAVE:
        if leave_days < 1:
            raise DomainError(_("Give the number of days of leave."), code="reward_leave_days")
        return 0, leave_days
    raise DomainError(_("Choose the kind of reward."), code="reward_kind")


@transaction.atomic
def save_reward_option(
    *,
    actor: Any,
    kind: str,
    name: str,
    points: int,
    option: RewardOption | None = None,
    name_en: str = "",
    value_won: int = 0,
    leave_days: int = 0,
    order: int = 0,
) -> RewardOption:
    """Add a reward (``option`` None) or change one. A 동백전 credit is worth its points at this year's rate; a
    coupon needs its value in 원; leave needs its days. A reward already redeemed keeps its kind (add a new one
    instead), and requests already made keep the points they reserved.

    Side effects: audit ``mileage.reward_added`` or ``mileage.reward_changed`` (what changed).
    """
    name = name.strip()
    if not name:
        raise DomainError(_("Give the reward a name."), code="reward_incomplete")
    value_won, leave_days = _priced(kind, points, value_won, leave_days)
    fields = {
        "kind": kind,
        "name": name,
        "name_en": name_en.strip(),
        "points": points,
        "value_won": value_won,
        "leave_days": leave_days,
        "order": order,
    }
    if option is None:
        option = RewardOption.objects.create(**fields)
        record_event(actor=actor, verb="mileage.reward_added", target=option, data=snapshot(option, REWARD_FIELDS))
        return option
    option = RewardOption.objects.select_for_update().get(pk=option.pk)
    if kind != option.kind and option.redemptions.exists():
        raise DomainError(
            _("This reward has been requested already, so its kind cannot change: add a new reward instead."),
            code="reward_kind_locked",
        )
    before = snapshot(option, REWARD_FIELDS)
    for field, value in fields.items():
        setattr(option, field, value)
    changes = diff(option, before, REWARD_FIELDS)
    if changes:
        option.save(update_fields=[*changes, "updated_at"])
        record_event(actor=actor, verb="mileage.reward_changed", target=option, changes=changes)
    return option


@transaction.atomic
def set_reward_active(*, actor: Any, option: RewardOption, active: bool) -> RewardOption:
    """Offer a reward or stop offering it; requests already made go on.

    Side effects: audit ``mileage.reward_switched`` when the state changes.
    """
    option = RewardOption.objects.select_for_update().get(pk=option.pk)
    if option.active != active:
        option.active = active
        option.save(update_fields=["active", "updated_at"])
        record_event(
            actor=actor, verb="mileage.reward_switched", target=option, changes={"active": [not active, active]}
        )
    return option
