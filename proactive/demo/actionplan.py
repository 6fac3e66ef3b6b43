"""Demo content for the yearly action plan (적극행정 실행계획), written through ``actionplan.services`` so every row is
checked and audited as in real use. Idempotent: nothing is written if any plan exists.

What a visitor finds:

* **the 2025 plan** (adopted 2025-06-18 after the committee's deliberation; closed after its year-end review): the
  six strategic directions of Busan's press release of 18 June 2025 and **26 tasks** with owner departments from the
  demo org chart, KPIs, baselines and targets; quarterly progress from Q2 (the plan was adopted in June, so Q1 is not
  reported) to Q4, all accepted, with a few tasks delayed (②-5 맞춤형 보상, ③-3 면책 보호관, ⑥-2 홍보영상).
* **the 2026 plan**, copied from 2025 (last year's targets as baselines, a few targets raised) with one task added
  for 교통정책과 (``depthead``'s department; ``depthead`` designated the demo ``official`` to report it); adopted on
  18 March, in progress after its mid-year review: every quarter whose due date has passed is reported — the
  early quarters accepted; in the latest, most accepted, some awaiting the secretariat's review, one returned with a
  comment, two not reported (flagged overdue); a few tasks delayed.

The press release lists 19 bullets for its "26 tasks"; the demo splits seven of them into two tasks each:
① the first bullet (전담부서 협업체계 / 내·외부 협의체) and the third (위원회 의견제시 활성화 / 의사결정 가이드라인);
② the first (포상금 상향 / 특별승진 등 인사 우대) and the third (마일리지 확대 / 동백전·모바일 상품권 맞춤형 보상);
③ the first (보호 가이드 운영 / 법률 자문 지원); ④ the first (신고 정기 점검·분석 / 사례 공유);
⑥ the third (사례집 발간·기념품 배부 / SNS 홍보·월보 발행).

Department heads report (a background account ``plan.<unit code>`` without a password where the head has none).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind
from proactive.accounts.models import OrgUnit, User
from proactive.actionplan.enums import PlanState, TaskStatus
from proactive.actionplan.models import Plan, ProgressReport, Task
from proactive.actionplan.services import plans as plan_services
from proactive.actionplan.services import progress as progress_services
from proactive.actionplan.services import structure as structure_services
from proactive.demo.background import unit_head_account

BODY_KINDS = {OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE}

DIRECTIONS = [
    (
        "기관장 주도의 적극행정 문화 조성",
        "기관장이 앞장서 적극행정 전담 조직과 위원회를 정비하고, 규제가 모호한 사안의 결정을 돕습니다.",
    ),
    ("적극행정 공무원 인센티브 강화", "적극행정 우수공무원에게 실질적인 보상과 인사 우대를 확대합니다."),
    ("적극행정 공무원 보호·지원 확대", "적극적으로 일하다 생긴 문제로부터 공무원을 보호하고 법률 지원을 강화합니다."),
    ("소극행정 예방 및 근절", "소극행정 신고를 정기적으로 점검하고, 시민 불편을 낳은 소극행정에는 엄정히 대응합니다."),
    ("적극행정 교육·소통 활성화", "구·군, 공사·공단, 출자·출연기관과 협력하고 전 직원의 적극행정 역량을 높입니다."),
    ("대시민 홍보 강화", "시민이 적극행정의 성과를 체감하도록 홍보를 넓힙니다."),
]


@dataclass(frozen=True)
class TaskDef:
    direction: int
    title: str
    department: str
    kpi: str
    unit: str
    baseline: int
    target: int
    weight: int | None = None


TASKS = [
    TaskDef(
        1, "적극행정 전담부서와 관련 부서 간 협업체계 구축", "혁신정책과", "부서 간 협업 과제 발굴 건수", "건", 6, 12
    ),
    TaskDef(1, "내·외부 이해관계자 적극행정 협의체 운영", "혁신정책과", "협의체 회의 개최 횟수", "회", 2, 4),
    TaskDef(1, "적극행정위원회 위원 재구성·재위촉으로 전문성 강화", "혁신정책과", "외부 전문가 위원 비율", "%", 50, 70),
    TaskDef(
        1,
        "규제 모호·법령 불명확 사안의 위원회 의견제시 활성화",
        "혁신정책과",
        "위원회 의견제시 처리 건수",
        "건",
        8,
        15,
        2,
    ),
    TaskDef(1, "적극행정위원회 의사결정 지원 가이드라인 마련", "법무담당관", "가이드라인 마련·배포", "건", 0, 1),
    TaskDef(2, "적극행정 우수공무원 포상금 상향", "혁신정책과", "포상금 지급 규모", "백만원", 30, 45),
    TaskDef(2, "특별승진·성과급 등 인사 우대 대상 확대", "인사과", "인사 우대 인원", "명", 6, 10, 2),
    TaskDef(2, "미선정 사례의 부서 추가 추천(특별승진 심사)", "인사과", "부서 추가 추천 사례", "건", 0, 10),
    TaskDef(2, "적극행정 마일리지 제도 확대 운영", "혁신정책과", "마일리지 참여 인원", "명", 1200, 2000),
    TaskDef(2, "동백전·모바일 상품권 등 선호형 소확행 보상 도입", "혁신정책과", "맞춤형 보상 지급 건수", "건", 0, 500),
    TaskDef(2, "마일리지 평가 이의신청 심사단 운영", "혁신정책과", "이의신청 기한 내 처리율", "%", 0, 100),
    TaskDef(3, "적극행정 보호 가이드 운영", "법무담당관", "보호 가이드 안내 부서 수", "개", 0, 60),
    TaskDef(3, "적극행정 공무원 법률 자문 지원", "법무담당관", "법률 자문 지원 건수", "건", 3, 6),
    TaskDef(3, "적극행정 면책 보호관 지정·운영", "감사담당관", "면책 보호관 지원 건수", "건", 2, 5),
    TaskDef(3, "인허가·규제 분야 사전컨설팅 감사 운영", "감사담당관", "사전컨설팅 처리 건수", "건", 40, 60, 2),
    TaskDef(3, "적극행정 우수 직원 인센티브 부여", "인사과", "인센티브 부여 인원", "명", 20, 30),
    TaskDef(4, "소극행정 신고센터 신고 정기 점검·분석", "조사담당관", "정기 점검 횟수", "회", 2, 4),
    TaskDef(4, "소극행정 사례 분석 결과 공유", "조사담당관", "사례 공유 건수", "건", 4, 8),
    TaskDef(4, "시민 불편 초래 소극행정 징계 기준 엄정 적용", "감사담당관", "징계 기준 적용 점검 횟수", "회", 1, 2),
    TaskDef(5, "구·군, 공사·공단, 출자·출연기관 적극행정 협의회 확대", "혁신정책과", "협의회 개최 횟수", "회", 2, 4),
    TaskDef(5, "우수사례 공유 합동 워크숍 개최", "혁신정책과", "합동 워크숍 개최 횟수", "회", 1, 2),
    TaskDef(5, "적극행정 신규 교육과정 및 직장교육 운영", "인사과", "교육 이수 인원", "명", 3000, 5000, 2),
    TaskDef(6, "시민 체감 적극행정 홍보 캠페인", "홍보담당관", "캠페인 개최 횟수", "회", 2, 4),
    TaskDef(6, "적극행정 홍보영상 연 2회 제작", "홍보담당관", "홍보영상 제작 편수", "편", 1, 2),
    TaskDef(6, "적극행정 사례집 발간 및 기념품 배부", "혁신정책과", "발간·배부 종수", "종", 1, 2),
    TaskDef(6, "SNS 홍보 및 적극행정 월보 발행", "홍보담당관", "SNS 게시·월보 발행 건수", "건", 24, 48),
]
# Tasks delayed (by their index in TASKS) in each year.
DELAYED_2025 = {9, 13, 23}
DELAYED_2026 = {9, 18, 23}
# In 2026's latest reported quarter: reports awaiting review, the one returned, the two not reported (overdue).
AWAITING = {1, 6, 11, 15}
RETURNED = 7
MISSING = (4, 20)
NARRATIVES = {
    TaskStatus.ON_TRACK: "계획대로 추진 중입니다. 분기 실적을 누계로 보고합니다.",
    TaskStatus.DONE: "연간 목표를 달성했습니다. 결과 보고서를 첨부합니다.",
    TaskStatus.DELAYED: "관계 기관 협의와 예산 확보가 늦어져 일정이 지연되었습니다. 다음 분기에 만회할 계획입니다.",
    TaskStatus.NOT_STARTED: "다음 분기 착수를 위해 준비 중입니다.",
}


def _department(name: str) -> OrgUnit | None:
    """The city's department of that name (not a 구·군's or a corporation's)."""
    bodies = list(OrgUnit.objects.filter(kind__in=BODY_KINDS).values_list("path", flat=True))
    for unit in OrgUnit.objects.filter(name=name, kind=OrgUnitKind.DEPARTMENT, is_active=True):
        if not any(unit.path.startswith(p) for p in bodies):
            return unit
    return None


def _value(task: Task, share: Decimal) -> Decimal:
    """The cumulative actual value at ``share`` of the way from the baseline to the target (yes/no KPIs: 0 or 1)."""
    base = task.baseline if task.baseline is not None else Decimal(0)
    if task.target <= 1:
        return Decimal(1) if share >= 1 else Decimal(0)
    if task.unit == "%":
        return (base + (task.target - base) * share).quantize(Decimal(1))
    return (task.target * share).quantize(Decimal(1))


def _report(task: Task, reporter: User, quarter: int, *, delayed: bool, last: int) -> ProgressReport:
    shares = {1: Decimal("0.2"), 2: Decimal("0.45"), 3: Decimal("0.75"), 4: Decimal("1.0")}
    share = shares[quarter] * (Decimal("0.6") if delayed else Decimal(1))
    if delayed:
        status = TaskStatus.DELAYED
    elif quarter == 4 or (quarter == last and task.target <= 1):
        status = TaskStatus.DONE
    else:
        status = TaskStatus.ON_TRACK
    return progress_services.report_progress(
        actor=reporter,
        task=task,
        quarter=quarter,
        actual=_value(task, share),
        status=status,
        narrative=f"{quarter}분기: {NARRATIVES[status]}",
    )


@transaction.atomic
def write_actionplan_demo() -> int:
    """Write the 2025 and 2026 plans; return the number of plans created (0 if any existed)."""
    if Plan.objects.exists():
        return 0
    secretariat = User.objects.filter(username="secretariat").first()
    if secretariat is None:
        return 0
    today = timezone.localdate()
    heads: dict[int, User | None] = {}

    def head(task: Task) -> User | None:
        if task.owner_unit_id not in heads:
            heads[task.owner_unit_id] = unit_head_account(
                task.owner_unit,
                username=f"plan.{task.owner_unit.code}",
                starts_on=datetime.date(2025, 1, 1),
                note="demo (action-plan owner department)",
            )
        return heads[task.owner_unit_id]

    # --- 2025 ----------------------------------------------------------------------------------------------
    plan = plan_services.create_plan(
        actor=secretariat,
        year=2025,
        title="2025년 적극행정 실행계획",
        summary=(
            "공무원의 적극적인 업무 추진을 장려하고 보상과 보호로 뒷받침해 시민 행복과 도시 경쟁력을 높이기 위한 "
            "계획입니다. 6대 추진전략, 26개 실행과제로 구성됩니다."
        ),
    )
    plan_services.update_plan(
        actor=secretariat,
        plan=plan,
        data={
            "q1_due_on": None,
            "consultation_note": "적극행정 지원단과 시민 제안 창구를 통해 초안 의견을 수렴했습니다.",
        },
    )
    directions = [
        structure_services.add_direction(actor=secretariat, plan=plan, data={"title": t, "description": d})
        for t, d in DIRECTIONS
    ]
    for spec in TASKS:
        unit = _department(spec.department)
        if unit is None:
            continue
        structure_services.add_task(
            actor=secretariat,
            direction=directions[spec.direction - 1],
            data={
                "title": spec.title,
                "owner_unit": unit,
                "kpi": spec.kpi,
                "unit": spec.unit,
                "baseline": spec.baseline,
                "target": spec.target,
                "weight": spec.weight,
            },
        )
    plan = plan_services.transition_plan(
        plan, to=PlanState.CONSULTATION, actor=secretariat, on=datetime.date(2025, 5, 20)
    )
    plan = plan_services.transition_plan(
        plan,
        to=PlanState.COMMITTEE_DELIBERATED,
        actor=secretariat,
        on=datetime.date(2025, 6, 11),
        reference="2025년 제2차 적극행정위원회 심의",
    )
    plan = plan_services.transition_plan(plan, to=PlanState.ADOPTED, actor=secretariat, on=datetime.date(2025, 6, 18))
    plan = plan_services.transition_plan(
        plan, to=PlanState.IN_PROGRESS, actor=secretariat, on=datetime.date(2025, 7, 1)
    )
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("plan", "owner_unit", "direction")
        .order_by("direction__number", "number")
    )
    for quarter in (2, 3, 4):
        if quarter == 3:
            plan = plan_services.transition_plan(
                plan, to=PlanState.MID_YEAR_REVIEW, actor=secretariat, on=datetime.date(2025, 7, 25)
            )
            plan = plan_services.transition_plan(
                plan, to=PlanState.IN_PROGRESS, actor=secretariat, on=datetime.date(2025, 8, 8)
            )
        for index, task in enumerate(tasks):
            task.plan = plan
            reporter = head(task)
            if reporter is None:
                continue
            report = _report(task, reporter, quarter, delayed=index in DELAYED_2025, last=4)
            progress_services.accept_report(actor=secretariat, report=report)
    plan = plan_services.transition_plan(
        plan, to=PlanState.YEAR_END_REVIEW, actor=secretariat, on=datetime.date(2026, 1, 20)
    )
    plan_services.transition_plan(plan, to=PlanState.CLOSED, actor=secretariat, on=datetime.date(2026, 2, 27))

    # --- 2026 ----------------------------------------------------------------------------------------------
    plan26 = plan_services.copy_plan(actor=secretariat, source=plan, year=2026)
    plan_services.update_plan(
        actor=secretariat,
        plan=plan26,
        data={
            "title": "2026년 적극행정 실행계획",
            "summary": "2025년 성과를 이어 가며 현장의 규제 애로 해소와 시민 체감 홍보를 강화합니다.",
        },
    )
    for task in Task.objects.filter(plan=plan26).select_related("plan", "direction"):
        if task.unit not in ("%",) and task.target > 1:
            structure_services.update_task(
                actor=secretariat,
                task=task,
                data={
                    "title": task.title,
                    "owner_unit": task.owner_unit_id,
                    "kpi": task.kpi,
                    "unit": task.unit,
                    "baseline": task.baseline,
                    "target": (task.target * Decimal("1.2")).quantize(Decimal(1)),
                    "weight": task.weight,
                },
            )
    transport = _department("교통정책과")
    if transport is not None:
        structure_services.add_task(
            actor=secretariat,
            direction=plan26.directions.get(number=1),
            data={
                "title": "교통 분야 현장 규제 애로 발굴·해소",
                "owner_unit": transport,
                "kpi": "현장 규제 애로 해소 건수",
                "unit": "건",
                "baseline": 0,
                "target": 8,
            },
        )
    plan26 = plan_services.transition_plan(
        plan26,
        to=PlanState.COMMITTEE_DELIBERATED,
        actor=secretariat,
        on=datetime.date(2026, 3, 5),
        reference="2026년 제1차 적극행정위원회 심의",
    )
    plan26 = plan_services.transition_plan(
        plan26, to=PlanState.ADOPTED, actor=secretariat, on=datetime.date(2026, 3, 18)
    )
    plan26 = plan_services.transition_plan(
        plan26, to=PlanState.IN_PROGRESS, actor=secretariat, on=datetime.date(2026, 4, 1)
    )
    tasks26 = list(
        Task.objects.filter(plan=plan26)
        .select_related("plan", "owner_unit", "direction")
        .order_by("direction__number", "number")
    )
    designated = None
    depthead = User.objects.filter(username="depthead").first()
    official = User.objects.filter(username="official").first()
    for task in tasks26:
        if transport is not None and task.owner_unit_id == transport.pk and depthead and official:
            designated = task
            progress_services.designate_reporter(actor=depthead, task=task, user=official)
    due = [q for q in (1, 2, 3, 4) if (plan26.due_on(q) or today) < today]
    latest = max(due) if due else 0
    for quarter in due:
        if quarter == 3 and plan26.state == PlanState.IN_PROGRESS:
            plan26 = plan_services.transition_plan(
                plan26, to=PlanState.MID_YEAR_REVIEW, actor=secretariat, on=datetime.date(2026, 7, 24)
            )
            plan26 = plan_services.transition_plan(
                plan26, to=PlanState.IN_PROGRESS, actor=secretariat, on=datetime.date(2026, 8, 7)
            )
        for index, task in enumerate(tasks26):
            task.plan = plan26
            if quarter == latest and index in MISSING:
                continue  # not reported: flagged overdue
            reporter = official if task == designated and quarter == latest else head(task)
            if reporter is None:
                continue
            report = _report(task, reporter, quarter, delayed=index in DELAYED_2026, last=latest)
            if quarter < latest or (index not in AWAITING and index != RETURNED and task != designated):
                progress_services.accept_report(actor=secretariat, report=report)
            elif index == RETURNED:
                progress_services.return_report(
                    actor=secretariat,
                    report=report,
                    comment="추천 사례 목록과 인사위원회 심사 결과를 증빙으로 첨부해 주세요.",
                )
            # the rest await the secretariat's review
    return 2
