"""Reads of the intake area: the org chart as reporters choose from it, a named reporter's reports, and what a
reporter sees of their report (never internal notes, never the handlers' names)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from proactive.accounts.models import OrgUnit
from proactive.reporting.enums import MessageAuthor
from proactive.reporting.models import Attachment, Message, Report
from proactive.reporting.queries import BODY_KINDS, _path_ids
from proactive.reporting.services.common import attachment_name, content_of, message_text


def unit_groups(*, english: bool = False) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active org units grouped by the body whose audit office handles them (the city, each 구·군, corporation and
    affiliated body), in org-chart order, indented by depth below the body: choices for a ``<select>`` with option
    groups. One query."""
    rows = list(
        OrgUnit.objects.order_by("path", "pk").values_list("pk", "name", "name_en", "kind", "path", "is_active")
    )
    kinds = {pk: kind for pk, _n, _e, kind, _p, _a in rows}
    names = {pk: (name_en if english and name_en else name) for pk, name, name_en, _k, _p, _a in rows}
    groups: dict[int, list[tuple[int, str]]] = {}
    for pk, _name, _name_en, _kind, path, active in rows:
        chain = _path_ids(path) or [pk]
        body = next((p for p in reversed(chain) if kinds.get(p) in BODY_KINDS), chain[0])
        if not active:
            continue
        indent = len(chain) - 1 - chain.index(body)
        groups.setdefault(body, []).append((pk, "\u3000" * indent + names[pk]))
    return [(names.get(body, ""), options) for body, options in groups.items()]


def active_unit(pk: int | None) -> OrgUnit | None:
    return OrgUnit.objects.filter(pk=pk, is_active=True).first() if pk else None


def my_reports(user: Any) -> QuerySet[Report]:
    """A named reporter's own reports, newest first."""
    return (
        Report.objects.filter(reporter=user, is_anonymous=False)
        .select_related("unit")
        .only(
            "pk",
            "report_type",
            "state",
            "received_on",
            "due_on",
            "closed_on",
            "outside_body",
            "unit__name",
            "unit__name_en",
        )
        .order_by("-received_on", "-pk")
    )


def get_named_report(pk: int) -> Report | None:
    return Report.objects.filter(pk=pk, is_anonymous=False).select_related("unit", "forwarded_to").first()


@dataclass
class ThreadEntry:
    from_reporter: bool
    text: str
    sent_on: date
    files: list[str] = field(default_factory=list)


@dataclass
class ReporterView:
    """What a reporter sees of their own report."""

    report: Report
    content: dict[str, Any]
    files: list[str]  # the files sent with the report
    thread: list[ThreadEntry]


def reporter_view(report: Report) -> ReporterView:
    """The report as its reporter sees it: what they wrote, their files, and the messages that are not internal
    notes (the audit office's answers and the reporter's own), each with its files' names. Three queries."""
    messages = list(Message.objects.filter(report=report, internal=False).order_by("pk"))
    attachments = list(
        Attachment.objects.filter(report=report)
        .filter(Q(message__isnull=True, from_reporter=True) | Q(message__internal=False))
        .order_by("pk")
    )
    by_message: dict[int, list[str]] = {}
    files: list[str] = []
    for attachment in attachments:
        attachment.report = report
        name = attachment_name(attachment)
        if attachment.message_id is None:
            files.append(name)
        else:
            by_message.setdefault(attachment.message_id, []).append(name)
    thread = []
    for message in messages:
        message.report = report
        thread.append(
            ThreadEntry(
                from_reporter=message.author_kind == MessageAuthor.REPORTER,
                text=message_text(message),
                sent_on=message.sent_on,
                files=by_message.get(message.pk, []),
            )
        )
    return ReporterView(report=report, content=content_of(report), files=files, thread=thread)
