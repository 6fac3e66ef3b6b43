"""The set the Ministry of the Interior and Safety's yearly evaluation of proactive administration asks for
(행정안전부 적극행정 종합평가) as one XLSX: the indicators per half and for the year, then the selected cases, the
training sessions, the campaigns and the liaison meetings of the year, one sheet each, with Korean headers.

Headers and labels are always Korean (the evaluation is filed in Korean), whatever the user's language.
"""

import io
from datetime import date
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from proactive.nominations.models import Award
from proactive.outreach.models import Activity, LiaisonMeeting, TrainingSession
from proactive.outreach.queries.figures import INDICATORS, half_period, raw_figures, year_period
from proactive.outreach.queries.training import ZERO

HEADER_FILL = "1F4E79"


def _safe(value: Any) -> Any:
    """Text cells never start a formula (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _sheet(workbook: Any, title: str, headers: list[str], rows: list[list[Any]], widths: list[int]) -> Any:
    # Lazy import: openpyxl is only needed for exports.
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    thin = Side(style="thin", color="A6A6A6")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0.0" if isinstance(cell.value, float) and cell.value % 1 else "#,##0"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    return sheet


def _number(value: Any) -> Any:
    return float(value) if hasattr(value, "as_tuple") else value  # Decimal → float for Excel


def _indicator_rows(year: int) -> tuple[list[str], list[list[Any]]]:
    periods = [half_period(year, 1), half_period(year, 2), year_period(year)]
    values = raw_figures(periods)
    headers = [
        _("Indicator"),
        pgettext("unit of measure", "Unit"),
        _("H1 %(year)d") % {"year": year},
        _("H2 %(year)d") % {"year": year},
    ]
    headers.append(_("Year %(year)d") % {"year": year})
    rows = [[str(i.label), str(i.unit), *[_number(v) for v in values[i.key]]] for i in INDICATORS]
    return headers, rows


def _cases(year: int) -> tuple[list[str], list[list[Any]]]:
    awards = (
        Award.objects.filter(nomination__round__year=year, confirmed_at__isnull=False)
        .exclude(grade="")
        .select_related("nomination__round", "nomination__nominating_unit")
        .annotate(team=Count("nomination__members"))
        .order_by("nomination__round__half", "rank")
    )
    headers = [
        _("Year"),
        _("Half"),
        _("Rank"),
        _("Grade"),
        _("Title"),
        _("Type"),
        _("Nominating department"),
        _("Team members"),
        _("Summary"),
        _("Confirmed on"),
    ]
    rows = []
    for award in awards:
        n = award.nomination
        rows.append(
            [
                n.round.year,
                n.round.half,
                award.rank,
                award.get_grade_display(),
                n.title,
                n.get_case_type_display(),
                n.nominating_unit.name if n.nominating_unit else "",
                award.team,
                n.summary,
                timezone.localdate(award.confirmed_at) if award.confirmed_at else None,
            ]
        )
    return headers, rows


def _sessions(year: int) -> tuple[list[str], list[list[Any]]]:
    sessions = (
        TrainingSession.objects.filter(held_on__year=year)
        .annotate(attendees=Count("attendances"), person_hours=Coalesce(Sum("attendances__hours"), ZERO))
        .order_by("held_on", "pk")
    )
    headers = [
        _("Date"),
        _("Kind"),
        _("Title"),
        pgettext("length of a training session", "Hours"),
        _("Lecturer"),
        _("Place"),
        _("Online"),
        _("Audience"),
        _("Attendees"),
        _("Hours attended (person-hours)"),
    ]
    rows = [
        [
            s.held_on,
            s.get_kind_display(),
            s.title,
            _number(s.hours),
            s.lecturer,
            s.place,
            _("Yes") if s.online else _("No"),
            s.audience,
            s.attendees,
            _number(s.person_hours),
        ]
        for s in sessions
    ]
    return headers, rows


def _campaigns(year: int) -> tuple[list[str], list[list[Any]]]:
    activities = (
        Activity.objects.filter(starts_on__year=year).annotate(case_count=Count("cases")).order_by("starts_on", "pk")
    )
    headers = [
        _("Date"),
        pgettext("last day of an activity", "Last day"),
        _("Kind"),
        _("Title"),
        _("Place or channel"),
        pgettext("people reached by an activity", "Participants"),
        _("Views"),
        _("Selected cases featured"),
        _("Links"),
    ]
    rows = [
        [
            a.starts_on,
            a.ends_on,
            a.get_kind_display(),
            a.title,
            a.place,
            a.participants,
            a.views,
            a.case_count,
            " ".join(a.link_list),
        ]
        for a in activities
    ]
    return headers, rows


def _meetings(year: int) -> tuple[list[str], list[list[Any]]]:
    meetings = (
        LiaisonMeeting.objects.filter(held_on__year=year).prefetch_related("bodies", "actions").order_by("held_on")
    )
    headers = [
        _("Date"),
        _("Kind"),
        _("Title"),
        _("Participating bodies"),
        _("Agenda"),
        _("Action items"),
        _("Done"),
    ]
    rows = []
    for m in meetings:
        actions = list(m.actions.all())
        rows.append(
            [
                m.held_on,
                m.get_kind_display(),
                m.title,
                ", ".join(b.name for b in m.bodies.all()),
                m.agenda,
                len(actions),
                sum(1 for a in actions if a.state == "done"),
            ]
        )
    return headers, rows


def mois_workbook(year: int) -> bytes:
    """The evaluation set for ``year`` as XLSX bytes (a fixed number of queries)."""
    from openpyxl import Workbook

    with translation.override("ko"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        headers, rows = _indicator_rows(year)
        _sheet(workbook, _("Indicators"), headers, rows, [30, 14, 14, 14, 14])
        headers, rows = _cases(year)
        _sheet(workbook, _("Selected cases"), headers, rows, [8, 6, 6, 16, 40, 16, 22, 10, 60, 12])
        headers, rows = _sessions(year)
        _sheet(workbook, _("Training"), headers, rows, [12, 16, 36, 8, 16, 24, 8, 24, 10, 14])
        headers, rows = _campaigns(year)
        _sheet(workbook, _("Campaigns"), headers, rows, [12, 12, 16, 36, 26, 12, 12, 12, 50])
        headers, rows = _meetings(year)
        _sheet(workbook, _("Liaison meetings"), headers, rows, [12, 14, 36, 40, 50, 10, 10])
        workbook.properties.title = _("Proactive administration evaluation %(year)d") % {"year": year}
        workbook.properties.creator = ""
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
