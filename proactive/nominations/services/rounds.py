"""Preparing, publishing, freezing and closing selection rounds (docs/workflows/selection-round.md).

A round is prepared as a draft with its schedule and configuration (weights, rubric, shortlist, ballot size,
voters, tie-breaks, grade rules). Once its nomination window opens the configuration is frozen into a numbered
``RoundConfigSnapshot``; after that only dates that have not come yet and the call text may change.
"""

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.nominations.enums import Benefit, Grade, Half, RoundStatus, ScoredStage, TieBreak, Voters
from proactive.nominations.models import Criterion, GradeRule, RoundConfigSnapshot, SelectionRound

RUBRIC_TOTAL = Decimal("100")
WEIGHTS_TOTAL = Decimal("100")
DEFAULT_VOTE_DAYS = 7

SCHEDULE_FIELDS = [
    "nominations_open_at",
    "nominations_close_at",
    "verification_end_at",
    "working_review_end_at",
    "vote_start_at",
    "vote_end_at",
    "committee_at",
    "announce_at",
]
# Frozen with the configuration: nominators rely on the period whose results count.
CONFIG_FIELDS = [
    "results_from",
    "results_to",
    "weight_working",
    "weight_vote",
    "weight_committee",
    "shortlist_size",
    "picks_per_ballot",
    "voters",
    "tie_breaks",
]
IDENTITY_FIELDS = ["year", "half"]
ROUND_FIELDS = [*IDENTITY_FIELDS, "summary", *CONFIG_FIELDS, *SCHEDULE_FIELDS]
CRITERION_FIELDS = ["stage", "name", "name_en", "max_points", "guidance", "order"]
GRADE_RULE_FIELDS = ["grade", "quota", "prize_money", "benefits"]


class RoundInvalid(DomainError):
    """The round's data breaks one or more rules; ``messages`` lists them all, in the user's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages), code="round_invalid")
        self.messages = messages


# --- Defaults offered when creating a round ------------------------------------------------------------------


def default_criteria() -> list[dict[str, Any]]:
    """The rubric offered for both scored stages: the four headings used nationally and by Busan 중구 (100 points)."""
    lines = [
        (
            "국민체감도",
            "Impact felt by citizens",
            Decimal("50"),
            _("How much citizens and businesses felt the change."),
        ),
        (
            "적극성·창의성·전문성",
            "Initiative, creativity and expertise",
            Decimal("25"),
            _("How far the official went beyond routine practice, with new ideas and professional skill."),
        ),
        (
            "중요도·난이도",
            "Importance and difficulty",
            Decimal("15"),
            _("How important the task was and how hard it was to solve."),
        ),
        (
            "확산가능성",
            "Potential to spread",
            Decimal("10"),
            _("Whether other departments or local governments could adopt it."),
        ),
    ]
    return [
        {"stage": stage.value, "name": name, "name_en": name_en, "max_points": points, "guidance": guidance, "order": i}
        for stage in (ScoredStage.WORKING, ScoredStage.COMMITTEE)
        for i, (name, name_en, points, guidance) in enumerate(lines, start=1)
    ]


def default_grade_rules() -> list[dict[str, Any]]:
    """Busan-like grades: 최우수 3, 우수 6, 장려 4, 도전 1, with prize money and the benefits each may choose."""
    B = Benefit
    return [
        {
            "grade": Grade.TOP.value,
            "quota": 3,
            "prize_money": 2_000_000,
            "benefits": [B.SPECIAL_PROMOTION, B.EARLY_PROMOTION, B.SPECIAL_STEP, B.TOP_BONUS, B.TRAINING_POINTS],
        },
        {
            "grade": Grade.EXCELLENT.value,
            "quota": 6,
            "prize_money": 1_000_000,
            "benefits": [B.SPECIAL_STEP, B.TOP_BONUS, B.TRAINING_POINTS, B.RATING_POINTS],
        },
        {
            "grade": Grade.ENCOURAGEMENT.value,
            "quota": 4,
            "prize_money": 500_000,
            "benefits": [B.TRAINING_POINTS, B.REWARD_LEAVE, B.RATING_POINTS],
        },
        {
            "grade": Grade.CHALLENGE.value,
            "quota": 1,
            "prize_money": 300_000,
            "benefits": [B.TRAINING_POINTS, B.REWARD_LEAVE],
        },
    ]


def _seoul(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))


def next_half_year(now: datetime.datetime | None = None) -> tuple[int, int]:
    """The half-year whose results are being earned now, or the first later one without a round yet."""
    today = timezone.localdate(now or timezone.now())
    year, half = today.year, Half.FIRST if today.month <= 6 else Half.SECOND
    taken = set(SelectionRound.objects.values_list("year", "half"))
    while (year, half) in taken:
        year, half = (year, Half.SECOND) if half == Half.FIRST else (year + 1, Half.FIRST)
    return year, int(half)


def default_round_data(now: datetime.datetime | None = None) -> dict[str, Any]:
    """A Busan-like schedule for the next half-year (all times Asia/Seoul) with the default configuration."""
    year, half = next_half_year(now)
    if half == Half.FIRST:
        results = (datetime.date(year, 1, 1), datetime.date(year, 6, 30))
        y, m = year, 7  # the month after the results period
    else:
        results = (datetime.date(year, 7, 1), datetime.date(year, 12, 31))
        y, m = year + 1, 1
    vote_start = _seoul(y, m + 1, 22)
    return {
        "year": year,
        "half": half,
        "summary": "",
        "results_from": results[0],
        "results_to": results[1],
        "nominations_open_at": _seoul(y, m, 1, 9),
        "nominations_close_at": _seoul(y, m, 16, 18),
        "verification_end_at": _seoul(y, m, 31, 18),
        "working_review_end_at": _seoul(y, m + 1, 14, 18),
        "vote_start_at": vote_start,
        "vote_end_at": vote_start + datetime.timedelta(days=DEFAULT_VOTE_DAYS),
        "committee_at": _seoul(y, m + 2, 3, 14),
        "announce_at": _seoul(y, m + 2, 9, 10),
        "weight_working": Decimal("10"),
        "weight_vote": Decimal("10"),
        "weight_committee": Decimal("80"),
        "shortlist_size": 20,
        "picks_per_ballot": 10,
        "voters": Voters.BOTH.value,
        "tie_breaks": [TieBreak.COMMITTEE.value, TieBreak.WORKING.value, TieBreak.VOTE.value, TieBreak.EARLIER.value],
    }


def _schedule_labels() -> dict[str, Any]:
    return {name: getattr(SelectionRound._meta.get_field(name), "verbose_name", name) for name in SCHEDULE_FIELDS}


def _points(value: Decimal) -> str:
    """``Decimal("80.00")`` → ``"80"``, ``Decimal("12.50")`` → ``"12.5"`` (never exponent notation)."""
    return format(Decimal(value).normalize(), "f")


# --- Validation -----------------------------------------------------------------------------------------------


def validate_round(data: dict[str, Any], criteria: list[dict[str, Any]], grade_rules: list[dict[str, Any]]) -> None:
    """Raise ``RoundInvalid`` listing every broken rule of the schedule and the configuration."""
    errors: list[str] = []
    if data["results_from"] > data["results_to"]:
        errors.append(_("The results period must end on or after the day it starts."))
    order = [
        ("nominations_open_at", "nominations_close_at", False),
        ("nominations_close_at", "verification_end_at", True),
        ("verification_end_at", "working_review_end_at", True),
        ("working_review_end_at", "vote_start_at", True),
        ("vote_start_at", "vote_end_at", False),
        ("vote_end_at", "committee_at", True),
        ("committee_at", "announce_at", True),
    ]
    labels = _schedule_labels()
    for earlier, later, may_equal in order:
        if data[later] < data[earlier] or (not may_equal and data[later] == data[earlier]):
            errors.append(
                _("“%(later)s” must come after “%(earlier)s”.") % {"later": labels[later], "earlier": labels[earlier]}
            )
    weights = [data["weight_working"], data["weight_vote"], data["weight_committee"]]
    if any(w < 0 for w in weights):
        errors.append(_("Stage weights cannot be negative."))
    if sum(weights, Decimal(0)) != WEIGHTS_TOTAL:
        errors.append(
            _("The stage weights must add up to %(total)s points; they add up to %(sum)s.")
            % {"total": WEIGHTS_TOTAL, "sum": _points(sum(weights, Decimal(0)))}
        )
    stage_labels = dict(ScoredStage.choices)
    for stage in ScoredStage:
        points = [Decimal(c["max_points"]) for c in criteria if c["stage"] == stage]
        if not points:
            errors.append(_("The %(stage)s needs at least one criterion.") % {"stage": stage_labels[stage]})
        elif sum(points, Decimal(0)) != RUBRIC_TOTAL:
            errors.append(
                _("The criteria of the %(stage)s must add up to %(total)s points; they add up to %(sum)s.")
                % {"stage": stage_labels[stage], "total": RUBRIC_TOTAL, "sum": _points(sum(points, Decimal(0)))}
            )
    grades = [r["grade"] for r in grade_rules]
    if len(grades) != len(set(grades)):
        errors.append(_("Each grade may have only one rule."))
    if any(int(r["quota"]) < 0 for r in grade_rules):
        errors.append(_("Grade quotas cannot be negative."))
    if any(int(r.get("prize_money") or 0) < 0 for r in grade_rules):
        errors.append(_("Prize money cannot be negative."))
    known_benefits = set(Benefit.values)
    if any(set(r.get("benefits") or []) - known_benefits for r in grade_rules):
        errors.append(_("Choose benefits from the list."))
    winners = sum(int(r["quota"]) for r in grade_rules)
    if data["shortlist_size"] < winners:
        errors.append(
            _("The shortlist (%(shortlist)s) must be at least as long as the number of awards (%(winners)s).")
            % {"shortlist": data["shortlist_size"], "winners": winners}
        )
    if data["picks_per_ballot"] > data["shortlist_size"]:
        errors.append(_("A ballot cannot pick more cases than the shortlist holds."))
    if data["voters"] not in Voters.values:
        errors.append(_("Choose who may vote from the list."))
    tie_breaks = list(data.get("tie_breaks") or [])
    if len(tie_breaks) != len(set(tie_breaks)) or set(tie_breaks) - set(TieBreak.values):
        errors.append(_("List each tie-break at most once."))
    if errors:
        raise RoundInvalid(errors)


def round_warnings(data: dict[str, Any]) -> list[str]:
    """Things that are allowed but unusual, shown to the secretariat after saving."""
    warnings = []
    if data["vote_end_at"] - data["vote_start_at"] != datetime.timedelta(days=DEFAULT_VOTE_DAYS):
        warnings.append(
            _("The online vote usually lasts exactly %(days)s days; this one does not.") % {"days": DEFAULT_VOTE_DAYS}
        )
    return warnings


# --- Writes ---------------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _points(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _replace_children(rnd: SelectionRound, criteria: list[dict], grade_rules: list[dict]) -> None:
    rnd.criteria.all().delete()
    rnd.grade_rules.all().delete()
    Criterion.objects.bulk_create(
        [Criterion(round=rnd, **{k: c.get(k, "") for k in CRITERION_FIELDS if k in c}) for c in criteria]
    )
    GradeRule.objects.bulk_create(
        [
            GradeRule(
                round=rnd,
                grade=r["grade"],
                quota=r["quota"],
                prize_money=r.get("prize_money") or 0,
                benefits=[str(b) for b in r.get("benefits") or []],
            )
            for r in grade_rules
        ]
    )


def _children_data(rnd: SelectionRound) -> tuple[list[dict], list[dict]]:
    criteria = [{k: getattr(c, k) for k in CRITERION_FIELDS} for c in rnd.criteria.all()]
    rules = [{k: getattr(r, k) for k in GRADE_RULE_FIELDS} for r in rnd.grade_rules.all()]
    return criteria, rules


def _save(rnd: SelectionRound) -> None:
    try:
        with transaction.atomic():
            rnd.save()
    except IntegrityError as exc:
        raise RoundInvalid([_("A round for this half-year already exists.")]) from exc


@transaction.atomic
def create_round(
    *, actor: Any, data: dict[str, Any], criteria: list[dict[str, Any]], grade_rules: list[dict[str, Any]]
) -> SelectionRound:
    """Prepare a draft round with its schedule, configuration, rubric and grade rules.

    Rules: see ``validate_round``; one round per half-year. Side effects: audit ``nominations.round_created``.
    """
    validate_round(data, criteria, grade_rules)
    rnd = SelectionRound(status=RoundStatus.DRAFT, **{k: data[k] for k in ROUND_FIELDS if k in data})
    _save(rnd)
    _replace_children(rnd, criteria, grade_rules)
    record_event(
        actor=actor,
        verb="nominations.round_created",
        target=rnd,
        data={"criteria": len(criteria), "grade_rules": len(grade_rules)},
    )
    return rnd


@transaction.atomic
def update_round(
    *,
    actor: Any,
    round: SelectionRound,
    data: dict[str, Any],
    criteria: list[dict[str, Any]] | None = None,
    grade_rules: list[dict[str, Any]] | None = None,
    now: datetime.datetime | None = None,
) -> SelectionRound:
    """Change a round. Fields missing from ``data`` (and ``criteria``/``grade_rules`` left ``None``) stay as they are.

    Rules: a closed round does not change; the year and half change only while the round is a draft; once the
    configuration is frozen (nominations opened) the configuration, rubric and grade rules are refused, and a
    date may move only while it is still ahead and only to a moment still ahead. Side effects: audit
    ``nominations.round_changed`` with the changed fields.
    """
    now = now or timezone.now()
    rnd = SelectionRound.objects.select_for_update().get(pk=round.pk)
    if rnd.status == RoundStatus.CLOSED:
        raise DomainError(_("A closed round can no longer be changed."), code="round_closed")
    _ensure_frozen_locked(rnd, now)
    old_criteria, old_rules = _children_data(rnd)
    merged = {k: getattr(rnd, k) for k in ROUND_FIELDS} | {k: v for k, v in data.items() if k in ROUND_FIELDS}
    new_criteria = old_criteria if criteria is None else criteria
    new_rules = old_rules if grade_rules is None else grade_rules
    changed = [k for k in ROUND_FIELDS if _jsonable(merged[k]) != _jsonable(getattr(rnd, k))]
    errors: list[str] = []
    if rnd.status != RoundStatus.DRAFT and any(k in changed for k in IDENTITY_FIELDS):
        errors.append(_("The year and half of a published round cannot change."))
    if rnd.config_frozen:
        frozen = {"version": rnd.config_version}
        if any(k in changed for k in CONFIG_FIELDS):
            errors.append(
                _(
                    "The configuration was frozen as version %(version)s when nominations opened; it can no longer change."
                )
                % frozen
            )
        if _normalised(new_criteria, CRITERION_FIELDS) != _normalised(old_criteria, CRITERION_FIELDS) or _normalised(
            new_rules, GRADE_RULE_FIELDS
        ) != _normalised(old_rules, GRADE_RULE_FIELDS):
            errors.append(
                _("The rubric and grade rules were frozen as version %(version)s; they can no longer change.") % frozen
            )
        labels = _schedule_labels()
        for name in SCHEDULE_FIELDS:
            if name in changed and (getattr(rnd, name) <= now or merged[name] <= now):
                errors.append(
                    _("“%(field)s” can no longer move: only dates still ahead may change, to a moment still ahead.")
                    % {"field": labels[name]}
                )
    if errors:
        raise RoundInvalid(errors)
    validate_round(merged, new_criteria, new_rules)
    changes = {k: [_jsonable(getattr(rnd, k)), _jsonable(merged[k])] for k in changed}
    for k in changed:
        setattr(rnd, k, merged[k])
    _save(rnd)
    if criteria is not None or grade_rules is not None:
        if _normalised(new_criteria, CRITERION_FIELDS) != _normalised(old_criteria, CRITERION_FIELDS):
            changes["criteria"] = [len(old_criteria), len(new_criteria)]
        if _normalised(new_rules, GRADE_RULE_FIELDS) != _normalised(old_rules, GRADE_RULE_FIELDS):
            changes["grade_rules"] = [len(old_rules), len(new_rules)]
        if "criteria" in changes or "grade_rules" in changes:
            _replace_children(rnd, new_criteria, new_rules)
    if changes:
        record_event(actor=actor, verb="nominations.round_changed", target=rnd, changes=changes)
    return rnd


def _normalised(rows: list[dict[str, Any]], fields: list[str]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        item = {k: _jsonable(row.get(k, "")) for k in fields}
        if "max_points" in item:
            item["max_points"] = _jsonable(Decimal(str(row["max_points"])))
        if "benefits" in item:
            item["benefits"] = [str(b) for b in row.get("benefits") or []]
        out.append(item)
    return sorted(out, key=lambda i: sorted((k, str(v)) for k, v in i.items()))


@transaction.atomic
def publish_round(*, actor: Any, round: SelectionRound, now: datetime.datetime | None = None) -> SelectionRound:
    """Publish a draft's call: it appears on the public board and its windows open and close by their times.

    Rules: only a draft; its nomination window must not have ended; its configuration must be valid. If the
    window has already opened the configuration is frozen at once. Side effects: audit ``nominations.round_published``.
    """
    now = now or timezone.now()
    rnd = SelectionRound.objects.select_for_update().get(pk=round.pk)
    if rnd.status != RoundStatus.DRAFT:
        raise DomainError(_("Only a round being prepared can be published."), code="not_draft")
    if rnd.nominations_close_at <= now:
        raise DomainError(_("The nomination window of this round has already ended."), code="window_over")
    criteria, rules = _children_data(rnd)
    validate_round({k: getattr(rnd, k) for k in ROUND_FIELDS}, criteria, rules)
    rnd.status = RoundStatus.PUBLISHED
    rnd.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.round_published",
        target=rnd,
        changes={"status": [RoundStatus.DRAFT.value, RoundStatus.PUBLISHED.value]},
    )
    _ensure_frozen_locked(rnd, now)
    return rnd


@transaction.atomic
def close_round(*, actor: Any, round: SelectionRound, now: datetime.datetime | None = None) -> SelectionRound:
    """Close a published round once its results have been announced. Side effects: audit ``nominations.round_closed``."""
    now = now or timezone.now()
    rnd = SelectionRound.objects.select_for_update().get(pk=round.pk)
    if rnd.status != RoundStatus.PUBLISHED:
        raise DomainError(_("Only a published round can be closed."), code="not_published")
    if now < rnd.announce_at:
        raise DomainError(_("A round can be closed only after its results are announced."), code="not_announced")
    rnd.status = RoundStatus.CLOSED
    rnd.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        verb="nominations.round_closed",
        target=rnd,
        changes={"status": [RoundStatus.PUBLISHED.value, RoundStatus.CLOSED.value]},
    )
    return rnd


# --- Freezing the configuration -------------------------------------------------------------------------------


def config_data(rnd: SelectionRound) -> dict[str, Any]:
    """Everything the snapshot records, JSON-safe."""
    criteria, rules = _children_data(rnd)
    return {
        "round": {"year": rnd.year, "half": rnd.half},
        **{k: _jsonable(getattr(rnd, k)) for k in CONFIG_FIELDS},
        "criteria": [{k: _jsonable(v) for k, v in c.items()} for c in criteria],
        "grade_rules": [{k: _jsonable(v) for k, v in r.items()} for r in rules],
    }


def _freeze_locked(rnd: SelectionRound, actor: Any, now: datetime.datetime) -> SelectionRound:
    version = rnd.config_version + 1
    data = config_data(rnd)
    RoundConfigSnapshot.objects.create(
        round=rnd, version=version, data=data, created_by=actor if getattr(actor, "pk", None) else None
    )
    rnd.config_version = version
    rnd.config_frozen_at = now
    rnd.save(update_fields=["config_version", "config_frozen_at", "updated_at"])
    record_event(actor=actor, verb="nominations.round_config_frozen", target=rnd, data={"version": version})
    return rnd


def _ensure_frozen_locked(rnd: SelectionRound, now: datetime.datetime) -> bool:
    if rnd.status == RoundStatus.PUBLISHED and not rnd.config_frozen and rnd.nominations_open_at <= now:
        _freeze_locked(rnd, None, now)
        return True
    return False


@transaction.atomic
def freeze_config(*, actor: Any, round: SelectionRound, now: datetime.datetime | None = None) -> SelectionRound:
    """Record the round's configuration as snapshot version N+1 and mark it frozen.

    Normally done by the schedule when nominations open (``freeze_due_configs``); calling it again records a new
    version (a later decision). Side effects: a ``RoundConfigSnapshot``; audit ``nominations.round_config_frozen``.
    """
    rnd = SelectionRound.objects.select_for_update().get(pk=round.pk)
    if rnd.status == RoundStatus.DRAFT:
        raise DomainError(_("A round being prepared cannot be frozen; publish it first."), code="not_published")
    return _freeze_locked(rnd, actor, now or timezone.now())


def freeze_due_configs(now: datetime.datetime | None = None) -> int:
    """Freeze every published round whose nominations have opened and which is not frozen yet. Idempotent.

    Returns how many rounds were frozen. Called by ``run_round_schedule`` (cron) and lazily by the round pages.
    """
    now = now or timezone.now()
    due = SelectionRound.objects.filter(
        status=RoundStatus.PUBLISHED, nominations_open_at__lte=now, config_frozen_at__isnull=True
    ).values_list("pk", flat=True)
    frozen = 0
    for pk in list(due):
        with transaction.atomic():
            rnd = SelectionRound.objects.select_for_update().get(pk=pk)
            frozen += _ensure_frozen_locked(rnd, now)
    return frozen


def ensure_config_frozen(round: SelectionRound, now: datetime.datetime | None = None) -> SelectionRound:
    """Make sure ``round``'s configuration is frozen if its nominations have opened; call before accepting one.

    Cheap when nothing is due (no query). Updates ``round`` in place and returns it.
    """
    now = now or timezone.now()
    if round.status != RoundStatus.PUBLISHED or round.config_frozen or round.nominations_open_at > now:
        return round
    with transaction.atomic():
        rnd = SelectionRound.objects.select_for_update().get(pk=round.pk)
        _ensure_frozen_locked(rnd, now)
    round.config_version = rnd.config_version
    round.config_frozen_at = rnd.config_frozen_at
    return round
