"""Reads of legal support: who sees which applications, the queue and its counts, one application's page, the
overdue fact-findings, the yearly summary."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from proactive.accounts.models import RoleMembership, User
from proactive.core import deadlines
from proactive.legalsupport.enums import LODGED_STATES, ApplicationState, Outcome, Stage
from proactive.legalsupport.models import Application, Invoice, LegalSupportSettings, Payment
from proactive.legalsupport.rules import is_case_staff

S = ApplicationState


def support_settings() -> LegalSupportSettings:
    """The rules for reading (the defaults, unsaved, until someone saves them: a GET writes nothing)."""
    return LegalSupportSettings.objects.filter(pk=1).first() or LegalSupportSettings(pk=1)


def role_users(role: str) -> list[User]:
    """Active accounts holding ``role`` today."""
    holders = RoleMembership.objects.active().filter(role=role).values("user_id")
    return list(User.objects.filter(pk__in=holders, is_active=True).order_by("pk"))


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def _own(user: Any) -> Q:
    condition = Q(filed_by=user)
    if getattr(user, "official_id", None) is not None:
        condition |= Q(official_id=user.official_id)
    return condition


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Applications ``user`` may read: their own and those they filed (drafts included), and, for the accountable
    officer, the secretariat and the protection officer, every lodged application. None for a superuser."""
    if not getattr(user, "is_authenticated", False) or _is_superuser(user):
        return Application.objects.none()
    condition = _own(user)
    if is_case_staff(user):
        condition |= Q(state__in=LODGED_STATES)
    return Application.objects.filter(condition)


def my_applications(user: Any) -> QuerySet[Application]:
    """The applications about ``user`` (as an official) and those they wrote for someone else, newest first."""
    if not getattr(user, "is_authenticated", False) or _is_superuser(user):
        return Application.objects.none()
    return (
        Application.objects.filter(_own(user))
        .select_related("official__unit", "filed_by")
        .order_by("-created_at", "-pk")
    )


# --- The queue -----------------------------------------------------------------------------------------------


def overdue_q(today: date) -> Q:
    """Fact-finding past its due date."""
    return Q(state=S.SUBMITTED, due_on__lt=today)


@dataclass(frozen=True)
class QueueFilter:
    state: str = ""
    stage: str = ""
    year: int | None = None
    overdue: bool = False
    retired: bool = False
    search: str = ""


def lodged_for(user: Any) -> QuerySet[Application]:
    """Every lodged application for case staff; nothing for anyone else (nor a superuser)."""
    if _is_superuser(user) or not is_case_staff(user):
        return Application.objects.none()
    return Application.objects.filter(state__in=LODGED_STATES)


def application_queue(user: Any, criteria: QueueFilter, *, today: date) -> QuerySet[Application]:
    """``user``'s queue filtered by ``criteria``; the search looks at the receipt and decision numbers, the
    official's name and employee number, and the case number."""
    qs = lodged_for(user).select_related("official__unit")
    if criteria.state:
        qs = qs.filter(state=criteria.state)
    if criteria.stage:
        qs = qs.filter(stage=criteria.stage)
    if criteria.year:
        qs = qs.filter(submitted_on__year=criteria.year)
    if criteria.overdue:
        qs = qs.filter(overdue_q(today))
    if criteria.retired:
        qs = qs.filter(official_retired=True)
    term = criteria.search.strip()
    if term:
        qs = qs.filter(
            Q(receipt_number__icontains=term)
            | Q(decision_number__icontains=term)
            | Q(official__name__icontains=term)
            | Q(official__employee_no__iexact=term)
            | Q(case_number__icontains=term)
        )
    return qs.order_by("-submitted_on", "-pk")


def state_counts(user: Any) -> dict[str, int]:
    rows = lodged_for(user).order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def dashboard_counts(user: Any, *, today: date) -> dict[str, int]:
    """What waits for the case staff (one query): facts to check, overdue, ready to table, before the committee,
    approved with payments open, refunds due."""
    counts = lodged_for(user).aggregate(
        to_check=Count("pk", filter=Q(state=S.SUBMITTED)),
        overdue=Count("pk", filter=overdue_q(today)),
        to_table=Count("pk", filter=Q(state=S.FACTS_CHECKED)),
        before_committee=Count("pk", filter=Q(state=S.BEFORE_COMMITTEE)),
        approved=Count("pk", filter=Q(state=S.APPROVED)),
        refunds=Count("pk", filter=Q(state=S.CANCELLED)),
    )
    return {key: value or 0 for key, value in counts.items()}


def my_counts(user: Any) -> dict[str, int]:
    """The applicant's panel: drafts and applications in progress (one query)."""
    counts = my_applications(user).aggregate(
        drafts=Count("pk", filter=Q(state=S.DRAFT)),
        open=Count(
            "pk", filter=Q(state__in=[S.SUBMITTED, S.FACTS_CHECKED, S.BEFORE_COMMITTEE, S.APPROVED, S.CANCELLED])
        ),
        total=Count("pk"),
    )
    return {key: value or 0 for key, value in counts.items()}


def overdue_applications(today: date) -> QuerySet[Application]:
    return Application.objects.filter(overdue_q(today)).order_by("due_on", "pk")


def days_left(application: Application, *, today: date, business: bool) -> int | None:
    """Days until the fact-finding is due (negative when overdue); None once the facts are checked."""
    if application.due_on is None or application.state != S.SUBMITTED:
        return None
    return deadlines.days_left(application.due_on, today, business=business)


# --- One application -----------------------------------------------------------------------------------------


def get_application(pk: int) -> Application | None:
    return (
        Application.objects.select_related(
            "official__unit",
            "official__user",
            "filed_by",
            "decision_document",
            "cancellation_document",
        )
        .filter(pk=pk)
        .first()
    )


def fact_finding_of(application: Application):
    from proactive.legalsupport.models import FactFinding  # noqa: PLC0415  (one optional row)

    return FactFinding.objects.select_related("checked_by").filter(application=application).first()


def timeline(application: Application) -> list:
    return list(application.events.select_related("actor").order_by("pk"))


def comments(application: Application) -> list:
    return list(application.comments.select_related("author").order_by("pk"))


def extensions(application: Application) -> list:
    return list(application.extensions.select_related("granted_by").order_by("pk"))


def files(application: Application) -> list:
    return list(application.files.select_related("owner").order_by("created_at"))


def related_answers(application: Application) -> list:
    return list(application.related_answers.order_by("-answered_on", "pk"))


def invoices(application: Application) -> list[Invoice]:
    """The invoices with their payments, oldest first."""
    return list(
        application.invoices.select_related("document", "recorded_by")
        .prefetch_related(
            Prefetch("payments", queryset=Payment.objects.select_related("recorded_by").order_by("paid_on", "pk"))
        )
        .order_by("issued_on", "pk")
    )


def committee_items(application: Application) -> list:
    """The committee's agenda items of this application, with their meetings ("linked to its meeting")."""
    from proactive.committee.queries import items_of  # noqa: PLC0415  (the committee's read, only for the page)

    return items_of("legal_support", application.pk)


# --- The yearly summary --------------------------------------------------------------------------------------


@dataclass
class SummaryRow:
    stage: str
    label: Any
    applications: int = 0
    approved: int = 0
    denied: int = 0
    pending: int = 0
    requested: int = 0
    approved_amount: int = 0
    paid: int = 0
    refunded: int = 0
    paid_in_year: int = 0


@dataclass
class Summary:
    year: int
    rows: list[SummaryRow] = field(default_factory=list)
    total: SummaryRow = field(default_factory=lambda: SummaryRow("", ""))


APPROVED_STATES = [S.APPROVED, S.CLOSED, S.CANCELLED]


def summary_years() -> list[int]:
    """Years with a submitted application, newest first (one query)."""
    rows = (
        Application.objects.filter(submitted_on__isnull=False)
        .annotate(y=ExtractYear("submitted_on"))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    return list(rows)


def summary_for(year: int) -> Summary:
    """Per stage, for the applications submitted in ``year``: how many, how many approved (the committee's
    approval, whatever happened afterwards), denied and still before a decision; the amounts requested, approved,
    paid so far and refunded. And, on a cash basis, what was paid in ``year`` whatever the year of the
    application. Two queries."""
    cohort = (
        Application.objects.filter(submitted_on__year=year)
        .order_by()
        .values("stage")
        .annotate(
            applications=Count("pk"),
            approved=Count("pk", filter=Q(decision_outcome=Outcome.APPROVED)),
            denied=Count("pk", filter=Q(decision_outcome=Outcome.DENIED)),
            pending=Count("pk", filter=Q(state__in=[S.SUBMITTED, S.FACTS_CHECKED, S.BEFORE_COMMITTEE])),
            requested=Sum("amount_requested"),
            approved_amount=Sum("approved_amount", filter=Q(decision_outcome=Outcome.APPROVED)),
            paid=Sum("paid_total"),
            refunded=Sum("refund_received"),
        )
    )
    by_stage: dict[str, dict[str, Any]] = {row["stage"]: dict(row) for row in cohort}
    cash = (
        Payment.objects.filter(paid_on__year=year).order_by().values("application__stage").annotate(total=Sum("amount"))
    )
    paid_in_year = {row["application__stage"]: row["total"] or 0 for row in cash}
    summary = Summary(year=year)
    total = SummaryRow("", "")
    figures = ("applications", "approved", "denied", "pending", "requested", "approved_amount", "paid", "refunded")
    for value, label in Stage.choices:
        row = SummaryRow(value, label)
        found = by_stage.get(value, {})
        for name in figures:
            setattr(row, name, found.get(name) or 0)
        row.paid_in_year = paid_in_year.get(value, 0)
        for name in (*figures, "paid_in_year"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        summary.rows.append(row)
    summary.total = total
    return summary
