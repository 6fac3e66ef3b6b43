"""The plan's report for the mid-year and year-end reviews, always in Korean: a PDF (Chromium, embedded
PretendardGOV, ``word-break: keep-all``, the charts as inline SVG) and an XLSX workbook (a summary sheet per
direction and one sheet of tasks with their quarters). Rendered on request: a plan has at most a few dozen tasks."""

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from proactive.actionplan import charts
from proactive.actionplan.enums import REVIEW_QUARTERS, Review
from proactive.actionplan.models import Plan
from proactive.actionplan.queries import Overview, plan_overview
from proactive.core.tabular import escape_formula


def korean_date(day: Any) -> str:
    return f"{day.year}. {day.month}. {day.day}." if day else ""


def review_overview(plan: Plan, review: str) -> Overview:
    return plan_overview(plan, quarters=REVIEW_QUARTERS[Review(review)])


def report_title(plan: Plan, review: str) -> str:
    half = "상반기" if review == Review.MID_YEAR else "연간"
    return f"{plan.year}년 적극행정 실행계획 {half} 추진실적 보고"


def file_name(plan: Plan, review: str, fmt: str) -> str:
    half = "상반기" if review == Review.MID_YEAR else "연말"
    return f"{plan.year}_적극행정_실행계획_{half}_추진실적.{fmt}"


def report_html(plan: Plan, review: str) -> str:
    """The report as a complete HTML document (A4 landscape)."""
    from proactive.documents.pdf import font_face_css  # reads the font files once; only rendering needs it

    with translation.override("ko"):
        overview = review_overview(plan, review)
        context = {
            "plan": plan,
            "overview": overview,
            "title": report_title(plan, review),
            "review_label": str(Review(review).label),
            "adopted_on": korean_date(plan.adopted_on),
            "made_on": korean_date(timezone.localdate()),
            "direction_chart": charts.direction_chart(
                overview,
                chart_id="directions",
                title="추진전략별 목표 대비 달성률",
                desc="추진전략마다 과제 목표 대비 실적의 가중 평균(과제별 최대 100%)을 막대로 나타냅니다.",
            ),
            "status_chart": charts.status_chart(
                overview,
                chart_id="statuses",
                title="과제 추진 상태별 과제 수",
                desc="최근 승인된 분기 보고 기준으로 과제를 추진 상태별로 센 결과입니다.",
                unit="개",
            ),
            "font_css": font_face_css(),
        }
        return render_to_string("actionplan/report_pdf.html", context)


def report_pdf(plan: Plan, review: str) -> bytes:
    from proactive.documents.pdf import html_to_pdf  # starts a browser on first use

    return html_to_pdf(report_html(plan, review), landscape=True)


def _cell(value: Any) -> Any:
    return escape_formula(value) if isinstance(value, str) else value


def report_xlsx(plan: Plan, review: str) -> bytes:
    """Two sheets: 추진전략별 요약 (per direction: tasks, achievement, status counts) and 과제별 추진현황 (per task:
    owner department, KPI, unit, baseline, target, weight, each quarter's actual value and status, the latest
    accepted figure and its ratio to the target). Headers bold on a tinted fill, frozen, columns sized."""
    from openpyxl import Workbook  # only exports need it
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    with translation.override("ko"):
        overview = review_overview(plan, review)
        workbook = Workbook()
        header_font = Font(bold=True, color="FFFFFF")
        header_fill = PatternFill("solid", fgColor="1F3A68")
        thin = Side(style="thin", color="8A8F98")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        wrap = Alignment(wrap_text=True, vertical="top")

        def sheet_with(
            sheet: Any, title_line: str, headers: list[str], rows: list[list[Any]], widths: list[int]
        ) -> None:
            sheet.append([title_line])
            sheet["A1"].font = Font(bold=True, size=14)
            sheet.append([])
            sheet.append(headers)
            for column in range(1, len(headers) + 1):
                cell = sheet.cell(row=3, column=column)
                cell.font, cell.fill, cell.border = header_font, header_fill, border
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            for row in rows:
                sheet.append([_cell(v) for v in row])
            for row_cells in sheet.iter_rows(min_row=4, max_row=sheet.max_row, max_col=len(headers)):
                for cell in row_cells:
                    cell.border, cell.alignment = border, wrap
            for index, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.freeze_panes = "A4"

        title = report_title(plan, review)
        summary = workbook.active
        summary.title = "추진전략별 요약"
        status_labels = [str(label) for _value, label, _count in overview.status_counts]
        summary_rows = [
            [str(row.direction), len(row.tasks), float(row.percent), *[c for _v, _l, c in row.status_counts]]
            for row in overview.directions
        ]
        summary_rows.append(
            ["합계", len(overview.tasks), float(overview.percent), *[c for _v, _l, c in overview.status_counts]]
        )
        sheet_with(
            summary,
            title,
            ["추진전략", "과제 수", "달성률(%)", *status_labels],
            summary_rows,
            [44, 10, 12, *[12] * len(status_labels)],
        )
        tasks_sheet = workbook.create_sheet("과제별 추진현황")
        headers = ["추진전략", "과제번호", "과제명", "주관부서", "성과지표", "단위", "기준값", "목표값", "가중치"]
        for quarter in overview.quarters:
            headers += [f"{quarter}분기 실적", f"{quarter}분기 상태", f"{quarter}분기 보고"]
        headers += ["최근 승인 실적", "목표 대비(%)", "추진 상태"]
        rows = []
        for direction in overview.directions:
            for row in direction.tasks:
                task = row.task
                line: list[Any] = [
                    str(direction.direction),
                    task.code,
                    task.title,
                    task.owner_unit.name,
                    task.kpi,
                    task.unit,
                    None if task.baseline is None else float(task.baseline),
                    float(task.target),
                    None if task.weight is None else float(task.weight),
                ]
                for cell in row.cells:
                    report = cell.report
                    line += [
                        None if report is None or report.actual is None else float(report.actual),
                        str(report.get_status_display()) if report else "",
                        str(report.get_state_display()) if report else ("기한 경과" if cell.overdue else ""),
                    ]
                line += [
                    None if row.actual is None else float(row.actual),
                    None if row.percent is None else float(row.percent),
                    str(row.status_label),
                ]
                rows.append(line)
        widths = [30, 9, 40, 18, 30, 7, 9, 9, 8, *[11] * (3 * len(overview.quarters)), 12, 12, 12]
        sheet_with(tasks_sheet, title, headers, rows, widths)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
