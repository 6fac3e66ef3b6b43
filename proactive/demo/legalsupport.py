"""Demo content for legal support (소송 지원, 변호사 선임비), written through ``legalsupport.services`` and decided by
the committee through ``committee.services`` (a meeting in person, its members called, present and voting), so
every row is checked, numbered and audited as in real use. Idempotent: nothing is written if any application
exists.

What a visitor finds (about ten applications, every state):

* ``official`` (교통기획팀): a criminal investigation over an emergency bus-hire contract after a flood, approved at
  the 5,000,000원 cap (asked 6,600,000원), the retainer paid and the success fee invoiced; and a draft civil case;
* ``protection`` (면책보호관) filed on behalf of officials: a disaster-response official's disciplinary case
  (approved at the 2,000,000원 cap, paid, closed), a contracts official's investigation (facts checked, waiting to be
  tabled), a welfare official's disciplinary case whose fact-finding is overdue, a building-safety official's
  civil suit just submitted, a **retired** official's trial after a final acquittal (before the committee), an
  environment official's case denied for a private interest, a road-works official's support cancelled for a false
  invoice (refund due, partly received), and a case withdrawn when the disciplinary request was dropped;
* ``accountable`` (적극행정 책임관): the fact-findings, the invoices and payments, the cancellation;
* ``secretariat``: the tabling with the amounts proposed.

The committee decides at one meeting of today's date with the members serving today; if fewer than three serve
(the committee's own demo has not run), three external legal experts are put on the roster first.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import Official, OrgUnit, User
from proactive.core import deadlines
from proactive.legalsupport.enums import ApplicationState, Outcome, PaymentMethod, Recommendation, Stage
from proactive.legalsupport.models import Application, Event, LegalSupportSettings
from proactive.legalsupport.services import applications as services
from proactive.legalsupport.services import payments

S = ApplicationState
STAFF_POSITION = "주무관"


@dataclass
class Case:
    """One demo application and how far it goes."""

    key: str
    unit: str  # the official's team (or "" for the demo official / a retired official)
    stage: str
    act: str
    reason: str
    facts: str
    amount: int
    until: str  # the state it ends in
    by_protection: bool = True
    retired: bool = False
    authority: str = ""
    case_number: str = ""
    kinds: tuple[str, ...] = ("wants_lawyer_fee",)
    acquittal_days_ago: int | None = None
    proposed: int | None = None
    outcome: str = Outcome.APPROVED
    resolution: str = "적극행정 과정에서 발생한 절차로 인정되어 상정안대로 지원한다."
    findings: str = ""
    private_interest: bool = False
    recommendation: str = Recommendation.SUPPORT
    invoices: list[tuple[str, str, int, int]] = field(default_factory=list)  # (number, issuer, amount, paid)
    cancel_reason: str = ""
    refund_received: int = 0
    withdraw_reason: str = ""
    comments: list[tuple[str, str]] = field(default_factory=list)  # (username, text)
    submitted_days_ago: int = 0
    file_name: str = ""


CASES: list[Case] = [
    Case(
        key="disaster",
        unit="재난대응팀",
        stage=Stage.DISCIPLINARY,
        authority="부산광역시 인사위원회",
        case_number="2026-징계-017",
        act=(
            "태풍 북상 당시 침수가 우려된 지하차도 3곳을 관계 부서 협의 전에 선제 통제하고, 배수펌프 긴급 임차와 "
            "배수로 정비 공사를 수의계약으로 발주했습니다."
        ),
        reason=(
            "인명 피해를 막기 위한 긴급 조치였으며, 업체는 재난 대응 협약 업체 가운데 가장 빨리 투입할 수 있는 곳으로 "
            "정했습니다. 업체와 사적 이해관계는 없고, 사후에 계약 심의와 보고 절차를 모두 마쳤습니다."
        ),
        facts=(
            "자체 감사에서 수의계약 사유 검토가 미흡하다는 이유로 경징계 의결이 요구되어, 인사위원회 출석과 소명을 "
            "앞두고 변호사 선임을 신청합니다."
        ),
        amount=2_200_000,
        kinds=("wants_lawyer_fee", "wants_opinion"),
        until=S.CLOSED,
        proposed=2_000_000,
        findings=(
            "재난안전대책본부 가동 기록, 지하차도 통제 일지와 긴급 계약 서류를 확인했습니다. 긴급성이 인정되고 업체 "
            "선정에 사적 이해관계가 없으며, 사후 보고 절차도 거쳤습니다. 고의나 중대한 과실은 없는 것으로 판단합니다."
        ),
        invoices=[("해온-2026-0412", "법무법인 해온 변호사 정민우", 2_200_000, 2_000_000)],
        file_name="징계의결요구서.pdf",
        submitted_days_ago=70,
    ),
    Case(
        key="bus_contract",
        unit="",
        by_protection=False,
        stage=Stage.CRIMINAL_INVESTIGATION,
        authority="부산지방검찰청",
        case_number="2026형제4821",
        act=(
            "집중호우로 도시철도 일부 구간 운행이 중단되자 대체 버스 40대를 긴급 임차하는 계약을 수의계약으로 "
            "체결했습니다."
        ),
        reason=(
            "출근길 시민 10만여 명의 이동을 지키기 위한 조치였습니다. 사전컨설팅 답변에 따라 긴급 수의계약 요건을 "
            "검토했고, 임차 단가는 조달청 기준 이하였습니다."
        ),
        facts=(
            "한 운수업체가 특정 업체에 특혜를 주었다며 업무상 배임 혐의로 고발하여 경찰 수사를 거쳐 검찰 수사가 진행 "
            "중입니다. 기소 전 단계에서 변호사 선임과 수사기관에 대한 의견서 제출을 요청합니다."
        ),
        amount=6_600_000,
        kinds=("wants_lawyer_fee", "wants_opinion"),
        until=S.APPROVED,
        proposed=5_000_000,
        findings=(
            "임차 계약서, 단가 비교표, 사전컨설팅 답변과 실제 처리를 대조했습니다. 답변에 따라 처리했고 사적 "
            "이해관계는 확인되지 않았습니다. 형사 수사 단계 지원 한도(500만 원) 범위의 지원이 적정합니다."
        ),
        invoices=[
            ("율하-착수-118", "법무법인 율하 변호사 김서윤", 3_300_000, 3_300_000),
            ("율하-잔금-131", "법무법인 율하 변호사 김서윤", 2_200_000, 0),
        ],
        comments=[("protection", "수사기관에 제출할 적극행정 의견서 초안을 법무담당관실에서 검토하고 있습니다.")],
        file_name="고발장_사본.pdf",
        submitted_days_ago=45,
    ),
    Case(
        key="contracts",
        unit="계약팀",
        stage=Stage.CRIMINAL_INVESTIGATION,
        authority="부산경찰청",
        case_number="2026-수사-2291",
        act="도로 함몰 긴급 복구 공사의 설계 변경을 승인하고 공사비를 증액했습니다.",
        reason=(
            "추가 함몰로 인한 사고를 막기 위해 현장 조사 결과에 따라 공법을 바꿨습니다. 설계 변경 심의를 거쳤고 "
            "시공사와 이해관계가 없습니다."
        ),
        facts="공사비 증액이 부당하다는 진정으로 경찰 내사가 시작되어 참고인 조사를 앞두고 있습니다.",
        amount=3_500_000,
        until=S.FACTS_CHECKED,
        findings=(
            "설계 변경 심의 회의록과 현장 조사 보고서를 확인했습니다. 증액은 심의 결과에 따른 것이며 사적 "
            "이해관계는 없습니다."
        ),
        recommendation=Recommendation.SUPPORT,
        submitted_days_ago=25,
    ),
    Case(
        key="welfare_overdue",
        unit="복지급여팀",
        stage=Stage.DISCIPLINARY,
        authority="부산광역시 인사위원회",
        act="한파 특보 기간에 긴급복지 생계지원금을 소득 조사 완료 전에 먼저 지급했습니다.",
        reason="한파 속에 난방이 끊긴 가구의 위기를 막기 위해 긴급지원 지침의 선지원 후조사 규정을 적용했습니다.",
        facts="사후 조사에서 일부 가구가 기준을 넘는 것으로 확인되어 징계 의결이 요구되었습니다.",
        amount=1_800_000,
        until=S.SUBMITTED,
        submitted_days_ago=40,  # past the fact-finding deadline: flagged as overdue
        comments=[("accountable", "긴급지원 결정 당시의 상담 기록을 추가로 제출해 주십시오.")],
    ),
    Case(
        key="building_civil",
        unit="건축안전팀",
        stage=Stage.CIVIL,
        authority="부산지방법원",
        case_number="2026가합10293",
        act="붕괴 위험이 있는 노후 옹벽 주변 건축물에 사용 제한 명령을 내렸습니다.",
        reason="정밀안전진단 결과 붕괴 위험이 높아 주민 안전을 위해 즉시 조치했습니다.",
        facts="건물주가 영업 손실을 이유로 담당 공무원 개인을 상대로 손해배상 청구 소송을 제기했습니다.",
        amount=7_000_000,
        kinds=("wants_lawyer_fee", "wants_litigation_costs"),
        until=S.SUBMITTED,
        submitted_days_ago=3,
    ),
    Case(
        key="retired_trial",
        unit="",
        retired=True,
        stage=Stage.CRIMINAL_TRIAL,
        authority="부산지방법원",
        case_number="2025고단3317",
        acquittal_days_ago=60,
        act="재직 중 공유재산 무단 점유 시설을 행정대집행으로 철거했습니다.",
        reason="보행로를 막아 사고 위험이 컸던 시설로, 계고와 통지 절차를 모두 거쳐 철거했습니다.",
        facts=(
            "시설 소유자의 고소로 직권남용 혐의로 기소되었으나 1심과 항소심에서 무죄가 선고되어 확정되었습니다. "
            "퇴직 후 재판 단계 변호사 비용의 지원을 신청합니다."
        ),
        amount=5_500_000,
        until=S.BEFORE_COMMITTEE,
        proposed=5_000_000,
        findings="판결문과 무죄 확정 증명서를 확인했습니다. 재판 단계 지원 요건(무죄 확정)을 갖추었습니다.",
        file_name="무죄확정증명서.pdf",
        submitted_days_ago=20,
    ),
    Case(
        key="denied",
        unit="대기환경과",
        stage=Stage.DISCIPLINARY,
        authority="부산광역시 인사위원회",
        act="미세먼지 저감 장비 보조사업 대상 업체를 추가 선정했습니다.",
        reason="비상저감조치 기간에 보조사업을 빨리 집행하기 위한 것이었습니다.",
        facts="선정 과정의 공정성 문제로 징계 의결이 요구되었습니다.",
        amount=2_000_000,
        until=S.DENIED,
        proposed=2_000_000,
        outcome=Outcome.DENIED,
        resolution="선정 업체가 신청인 배우자의 친족이 운영하는 업체로 확인되어 사적 이해관계가 인정되므로 지원하지 아니한다.",
        findings="선정 업체 대표가 신청인 배우자의 친족으로 확인되었습니다. 사적 이해관계가 있습니다.",
        private_interest=True,
        recommendation=Recommendation.DENY,
        submitted_days_ago=50,
    ),
    Case(
        key="cancelled",
        unit="도로공사팀",
        stage=Stage.DISCIPLINARY,
        authority="부산광역시 인사위원회",
        act="집중호우 피해 도로의 응급 복구를 야간에 긴급 발주했습니다.",
        reason="통행 재개를 위한 응급 복구였습니다.",
        facts="응급 복구 공사의 검수 절차 누락으로 징계 의결이 요구되었습니다.",
        amount=2_000_000,
        until=S.CANCELLED,
        proposed=2_000_000,
        findings="응급 복구의 긴급성은 인정됩니다.",
        invoices=[("삼광-2026-077", "삼광법률사무소 변호사 이도현", 1_500_000, 1_500_000)],
        cancel_reason=(
            "제출한 변호사 선임 청구서가 실제 계약 금액보다 부풀려 작성된 사실이 확인되어, 거짓으로 지원을 받은 "
            "것으로 판단합니다."
        ),
        refund_received=500_000,
        submitted_days_ago=80,
    ),
    Case(
        key="draft",
        unit="",
        by_protection=False,
        stage=Stage.CIVIL,
        authority="부산지방법원",
        act="시내버스 노선 개편 때 일부 정류장을 통합하는 안을 시행했습니다.",
        reason="",
        facts="",
        amount=0,
        until=S.DRAFT,
    ),
    Case(
        key="withdrawn",
        unit="안전점검팀",
        stage=Stage.DISCIPLINARY,
        authority="부산광역시 인사위원회",
        act="축제 기간 가설 무대의 사용을 안전 점검 결과에 따라 중지시켰습니다.",
        reason="관람객 안전을 위한 조치였습니다.",
        facts="주최 측 민원으로 징계 의결이 요구되었습니다.",
        amount=1_500_000,
        until=S.WITHDRAWN,
        withdraw_reason="인사위원회가 징계 의결 요구를 철회하여 신청을 철회합니다.",
        submitted_days_ago=15,
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _official_in(unit_name: str, taken: set[int]) -> Official | None:
    unit = OrgUnit.objects.filter(name=unit_name).order_by("path").first()
    if unit is None:
        return None
    candidates = Official.objects.filter(
        unit__path__startswith=unit.path, status=OfficialStatus.ACTIVE, position=STAFF_POSITION
    ).order_by("employee_no")
    return next((o for o in candidates if o.pk not in taken and not hasattr(o, "user")), None)


def _retired_official(taken: set[int]) -> Official | None:
    retired = Official.objects.filter(status=OfficialStatus.RETIRED).order_by("employee_no")
    return next((o for o in retired if o.pk not in taken and not hasattr(o, "user")), None)


def _pdf(name: str) -> SimpleUploadedFile:
    import pikepdf  # noqa: PLC0415  (only the demo makes a sample PDF)

    document = pikepdf.new()
    document.add_blank_page()
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _data(case: Case, today: datetime.date) -> dict[str, Any]:
    values: dict[str, Any] = {
        "stage": case.stage,
        "authority": case.authority,
        "case_number": case.case_number,
        "act": case.act,
        "proactive_reason": case.reason,
        "facts": case.facts,
        "amount_requested": case.amount,
    }
    for name in ("wants_lawyer_fee", "wants_litigation_costs", "wants_opinion", "wants_referral"):
        values[name] = name in case.kinds
    if case.acquittal_days_ago is not None:
        values["acquittal_final_on"] = today - datetime.timedelta(days=case.acquittal_days_ago)
    return values


def _backdate(application: Application, days: int) -> None:
    """Move the submission (and its fact-finding deadline) ``days`` back: metadata only, on our own table."""
    if not days or application.submitted_on is None:
        return
    settings = LegalSupportSettings.current()
    submitted_on = application.submitted_on - datetime.timedelta(days=days)
    due_on = deadlines.add_days(submitted_on, settings.fact_finding_days, business=settings.business_days)
    Application.objects.filter(pk=application.pk).update(submitted_on=submitted_on, due_on=due_on)
    moment = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(10, 0)))
    Event.objects.filter(application=application, verb__in=["drafted", "submitted"]).update(at=moment)


class _Committee:
    """Decides the demo's agenda items the way the committee does: one meeting in person today, the members serving
    today called and present, the proposal voted on."""

    def __init__(self) -> None:
        self.meeting: Any = None
        self.members: list = []

    def _ready(self) -> None:
        if self.meeting is not None:
            return
        from proactive.committee.enums import MeetingKind, MemberCategory, MemberField  # noqa: PLC0415
        from proactive.committee.queries.roster import sitting_members  # noqa: PLC0415
        from proactive.committee.services import meetings, roster  # noqa: PLC0415

        self.members = list(sitting_members())[:5]
        experts = [
            ("한지원", "jiwon.han@law.example", "법무법인 동백 변호사"),
            ("오승민", "seungmin.oh@law.example", "부산대학교 법학전문대학원 교수"),
            ("배나래", "narae.bae@law.example", "법률사무소 가온 변호사"),
        ]
        for name, email, affiliation in experts[: max(0, 3 - len(self.members))]:
            self.members.append(
                roster.enrol_member(
                    actor=None,
                    category=MemberCategory.PRIVATE,
                    field=MemberField.LEGAL,
                    name=name,
                    email=email,
                    affiliation=affiliation,
                )
            )
        self.meeting = meetings.create_meeting(
            actor=None, kind=MeetingKind.IN_PERSON, scheduled_at=timezone.now(), place="부산시청 7층 회의실"
        )

    def decide(self, application: Application, outcome: str, resolution: str) -> None:
        from proactive.committee.enums import MeetingState  # noqa: PLC0415
        from proactive.committee.services import agenda, meetings  # noqa: PLC0415

        self._ready()
        item = services.item_for(application)
        agenda.schedule_item(actor=None, item=item, meeting=self.meeting)
        self.meeting.refresh_from_db()
        if self.meeting.state == MeetingState.PLANNED:
            meetings.invite_members(actor=None, meeting=self.meeting, members=self.members)
            meetings.open_meeting(actor=None, meeting=self.meeting, present=self.members)
        item.refresh_from_db()
        agenda.propose_decision(actor=None, item=item, outcome=outcome, resolution=resolution)
        for member in self.members:
            agenda.record_vote(actor=None, item=item, member=member, choice="for")
        agenda.decide_item(actor=None, item=item, outcome=outcome, resolution=resolution)


def _write_case(case: Case, official: Official, people: dict[str, User], committee: _Committee, today) -> None:
    filer = people["protection"] if case.by_protection else people["official"]
    accountable, secretariat = people["accountable"], people["secretariat"]
    files = [_pdf(case.file_name)] if case.file_name else []
    application = services.create_application(
        actor=filer, data=_data(case, today), official=official if case.by_protection else None, files=files
    )
    if case.until == S.DRAFT:
        return
    application = services.submit_application(actor=filer, application=application)
    _backdate(application, case.submitted_days_ago)
    application.refresh_from_db()
    for username, text in case.comments:
        services.add_comment(actor=people[username], application=application, text=text)
    if case.until == S.SUBMITTED:
        return
    if case.until == S.WITHDRAWN:
        services.withdraw_application(actor=filer, application=application, reason=case.withdraw_reason)
        return
    application = services.record_fact_finding(
        actor=accountable,
        application=application,
        findings=case.findings,
        private_interest=case.private_interest,
        intent_or_gross_negligence=False,
        recommendation=case.recommendation,
        recommended_amount=case.proposed if case.recommendation != Recommendation.DENY else None,
    )
    if case.until == S.FACTS_CHECKED:
        return
    application = services.table_application(
        actor=secretariat, application=application, proposed_amount=case.proposed or 0
    )
    if case.until == S.BEFORE_COMMITTEE:
        return
    committee.decide(application, case.outcome, case.resolution)
    application.refresh_from_db()
    if case.until == S.DENIED:
        return
    for number, issuer, amount, paid in case.invoices:
        invoice = payments.add_invoice(
            actor=accountable,
            application=application,
            number=number,
            issued_on=today - datetime.timedelta(days=5),
            issuer=issuer,
            amount=amount,
            uploaded_file=_pdf(f"청구서_{number}.pdf"),
        )
        if paid:
            payments.record_payment(
                actor=accountable,
                invoice=invoice,
                paid_on=today - datetime.timedelta(days=2),
                amount=paid,
                method=PaymentMethod.TO_LAWYER,
                reference=f"지출결의 {today.year}-{invoice.pk:04d}",
            )
    application.refresh_from_db()
    if case.until == S.CLOSED:
        services.close_application(
            actor=accountable, application=application, note="지원 결정 금액을 모두 지급하여 종결합니다."
        )
    elif case.until == S.CANCELLED:
        application = services.cancel_support(actor=accountable, application=application, reason=case.cancel_reason)
        if case.refund_received:
            services.record_refund(
                actor=accountable,
                application=application,
                amount=case.refund_received,
                received_on=today,
                reference=f"세입 {today.year}-0042",
            )


@transaction.atomic
def write_legalsupport_demo(today: datetime.date | None = None) -> int:
    """Write the demo's applications if there are none yet; return how many were written."""
    if Application.objects.exists():
        return 0
    today = today or timezone.localdate()
    found = {name: _user(name) for name in ("official", "protection", "accountable", "secretariat")}
    people = {name: user for name, user in found.items() if user is not None}
    if len(people) < len(found) or people["official"].official is None:
        return 0
    own = people["official"].official
    taken: set[int] = {own.pk}
    committee = _Committee()
    created = 0
    for case in CASES:
        official: Official | None
        if not case.by_protection:
            official = own
        elif case.retired:
            official = _retired_official(taken)
        else:
            official = _official_in(case.unit, taken)
        if official is None:
            continue  # an org chart without this unit (edited by hand): skip the case
        taken.add(official.pk)
        _write_case(case, official, people, committee, today)
        created += 1
    return created
