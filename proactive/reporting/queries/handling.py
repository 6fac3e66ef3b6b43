"""Reads of the handling area: a handler's queue (metadata only: nothing here decrypts), counts for the list and
the dashboard, overdue reports, and what one report's page shows (timeline, thread, choices for the forms)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from proactive.accounts.models import Official, OrgUnit
from proactive.core import deadlines
from proactive.reporting.enums import OPEN_STATES, ReportState
from proactive.reporting.models import Attachment, CentreSettings, Event, Message, Report
from proactive.reporting.queries import BODY_KINDS, handlers_of, reports_handled_by

S = ReportState
# Reports with a running deadline: triaged for investigation and not yet closed.
DEADLINE_STATES = frozenset(OPEN_STATES - {S.RECEIVED})


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def queue_for(user: Any) -> QuerySet[Report]:
    """Every report of the bodies ``user`` handles (none for a superuser: AC-05)."""
    if _is_superuser(user):
        return Report.objects.none()
    return reports_handled_by(user)


def overdue_q(today: date) -> Q:
    return Q(state__in=DEADLINE_STATES, due_on__lt=today)


@dataclass(frozen=True)
class QueueFilter:
    state: str = ""
    report_type: str = ""
    field: str = ""
    mine: bool = False
    overdue: bool = False
    search: str = ""


def report_queue(user: Any, criteria: QueueFilter, *, today: date) -> QuerySet[Report]:
    """``user``'s queue filtered by ``criteria``; the search looks at metadata only (number, type, unit, state)."""
    qs = queue_for(user).select_related("body", "unit", "assignee")
    if criteria.state:
        qs = qs.filter(state=criteria.state)
    if criteria.report_type:
        qs = qs.filter(report_type=criteria.report_type)
    if criteria.field:
        qs = qs.filter(field=criteria.field)
    if criteria.mine:
        qs = qs.filter(assignee=user)
    if criteria.overdue:
        qs = qs.filter(overdue_q(today))
    term = criteria.search.strip()
    if term:
        from proactive.reporting.enums import ReportType  # noqa: PLC0415  (only the search needs the labels)

        matching_types = [value for value, label in ReportType.choices if term.lower() in str(label).lower()]
        matching_states = [value for value, label in S.choices if term.lower() in str(label).lower()]
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(unit__name__icontains=term)
            | Q(unit__name_en__icontains=term)
            | Q(report_type__in=matching_types)
            | Q(state__in=matching_states)
        )
    return qs.order_by("-received_on", "-pk")


def state_counts(user: Any) -> dict[str, int]:
    rows = queue_for(user).order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def overdue_count(user: Any, *, today: date) -> int:
    return queue_for(user).filter(overdue_q(today)).count()


def dashboard_counts(user: Any, *, today: date) -> dict[str, int]:
    """New, under investigation and overdue reports of the bodies ``user`` handles (one query)."""
    counts = queue_for(user).aggregate(
        new=Count("pk", filter=Q(state=S.RECEIVED)),
        investigating=Count("pk", filter=Q(state=S.INVESTIGATING)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    return {key: value or 0 for key, value in counts.items()}


def overdue_reports(today: date) -> QuerySet[Report]:
    """Every report past its due date and not closed, whichever body handles it (for the daily reminder)."""
    return Report.objects.filter(overdue_q(today)).select_related("body").order_by("body_id", "due_on", "pk")


def days_left(report: Report, *, today: date, business: bool) -> int | None:
    """Days until the report is due (negative when overdue), counted as the centre counts; None without a due
    date or once it no longer runs."""
    if report.due_on is None or report.state not in DEADLINE_STATES:
        return None
    return deadlines.days_left(report.due_on, today, business=business)


def centre_settings() -> CentreSettings:
    """The centre's rules for reading (the defaults, unsaved, until someone saves them: a GET writes nothing)."""
    return CentreSettings.objects.filter(pk=1).first() or CentreSettings(pk=1)


# --- One report ----------------------------------------------------------------------------------------------


def get_report(pk: int) -> Report | None:
    return (
        Report.objects.select_related("body", "unit", "official__unit", "assignee", "forwarded_to", "reporter")
        .filter(pk=pk)
        .first()
    )


def timeline(report: Report) -> list[Event]:
    return list(report.events.select_related("actor").order_by("pk"))


def thread(report: Report) -> list[Message]:
    """The messages and internal notes, oldest first, with their files."""
    return list(
        report.messages.select_related("author", "report")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.select_related("report")))
        .order_by("pk")
    )


def report_files(report: Report) -> list[Attachment]:
    """Files the reporter attached with the report itself (not to a message)."""
    return list(report.attachments.filter(message__isnull=True).select_related("report").order_by("pk"))


def extensions(report: Report) -> list:
    return list(report.extensions.select_related("granted_by").order_by("pk"))


def actions(report: Report) -> list:
    return list(report.actions.select_related("official", "unit", "taken_by").order_by("pk"))


def assignee_choices(report: Report) -> list:
    return handlers_of(report.body)


def _other_bodies_within(body: OrgUnit) -> Q:
    """Units below ``body`` that are bodies of their own (and their subtrees): not this body's to sanction."""
    inner = OrgUnit.objects.filter(path__startswith=body.path, kind__in=BODY_KINDS).exclude(pk=body.pk)
    condition = Q(pk__in=[])
    for path in inner.values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    return condition


def body_units(report: Report) -> QuerySet[OrgUnit]:
    """Active units of the report's body (without the bodies inside it), in tree order."""
    body = report.body
    return (
        OrgUnit.objects.filter(is_active=True, path__startswith=body.path)
        .exclude(_other_bodies_within(body))
        .only("pk", "name", "depth", "path")
        .order_by("path")
    )


def forward_choices() -> QuerySet[OrgUnit]:
    """Every active unit, in tree order: a complaint may go to any department, in this body or another."""
    return OrgUnit.objects.filter(is_active=True).only("pk", "name", "depth", "path").order_by("path")


def official_choices(report: Report) -> QuerySet[Official]:
    """Officials an action may concern: those of the department concerned (and its sub-units) and the official
    the reporter named; all of the body's officials when no department is known."""
    scope = report.unit if report.unit is not None else report.body
    condition = Q(unit__path__startswith=scope.path)
    if report.official_id is not None:
        condition |= Q(pk=report.official_id)
    qs = Official.objects.filter(condition).select_related("unit").order_by("unit__path", "name")
    if report.unit is None:
        qs = qs.exclude(unit__in=OrgUnit.objects.filter(_other_bodies_within(report.body)))
    return qs


def official_by_employee_no(employee_no: str) -> Official | None:
    return Official.objects.select_related("unit").filter(employee_no=employee_no.strip()).first()
