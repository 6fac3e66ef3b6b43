"""Demo content for the passive-administration reporting centre (소극행정 신고센터), filed through
``services.intake.file_report`` and moved on through ``services.handling`` so every row is sealed, checked and
audited as in real use. Idempotent: nothing is written if any report exists.

What a visitor finds:
* about 60 reports from the centre's opening (2022-05-18) to today, spread over the bodies and fields like Busan's
  2022 analysis (city headquarters and affiliated bodies ≈ 20, 구·군 ≈ 31, 공사·공단 4, bodies outside the
  organisation chart 2; roads and transport the largest field), in every state;
* for ``auditor`` (the city's audit office): new reports to triage, investigations (one overdue), a substantiated
  finding waiting for its action, results to close; for ``district_auditor`` (해운대구's audit office) the same
  for 해운대구's reports only;
* three anonymous reports whose receipts are printed in ``var/demo-accounts.txt`` (``DEMO_RECEIPTS``): one waiting
  for triage, one under investigation with a question from the handler, one closed with its result;
* named reports of the demo citizen (``citizen``, "my reports"); two published case studies and one draft.

The services stamp today's date; the demo then moves each step's rows to the day it "happened" (metadata only:
dates and numbers; nothing sealed is touched). The other bodies' reports are handled by one background audit
officer per body (``audit.<code>``, no password: they cannot sign in).
"""

import datetime
import hashlib
import io
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, OrgUnitKind, Role
from proactive.accounts.models import Official, OrgUnit, User
from proactive.core import deadlines
from proactive.demo.background import new_background_account
from proactive.reporting import receipts
from proactive.reporting.enums import ActionKind, ReportChannel, ReportField, ReportType
from proactive.reporting.models import (
    Action,
    Attachment,
    CaseStudy,
    CentreSettings,
    Event,
    Extension,
    Message,
    Report,
)
from proactive.reporting.queries import city_root, handling_body
from proactive.reporting.services import casestudies, handling, intake

CENTRE_OPENED = datetime.date(2022, 5, 18)
F = ReportField
T = ReportType
K = ActionKind

# What reporters wrote, by field: (type, text). Realistic, but about nobody.
STORIES: dict[str, list[tuple[str, str]]] = {
    F.ROADS_TRANSPORT: [
        (
            T.SELF_SERVING,
            "버스정류장 도착 안내단말기가 석 달째 꺼져 있어 구청과 시청에 세 차례 민원을 냈지만, 서로 관할이 아니라며 "
            "넘기기만 하고 아무도 고치지 않았습니다. 어르신들이 추운 날 정류장에서 버스가 언제 오는지 모른 채 기다립니다.",
        ),
        (
            T.PERFUNCTORY,
            "집 앞 도로가 깊게 파여 오토바이가 넘어질 뻔했다고 신고했는데, 담당자는 현장에 나와 보지도 않고 "
            "'올해 보수 예산이 소진되었다'는 답변만 보냈습니다. 그 뒤 비가 오면서 구멍이 더 커졌습니다.",
        ),
        (
            T.NEGLECT,
            "장애인 전용 주차구역 불법주차를 사진과 함께 여러 번 신고했는데, 접수만 되고 두 달째 처리 결과를 "
            "알려 주지 않습니다. 안전신문고 답변도 '처리 중'에서 바뀌지 않습니다.",
        ),
        (
            T.DESK_BOUND,
            "어린이보호구역에 과속방지턱 설치를 요청했더니 '관련 규정이 없다'며 반려했습니다. 그런데 같은 구의 다른 "
            "초등학교 앞에는 이미 설치되어 있고, 지침도 몇 해 전에 바뀐 것으로 알고 있습니다.",
        ),
        (
            T.SELF_SERVING,
            "도시철도역 엘리베이터가 고장 나 신고했는데 역무실은 본사 소관, 본사는 시설 협력업체 소관이라며 서로 "
            "미루는 사이 한 달 넘게 멈춰 있습니다. 휠체어 이용자는 다음 역까지 가야 합니다.",
        ),
        (
            T.NEGLECT,
            "시내버스가 정류장을 그냥 지나치는 일이 잦아 운행 기록 확인을 요청했지만, 담당 부서는 '운수회사에 "
            "전달했다'는 말만 하고 결과를 알려 주지 않았습니다.",
        ),
    ],
    F.HOUSING_BUILDING: [
        (
            T.NEGLECT,
            "건축 신고 서류를 냈는데 담당자가 바뀔 때마다 이미 낸 서류를 다시 내라고 하여 석 달째 처리가 되지 "
            "않고 있습니다. 보완 요구도 매번 말로만 하고 문서로 받은 적이 없습니다.",
        ),
        (
            T.PERFUNCTORY,
            "옆 건물의 불법 증축을 신고했으나 '현장 확인 예정'이라는 답변 뒤로 다섯 달 동안 아무 조치가 없었고, "
            "그 사이 공사가 끝나 버렸습니다.",
        ),
        (
            T.SELF_SERVING,
            "공동주택 관리 문제로 질의했더니 법령 해석이 필요하다며 접수조차 받지 않고 돌려보냈습니다. 어느 부서에 "
            "물어야 하는지도 알려 주지 않았습니다.",
        ),
    ],
    F.WELFARE: [
        (
            T.NEGLECT,
            "기초연금 신청 때 이미 제출한 소득 자료를 행정복지센터가 분실했다며 다시 떼어 오라고 했고, 그 사이 "
            "지급이 두 달 늦어졌습니다. 분실에 대한 설명이나 사과는 없었습니다.",
        ),
        (
            T.SELF_SERVING,
            "긴급복지 지원을 신청하러 갔는데 담당자가 '다른 팀 소관'이라며 세 번이나 다른 창구로 보냈습니다. "
            "결국 그날 신청하지 못했습니다.",
        ),
    ],
    F.ENVIRONMENT: [
        (
            T.PERFUNCTORY,
            "공사장 소음과 먼지로 민원을 넣었지만 '측정 장비가 없다'며 측정도 하지 않고 종결 처리했습니다. 새벽 "
            "여섯 시부터 공사가 시작됩니다.",
        ),
        (
            T.NEGLECT,
            "하천변에 폐기물이 계속 버려진다고 사진까지 보내 신고했는데 '확인 불가'로 처리되었습니다. 같은 자리에 "
            "쓰레기가 계속 쌓이고 있습니다.",
        ),
    ],
    F.GENERAL_ADMIN: [
        (
            T.NEGLECT,
            "정보공개를 청구했는데 처리 기한을 넘기고도 연장 통지 없이 답이 없습니다. 전화로 물어도 담당자가 자리에 "
            "없다는 말만 듣습니다.",
        ),
    ],
    F.FINANCE_TAX: [
        (
            T.DESK_BOUND,
            "지방세 감면 대상인데도 담당자가 예전 지침만 보고 감면을 거부했습니다. 관련 지침은 작년에 바뀌었고, "
            "다른 구에서는 감면을 받았다고 합니다.",
        ),
    ],
    F.URBAN_CONSTRUCTION: [
        (
            T.NEGLECT,
            "도시계획도로에 편입된 토지의 보상 일정을 물었는데 1년째 '검토 중'이라는 답변만 받고 있습니다. 언제 "
            "결정되는지, 누가 검토하는지도 알려 주지 않습니다.",
        ),
    ],
    F.OTHER: [
        (
            T.DESK_BOUND,
            "공공시설 대관 신청서를 온라인으로 냈는데 방문 접수만 된다며 반려했습니다. 누리집에는 온라인 접수가 "
            "가능하다고 안내되어 있습니다.",
        ),
        (
            T.NEGLECT,
            "민원 전화를 하면 담당자가 자리에 없다며 메모만 남기라고 하고, 세 번 남겼지만 한 번도 다시 연락이 "
            "오지 않았습니다.",
        ),
        (
            T.SELF_SERVING,
            "공영주차장 정기권 환불 절차를 묻자 본사 소관이라며 넘겼고, 본사는 다시 현장 관리소로 넘겼습니다. "
            "두 주 동안 같은 설명을 네 번 했습니다.",
        ),
        (
            T.PERFUNCTORY,
            "같은 민원을 다섯 번 냈는데 매번 새 민원으로 접수되어 처음부터 다시 설명해야 했고, 답변은 매번 "
            "'관련 부서와 협의하겠다'였습니다.",
        ),
        (
            T.OTHER,
            "문화강좌 수강료 환불을 요청했는데 규정에 없다며 거절했다가, 다시 문의하니 담당자마다 안내가 다릅니다. "
            "환불 규정을 문서로 보여 달라고 해도 보여 주지 않습니다.",
        ),
        (
            T.DESK_BOUND,
            "소상공인 지원금 신청에 요구하는 서류가 공고문과 창구 안내가 서로 달라 두 번 헛걸음했습니다. 바뀐 공고를 "
            "창구에서 모르고 있었습니다.",
        ),
    ],
}

FORWARD_REASON = (
    "검토한 결과 처음 제기하신 민원이어서 소극행정 신고 대상에는 해당하지 않습니다. 담당 부서에 일반 민원으로 "
    "이송했으며, 처리 결과는 담당 부서에서 안내해 드립니다."
)
OUTSIDE_REASON = (
    "신고하신 기관은 시의 조직이 아니어서 이 센터에서 조사할 수 없습니다. 관계 기관에 전달하도록 총무과에 "
    "이송했습니다. 국민신문고로도 신고하실 수 있습니다."
)
QUESTION = (
    "신고해 주셔서 감사합니다. 조사를 위해 처음 민원을 내신 대략의 시기와 그때 받으신 답변을 조금 더 알려 "
    "주시겠습니까? 기억나는 범위에서 적어 주시면 됩니다."
)
ANSWER = (
    "처음 민원은 올봄에 국민신문고로 냈고, '검토 중'이라는 답변을 두 번 받았습니다. 답변 화면을 찍은 사진도 있습니다."
)
FOUND = "민원 처리 기록과 담당자 면담 결과, 정당한 사유 없이 처리를 미루고 민원인에게 진행 상황을 알리지 않은 사실이 확인됨."
NOT_FOUND = (
    "처리 기록 확인 결과 법정 처리기간 안에 처리 중이었고 보완 요구에 근거가 있었음. 다만 안내가 부족했던 점은 "
    "부서에 개선 권고."
)
NOTE = "현장 확인 일정 조율 중. 관련 부서 자료 요청(회신 대기)."
ACTIONED_TEXT = (
    "조사 결과 소극행정으로 확인되어 관련 공무원에게 주의 처분을 하고, 해당 부서에 업무 처리 절차를 바로잡도록 "
    "요구했습니다. 불편을 드려 죄송합니다. 알려 주셔서 감사합니다."
)
UNSUBSTANTIATED_TEXT = (
    "관련 기록과 담당자 진술을 확인한 결과, 민원은 법정 처리기간 안에 처리되고 있었고 소극행정으로 볼 만한 사유는 "
    "확인되지 않았습니다. 다만 진행 상황 안내가 부족했던 점은 해당 부서에 개선을 권고했습니다."
)
ACTION_NOTES: dict[str, str] = {
    K.CAUTION: "정당한 사유 없는 민원 처리 지연(주의)",
    K.WARNING: "같은 민원의 반복 지연, 진행 상황 미안내(경고)",
    K.CORRECTION_ORDER: "민원 접수·이송 절차 정비 및 담당자 교육",
    K.DISCIPLINE_REQUEST: "고의적 업무 해태(징계 요구)",
}

# Units by field and kind of body: (body name or None for the city, department name).
UNITS: dict[str, dict[str, list[str]]] = {
    F.ROADS_TRANSPORT: {
        "city": ["버스운영과", "대중교통과", "도로건설과", "택시운수과"],
        "district": ["안전도시과"],
        "corporation": ["부산교통공사/영업처", "부산교통공사/안전관리처"],
    },
    F.HOUSING_BUILDING: {
        "city": ["건축정책과", "주택정책과"],
        "district": ["안전도시과"],
        "corporation": ["부산도시공사/주거복지처"],
    },
    F.WELFARE: {"city": ["복지정책과", "노인복지과"], "district": ["주민복지과"]},
    F.ENVIRONMENT: {
        "city": ["대기환경과", "자원순환과"],
        "district": ["환경위생과"],
        "corporation": ["부산환경공단/환경사업처"],
    },
    F.GENERAL_ADMIN: {"city": ["총무과"], "district": ["행정지원과"]},
    F.FINANCE_TAX: {"city": ["세정담당관"], "district": ["세무과"]},
    F.URBAN_CONSTRUCTION: {"city": ["도시계획과"], "district": ["안전도시과"]},
    F.OTHER: {
        "city": ["문화예술과", "체육진흥과", "총무과"],
        "affiliate": ["부산경제진흥원/소상공인지원단", "부산문화재단/경영지원실"],
        "district": ["행정지원과", "주민복지과"],
        "corporation": ["부산시설공단/시설관리처"],
    },
}
FALLBACK = {
    "city": "총무과",
    "district": "행정지원과",
    "corporation": "부산시설공단/시설관리처",
    "affiliate": "부산경제진흥원/경영기획실",
}
DISTRICTS = ["해운대구", "부산진구", "사하구", "북구", "동래구", "남구", "금정구", "사상구"]
OUTSIDE_BODIES = ["부산항만공사", "국민건강보험공단 부산지역본부"]

# Receipts of the anonymous reports a visitor can follow (fixed, like the demo's TOTP secrets).
FOLLOW_WAITING, FOLLOW_QUESTION, FOLLOW_CLOSED = "waiting", "question", "closed"


def demo_receipt(key: str) -> str:
    digest = hashlib.sha256(f"proactive-demo-receipt:{key}".encode()).hexdigest()
    return f"{int(digest, 16) % 10**receipts.DIGITS:0{receipts.DIGITS}d}"


DEMO_RECEIPTS: list[tuple[str, str]] = [
    (FOLLOW_WAITING, "received, waiting for triage (city, 버스운영과)"),
    (FOLLOW_QUESTION, "under investigation, the handler asks a question (해운대구)"),
    (FOLLOW_CLOSED, "closed with its result (city, 건축정책과)"),
]


@dataclass
class ReportingDemo:
    created: int = 0
    receipts: list[tuple[str, str]] = field(default_factory=list)  # (receipt as shown, what it is)


@dataclass
class Plan:
    """One demo report: where, what, when it arrived, how far it went."""

    group: str  # city, affiliate, district, corporation, outside
    field: str  # what the report is about: the story, and the field set at triage (a received report has none yet)
    received: datetime.date
    path: str  # received, forwarded, investigating, overdue, substantiated, unsubstantiated, action_taken,
    # closed_actioned, closed_unsubstantiated
    district: str = ""
    named: bool = False
    follow: str = ""  # the key of a fixed receipt
    unit: str = ""  # "body/department" or a city department; set by the planner
    channel: str = ReportChannel.WEB
    kinds: tuple[str, ...] = (K.CAUTION,)
    extension: bool = False
    late: bool = False
    question: bool = False
    photo: bool = False
    case_study: str = ""  # "published" or "draft"


# --- Planning (deterministic) -------------------------------------------------------------------------------


def _spread(rng: random.Random, start: datetime.date, end: datetime.date, count: int) -> list[datetime.date]:
    if end < start:
        end = start
    span = (end - start).days
    return sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))


def plan_reports(today: datetime.date) -> list[Plan]:
    """About 60 reports in the proportions of Busan's 2022 analysis, recent ones in every open state."""
    rng = random.Random("proactive-demo-reporting")
    recent = [
        Plan("city", F.ROADS_TRANSPORT, today - datetime.timedelta(days=1), "received", follow=FOLLOW_WAITING),
        Plan("district", F.HOUSING_BUILDING, today - datetime.timedelta(days=3), "received", district="해운대구"),
        Plan("city", F.OTHER, today - datetime.timedelta(days=6), "received", channel=ReportChannel.PHONE),
        Plan(
            "district",
            F.ROADS_TRANSPORT,
            today - datetime.timedelta(days=9),
            "investigating",
            district="해운대구",
            follow=FOLLOW_QUESTION,
            question=True,
            photo=True,
        ),
        Plan("city", F.WELFARE, today - datetime.timedelta(days=5), "investigating", named=True),
        Plan("city", F.ROADS_TRANSPORT, today - datetime.timedelta(days=26), "overdue", question=True),
        Plan("city", F.HOUSING_BUILDING, today - datetime.timedelta(days=7), "substantiated"),
        Plan("district", F.ENVIRONMENT, today - datetime.timedelta(days=8), "unsubstantiated", district="해운대구"),
        Plan("city", F.OTHER, today - datetime.timedelta(days=9), "action_taken", kinds=(K.WARNING,)),
        Plan("district", F.OTHER, today - datetime.timedelta(days=16), "forwarded", district="부산진구"),
        Plan(
            "city",
            F.HOUSING_BUILDING,
            today - datetime.timedelta(days=45),
            "closed_actioned",
            follow=FOLLOW_CLOSED,
            kinds=(K.CAUTION, K.CORRECTION_ORDER),
            case_study="published",
        ),
        Plan("city", F.OTHER, today - datetime.timedelta(days=40), "closed_unsubstantiated", named=True),
    ]
    # The history: 20 reports in the centre's first months (2022), the rest spread to two months ago.
    first_year_end = min(datetime.date(2022, 12, 31), today - datetime.timedelta(days=60))
    dates = _spread(rng, CENTRE_OPENED, first_year_end, 20) + _spread(
        rng, datetime.date(2023, 1, 1), today - datetime.timedelta(days=60), 28
    )
    # Bodies (2022: city HQ and affiliated bodies 20, 구·군 31, 공사·공단 4, other 2), scaled to the 48 left after
    # the recent twelve, which add 7 of the city's and 5 of the districts'.
    groups = ["city"] * 12 + ["affiliate"] * 2 + ["district"] * 28 + ["corporation"] * 4 + ["outside"] * 2
    # Fields (2022: roads 15, housing 8, welfare 4, environment 4, general 2, finance 2, urban 1, other 21).
    fields = (
        [F.ROADS_TRANSPORT] * 14
        + [F.HOUSING_BUILDING] * 6
        + [F.WELFARE] * 3
        + [F.ENVIRONMENT] * 3
        + [F.GENERAL_ADMIN] * 2
        + [F.FINANCE_TAX] * 2
        + [F.URBAN_CONSTRUCTION] * 1
        + [F.OTHER] * 17
    )
    rng.shuffle(groups)
    rng.shuffle(fields)
    # Outcomes of the history: a third forwarded, the rest investigated (about half of them substantiated).
    paths = ["forwarded"] * 16 + ["closed_unsubstantiated"] * 17 + ["closed_actioned"] * 15
    rng.shuffle(paths)
    history: list[Plan] = []
    districts_cycle = [d for d in DISTRICTS if d != "해운대구"]
    for i, (received, group, field_value, path) in enumerate(zip(dates, groups, fields, paths, strict=True)):
        plan = Plan(group, field_value, received, "forwarded" if group == "outside" else path)
        if group == "district":
            plan.district = "해운대구" if i % 4 == 0 else districts_cycle[i % len(districts_cycle)]
        plan.named = i % 9 == 4
        if not plan.named:
            plan.channel = rng.choice(
                [ReportChannel.WEB] * 6 + [ReportChannel.PHONE, ReportChannel.VISIT, ReportChannel.NATIONAL]
            )
        if plan.path == "closed_actioned":
            plan.kinds = rng.choice(
                [(K.CAUTION,), (K.CAUTION,), (K.WARNING,), (K.CORRECTION_ORDER,), (K.WARNING, K.CORRECTION_ORDER)]
            )
            plan.extension = i % 4 == 1
            plan.late = i % 7 == 3
        elif plan.path == "closed_unsubstantiated":
            plan.late = i % 8 == 5
        plan.question = i % 5 == 2
        plan.photo = i % 6 == 1
        history.append(plan)
    # A case study from a district's roads report, written by 해운대구's audit office (the report becomes 해운대구's).
    chosen = next(
        (p for p in history if p.group == "district" and p.path == "closed_actioned" and p.field == F.ROADS_TRANSPORT),
        None,
    ) or next(p for p in history if p.group == "district" and p.path == "closed_actioned")
    chosen.district, chosen.field, chosen.case_study = "해운대구", F.ROADS_TRANSPORT, "published"
    for plan in history:
        if plan.group == "city" and plan.path == "closed_unsubstantiated" and not plan.case_study:
            plan.case_study = "draft"
            break
    plans = sorted(history + recent, key=lambda p: p.received)
    for plan in plans:
        _choose_unit(rng, plan)
    return plans


def _choose_unit(rng: random.Random, plan: Plan) -> None:
    if plan.group == "outside":
        plan.unit = ""
        return
    by_group = UNITS[plan.field]
    candidates = by_group.get(plan.group) or [FALLBACK[plan.group]]
    if plan.follow == FOLLOW_WAITING:
        candidates = ["버스운영과"]
    elif plan.follow == FOLLOW_CLOSED:
        candidates = ["건축정책과"]
    plan.unit = rng.choice(candidates)


# --- Writing ------------------------------------------------------------------------------------------------


class _Units:
    """Look the demo's org units up by name: the city's departments, a district's, a body's."""

    def __init__(self) -> None:
        self.root = city_root()
        self.all = list(OrgUnit.objects.filter(is_active=True).only("pk", "code", "name", "kind", "path", "parent_id"))
        self.by_pk = {u.pk: u for u in self.all}

    def body(self, name: str) -> OrgUnit | None:
        kinds = {OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE}
        return next((u for u in self.all if u.name == name and u.kind in kinds), None)

    def within(self, top: OrgUnit, name: str) -> OrgUnit | None:
        return next((u for u in self.all if u.name == name and u.path.startswith(top.path) and u.pk != top.pk), None)

    def city_department(self, name: str) -> OrgUnit | None:
        bodies = [
            u.path for u in self.all if u.kind in {OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE}
        ]
        return next(
            (
                u
                for u in self.all
                if u.name == name and u.kind == OrgUnitKind.DEPARTMENT and not any(u.path.startswith(p) for p in bodies)
            ),
            None,
        )

    def unit_for(self, plan: Plan) -> OrgUnit | None:
        if plan.group == "outside":
            return None
        if plan.group == "district":
            district = self.body(plan.district)
            return self.within(district, plan.unit) if district else None
        if "/" in plan.unit:
            body_name, department = plan.unit.split("/", 1)
            body = self.body(body_name)
            return (self.within(body, department) or body) if body else None
        return self.city_department(plan.unit)


def _user(username: str) -> User | None:
    return User.objects.select_related("official__unit").filter(username=username).first()


def _background_handler(body: OrgUnit, units: _Units) -> User | None:
    """The audit officer of a body without a demo account: an official of its audit (or management) office."""
    username = f"audit.{body.code}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    offices = ["기획감사실", "경영지원처", "경영지원실", "경영기획실", "기획조정실", "경영지원부", "경영기획팀"]
    office = next((u for name in offices if (u := units.within(body, name)) is not None), None)
    if office is None:
        return None
    official = (
        Official.objects.filter(unit=office, status=OfficialStatus.ACTIVE)
        .exclude(pk__in=User.objects.filter(official__isnull=False).values("official_id"))
        .order_by("employee_no")
        .first()
    )
    if official is None:
        return None
    user = new_background_account(official, username)
    from proactive.accounts.services.memberships import grant_role

    grant_role(
        actor=None,
        user=user,
        role=Role.AUDIT_OFFICER,
        unit=office,
        starts_on=datetime.date(CENTRE_OPENED.year, 1, 1),
        note="demo (background handler)",
    )
    return user


class _Stamper:
    """Moves the rows a step wrote (dated today by the services) to the day the step happened."""

    MODELS = (
        (Event, "on"),
        (Message, "sent_on"),
        (Attachment, "added_on"),
        (Extension, "granted_on"),
        (Action, "taken_on"),
    )

    def __init__(self, report: Report) -> None:
        self.report = report
        self.marks = {model: 0 for model, _ in self.MODELS}

    def stamp(self, day: datetime.date, **report_fields: Any) -> None:
        for model, date_field in self.MODELS:
            rows = model.objects.filter(report=self.report, pk__gt=self.marks[model])
            last = rows.aggregate(last=Max("pk"))["last"]
            if last is not None:
                rows.update(**{date_field: day})
                self.marks[model] = last
        if report_fields:
            Report.objects.filter(pk=self.report.pk).update(**report_fields)


def _business_after(day: datetime.date, days: int) -> datetime.date:
    return deadlines.add_days(day, days, business=True)


def _photo() -> SimpleUploadedFile | None:
    try:
        from PIL import Image  # noqa: PLC0415  (only the demo draws a picture)
    except ModuleNotFoundError:  # pragma: no cover
        return None
    image = Image.new("RGB", (64, 48), (128, 128, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return SimpleUploadedFile("현장사진.jpg", buffer.getvalue(), content_type="image/jpeg")


def _story(plan: Plan, index: int) -> tuple[str, str]:
    stories = STORIES[plan.field]
    return stories[index % len(stories)]


def _handle(
    plan: Plan, report: Report, handler: User, units: _Units, today: datetime.date, settings: CentreSettings
) -> None:
    """Take ``report`` along ``plan.path``, each step on its own day."""
    clock = _Stamper(report)
    received = plan.received
    clock.stamp(
        received,
        received_on=received,
        reporter_last_active_on=received,
        occurred_on=received - datetime.timedelta(days=20),
    )
    if plan.path == "received":
        return
    triaged = min(_business_after(received, 1 + plan.received.day % 2), today)
    field_value = plan.field
    if plan.path == "forwarded":
        target = report.unit or units.city_department("총무과") or units.root
        report = handling.forward_report(
            actor=handler,
            report=report,
            forwarded_to=target,
            reason=OUTSIDE_REASON if report.unit is None else FORWARD_REASON,
            field=field_value,
        )
        clock.stamp(
            triaged,
            triaged_on=triaged,
            closed_on=triaged,
            purge_on=triaged + datetime.timedelta(days=settings.retention_days("forwarded")),
        )
        return
    report = handling.start_investigation(actor=handler, report=report, assignee=handler, field=field_value)
    if plan.path == "overdue":
        triaged = received + datetime.timedelta(days=2)
    due = deadlines.add_days(triaged, settings.handling_days, business=settings.business_days)
    clock.stamp(triaged, triaged_on=triaged, due_on=due)
    step = triaged
    if plan.question:
        step = min(step + datetime.timedelta(days=1), today)
        handling.send_message(actor=handler, report=report, text=QUESTION)
        clock.stamp(step)
        if plan.path not in {"overdue"} and plan.follow != FOLLOW_QUESTION:
            step = min(step + datetime.timedelta(days=2), today)
            intake.reporter_reply(report=report, text=ANSWER, files=[p for p in [_photo()] if p and plan.photo])
            clock.stamp(step, reporter_last_active_on=step)
    if plan.path in {"investigating", "overdue"}:
        handling.send_message(actor=handler, report=report, text=NOTE, internal=True)
        clock.stamp(min(step + datetime.timedelta(days=1), today))
        return
    if plan.extension:
        extended = deadlines.add_days(due, settings.handling_days, business=settings.business_days)
        handling.extend_deadline(
            actor=handler,
            report=report,
            new_due_on=today + datetime.timedelta(days=365),  # the service wants a future date; moved below
            reason="관련 부서 자료 회신과 현장 확인 일정으로 연장",
        )
        Extension.objects.filter(report=report).update(previous_due_on=due, due_on=extended)
        step = min(_business_after(step, 3), today)
        clock.stamp(step, due_on=extended)
        due = extended
    substantiated = plan.path in {"substantiated", "action_taken", "closed_actioned"}
    if plan.late:
        found_on = _business_after(due, 2)
    elif plan.extension:
        found_on = _business_after(step, 5)
    else:
        found_on = _business_after(step, 2 if step > triaged else 3)
    found_on = min(found_on, today)
    handling.record_finding(
        actor=handler, report=report, substantiated=substantiated, findings=FOUND if substantiated else NOT_FOUND
    )
    clock.stamp(found_on, finding_on=found_on)
    if plan.path in {"substantiated", "unsubstantiated"}:
        return
    acted_on = found_on
    if substantiated:
        recent = plan.path == "action_taken" or plan.follow == FOLLOW_CLOSED
        official = None
        if recent and report.unit is not None:
            official = (
                Official.objects.filter(unit=report.unit, status=OfficialStatus.ACTIVE).order_by("employee_no").last()
            )
        actions = [
            handling.ActionInput(
                kind=kind,
                official=official if kind != K.CORRECTION_ORDER else None,
                unit=report.unit if kind == K.CORRECTION_ORDER else None,
                note=ACTION_NOTES[kind],
            )
            for kind in plan.kinds
        ]
        handling.record_action(actor=handler, report=report, actions=actions)
        acted_on = min(_business_after(found_on, 1), today)
        clock.stamp(acted_on)
        if plan.path == "action_taken":
            return
    closed_on = min(_business_after(acted_on, 1), today)
    handling.close_report(
        actor=handler,
        report=report,
        reporter_text=ACTIONED_TEXT if substantiated else UNSUBSTANTIATED_TEXT,
    )
    outcome = "actioned" if substantiated else "unsubstantiated"
    clock.stamp(
        closed_on,
        closed_on=closed_on,
        purge_on=closed_on + datetime.timedelta(days=settings.retention_days(outcome)),
    )


def _renumber() -> None:
    """Report numbers by the year received, in the order received (the service numbers them in today's year)."""
    reports = list(Report.objects.order_by("received_on", "pk").values_list("pk", "received_on"))
    for pk, _received in reports:
        Report.objects.filter(pk=pk).update(number=f"tmp-{pk}")
    counters: dict[int, int] = {}
    for pk, received in reports:
        counters[received.year] = counters.get(received.year, 0) + 1
        Report.objects.filter(pk=pk).update(number=f"{received.year}-{counters[received.year]:06d}")


CASE_STUDIES: dict[str, dict[str, str]] = {
    F.HOUSING_BUILDING: {
        "title": "이미 낸 서류를 거듭 요구하며 건축 신고 처리를 미룬 사례",
        "summary": (
            "한 주민이 건축 신고를 하며 필요한 서류를 모두 냈습니다. 그러나 담당자가 바뀔 때마다 이미 낸 서류를 다시 "
            "내라는 요구를 말로만 받았고, 신고는 석 달 가까이 처리되지 않았습니다. 주민은 진행 상황을 물을 때마다 "
            "'검토 중'이라는 답만 들었습니다."
        ),
        "finding": (
            "보완 요구는 문서로 한 적이 없었고, 요구한 서류는 이미 접수 기록에 있었습니다. 인수인계 때 접수 서류 목록을 "
            "넘기지 않아 같은 요구가 되풀이되었습니다. 처리 기한을 넘기고도 민원인에게 지연 사유를 알리지 않았습니다."
        ),
        "lesson": (
            "보완 요구는 한 번에, 근거와 함께 문서로 합니다. 담당자가 바뀌면 접수 서류와 진행 상황을 넘기고, 기한을 "
            "넘길 것 같으면 미리 사유와 예정일을 알립니다."
        ),
    },
    F.ROADS_TRANSPORT: {
        "title": "고장 난 시설의 관할을 서로 미룬 사례",
        "summary": (
            "주민이 고장 난 교통 시설을 고쳐 달라고 여러 차례 민원을 냈으나, 관련 기관들이 서로 관할이 아니라며 민원을 "
            "넘기는 사이 몇 달 동안 아무도 고치지 않았습니다."
        ),
        "finding": (
            "시설의 관리 주체는 협약서에 정해져 있었지만 담당자들이 이를 확인하지 않았습니다. 민원을 넘길 때 받는 쪽에 "
            "알리지 않아 민원이 어디에도 접수되지 않은 상태로 남았습니다."
        ),
        "lesson": (
            "관할이 불분명하면 넘기기 전에 관리 주체를 확인하고, 넘길 때는 받는 부서와 민원인에게 함께 알립니다. 처리 "
            "주체가 정해질 때까지는 처음 받은 부서가 책임지고 챙깁니다."
        ),
    },
}
DRAFT_STUDY = {
    "title": "처리 기간 안의 민원을 소극행정으로 신고한 사례(초안)",
    "summary": "한 민원인이 처리가 늦다며 신고했으나, 민원은 법정 처리기간 안에 처리되고 있었습니다.",
    "finding": "보완 요구에 근거가 있었고 기간도 지켰지만, 진행 상황 안내가 부족했습니다.",
    "lesson": "기간 안이라도 진행 상황을 먼저 알리면 불필요한 오해를 줄일 수 있습니다.",
}


def _write_case_study(plan: Plan, report: Report, handler: User) -> None:
    report.refresh_from_db()
    if plan.case_study == "draft":
        casestudies.create_case_study(
            actor=handler,
            report=report,
            data={**DRAFT_STUDY, **casestudies.prefill_from_report(report)},
        )
        return
    texts = CASE_STUDIES.get(report.field, CASE_STUDIES[F.ROADS_TRANSPORT])
    case_study = casestudies.create_case_study(
        actor=handler, report=report, data={**texts, **casestudies.prefill_from_report(report)}
    )
    casestudies.publish_case_study(actor=handler, case_study=case_study, anonymisation_confirmed=True)
    published_on = min(report.closed_on + datetime.timedelta(days=30), timezone.localdate())  # type: ignore[operator]
    CaseStudy.objects.filter(pk=case_study.pk).update(published_on=published_on)
    Event.objects.filter(report=report, verb="case_study_drafted").update(on=published_on)


def _quiet_old_notifications(report_ids: list[int]) -> None:
    """Mark the handlers' notifications about the historic reports read (they were dealt with long ago)."""
    from proactive.notifications.models import Notification
    from proactive.notifications.services import mark_read

    urls = [f"/reporting/{pk}/" for pk in report_ids]
    for notification in Notification.objects.filter(url__in=urls, read_at__isnull=True).select_related("recipient"):
        mark_read(actor=notification.recipient, notification=notification)


@transaction.atomic
def write_reporting_demo(today: datetime.date | None = None) -> ReportingDemo:
    """Write the demo's reports if there are none yet; return how many were written and the receipts to print."""
    result = ReportingDemo()
    if Report.objects.exists():
        result.receipts = _existing_receipts()
        return result
    today = today or timezone.localdate()
    auditor, district_auditor, citizen = _user("auditor"), _user("district_auditor"), _user("citizen")
    units = _Units()
    if auditor is None or units.root is None:
        return result
    settings = CentreSettings.current()
    handlers: dict[int, User] = {units.root.pk: auditor}
    haeundae = units.body("해운대구")
    if haeundae is not None and district_auditor is not None:
        handlers[haeundae.pk] = district_auditor
    historic: list[int] = []
    story_index: dict[str, int] = {}
    for plan in plan_reports(today):
        unit = units.unit_for(plan)
        if plan.group != "outside" and unit is None:
            continue  # an org chart without this unit (edited by hand): skip the report
        body = handling_body(unit) if unit is not None else units.root
        handler = handlers.get(body.pk)
        if handler is None:
            handler = _background_handler(body, units)
            if handler is None:
                continue
            handlers[body.pk] = handler
        story_index[plan.field] = story_index.get(plan.field, -1) + 1
        report_type, what = _story(plan, story_index[plan.field])
        named = plan.named and citizen is not None
        photo = _photo() if plan.photo and plan.path != "received" else None
        filed = intake.file_report(
            actor=citizen if named else None,
            named=named,
            report_type=report_type,
            what=what,
            unit=unit,
            outside_body=OUTSIDE_BODIES[len(historic) % 2] if unit is None else "",
            when_text="올해 들어 여러 차례" if plan.received.year == today.year else "",
            prior_complaint="국민신문고 민원 접수(답변: 검토 중)" if plan.path != "forwarded" else "",
            files=[photo] if photo else [],
            channel=plan.channel,
        )
        report = filed.report
        if plan.follow:
            Report.objects.filter(pk=report.pk).update(receipt_hash=receipts.receipt_hash(demo_receipt(plan.follow)))
        _handle(plan, report, handler, units, today, settings)
        if plan.follow:
            # The reporter looked at it lately: the receipt still works.
            Report.objects.filter(pk=report.pk).update(reporter_last_active_on=today - datetime.timedelta(days=2))
        if plan.case_study:
            _write_case_study(plan, report, handler)
        if plan.received < today - datetime.timedelta(days=30):
            historic.append(report.pk)
        result.created += 1
    _renumber()
    transaction.on_commit(lambda: _quiet_old_notifications(historic))
    result.receipts = _existing_receipts()
    return result


def _existing_receipts() -> list[tuple[str, str]]:
    found = []
    for key, description in DEMO_RECEIPTS:
        receipt = demo_receipt(key)
        if Report.objects.filter(receipt_hash=receipts.receipt_hash(receipt)).exists():
            found.append((receipts.display(receipt), description))
    return found
