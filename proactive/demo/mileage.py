"""Demo content for mileage (적극행정 마일리지), written through the domain services so every row is validated,
capped and audited as in real use. Idempotent: nothing is written if any claim exists.

Each claim is filed, granted, checked and approved with the clock set to when that would have happened (filed the
day after the work, a decision about every two days, never later than a few days ago: ``claim_timeline``), and
the rewards a few days ago, so the ledger, the audit trail and the reports by month read like a year of use
(decision 0024). The claims waiting in the queues, the appeal and the year-end expiry happen now.

What a visitor finds (today's date decides the year, ``Y``):
* the year ``Y-1`` closed: the selection bonus of the 2025 H1 winners (posted when the committee confirmed the
  grades) and the claims approved that year, then the year-end expiry of what was left unspent;
* in ``Y``: about 30 officials of the transport bureau with approved claims spread over the months (the reports
  have figures by department, activity and month), a team claim split by contribution, one deduction for
  passive administration;
* the demo ``official`` (서주옥, 교통기획팀): approved claims, a mobile coupon fulfilled with its code, a 동백전 credit waiting
  for the payout batch, and a rejected claim under appeal, waiting for the secretariat to assign the panel;
* waiting in each queue: a claim for the department head (``depthead``) to grant, one for the bureau chief
  (``bureauchief``) to check, one for the secretariat to approve.
"""

import contextlib
import datetime
import functools
import io
import random
from collections.abc import Callable, Iterator

import pikepdf
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import Official, User
from proactive.core.exceptions import DomainError
from proactive.mileage.enums import ClaimState, RewardKind
from proactive.mileage.models import ActivityType, Claim, RewardOption
from proactive.mileage.queries.catalogue import current_rule
from proactive.mileage.queries.claims import home_unit
from proactive.mileage.services.appeals import file_appeal
from proactive.mileage.services.automatic import deduct_for_passive_administration
from proactive.mileage.services.claims import submit_claim, transition_claim
from proactive.mileage.services.expiry import expire_year
from proactive.mileage.services.redemptions import fulfil_redemption, request_redemption

C = ClaimState

# (activity code, title, points) of the claims the demo approves; the titles read like real work.
WORK = [
    ("proactive-work", "버스 노선 조정 민원 현장 확인 후 즉시 개선", 2),
    ("proactive-work", "교통약자 저상버스 예약 안내 절차 간소화", 3),
    ("regulation-improved", "공영주차장 감면 대상 확대 조례 개정 건의", 3),
    ("cross-department-collaboration", "도시철도 환승 안내 표지 공동 정비", 2),
    ("committee-opinion", "택시 감차 보상 기준 적극행정위원회 의견제시 활용", 2),
    ("pre-consulting", "버스 승강장 스마트 쉘터 설치 사전컨설팅 감사 활용", 2),
    ("proactive-work", "야간 심야버스 운행 시간 연장 시범 운영", 1),
    ("regulation-improved", "전동킥보드 주차구역 지정 기준 정비", 2),
]
# The demo official's own year: enough for a coupon and a 동백전 credit.
MY_WORK = [
    *WORK,
    ("proactive-work", "버스 도착정보 안내기 고장 신고 당일 처리 체계 마련", 3),
    ("cross-department-collaboration", "구·군 합동 불법 주정차 단속 일정 공유", 2),
    ("proactive-work", "어르신 교통카드 발급 방문 접수 운영", 3),
]


def _evidence(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing for the work's record (the demo has no real documents to attach)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Title"] = title
    out = io.BytesIO()
    pdf.save(out)
    return SimpleUploadedFile("추진실적.pdf", out.getvalue(), content_type="application/pdf")


def _staff(username: str) -> User | None:
    return User.objects.select_related("official__unit").filter(username=username).first()


def _rule(code: str):
    activity = ActivityType.objects.filter(code=code).first()
    return current_rule(activity) if activity is not None else None


HISTORY_LAG = datetime.timedelta(days=3)  # the staged history ends this long before the demo is loaded
STEP = datetime.timedelta(days=2, hours=2)  # between a claim's filing and each decision on it (10:00, 12:00, …)


def claim_timeline(day: datetime.date, steps: int, *, latest: datetime.datetime) -> list[datetime.datetime]:
    """``steps`` moments for the life of a claim for work done on ``day``: filed the day after at 10:00, each
    decision two days and two hours after the one before; pulled back so that none is later than ``latest``, and
    never before ``day`` begins; always in order, at least a minute apart."""
    tz = timezone.get_current_timezone()
    begins = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=tz)
    filed = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(10, 0), tzinfo=tz)
    out: list[datetime.datetime] = []
    for k in range(steps):
        moment = min(filed + k * STEP, latest - (steps - 1 - k) * datetime.timedelta(minutes=1))
        # Each bound rises by at least a minute a step, so their min, then max, keeps the moments in order.
        out.append(max(moment, begins + k * datetime.timedelta(minutes=1)))
    return out


@contextlib.contextmanager
def _at(moment: datetime.datetime) -> Iterator[None]:
    """Run what follows with every clock at ``moment`` (decision 0024)."""
    with time_machine.travel(moment, tick=False):
        yield


def _approve(claim: Claim, *, head: User, chief: User, secretariat: User, moments: list[datetime.datetime]) -> Claim:
    """Grant, check and approve ``claim`` at ``moments`` (three)."""
    for moment, (to, actor) in zip(
        moments, [(C.GRANTED, head), (C.CHECKED, chief), (C.APPROVED, secretariat)], strict=True
    ):
        with _at(moment):
            claim = transition_claim(claim, to=to, actor=actor)
    return claim


@transaction.atomic
def write_mileage_demo(today: datetime.date | None = None) -> int:
    """Write the demo's mileage if there is none yet; return the number of claims written."""
    if Claim.objects.exists():
        return 0
    today = today or timezone.localdate()
    head, chief, secretariat = _staff("depthead"), _staff("bureauchief"), _staff("secretariat")
    me = _staff("official")
    if None in (head, chief, secretariat, me) or me.official is None or head.official is None:  # type: ignore[union-attr]
        return 0
    assert head is not None
    assert chief is not None
    assert secretariat is not None
    assert me is not None
    rng = random.Random(2026)
    department = head.official.unit  # type: ignore[union-attr]  # 교통정책과, headed by depthead
    colleagues = list(
        Official.objects.filter(unit__path__startswith=department.path, status=OfficialStatus.ACTIVE, grade__gte=5)
        .exclude(pk__in=[me.official_id, head.official_id])
        .select_related("unit")
        .order_by("employee_no")[:30]
    )
    written = 0
    this_year, last_year = today.year, today.year - 1
    latest = timezone.now() - HISTORY_LAG  # the staged history ends here; the queues and the appeal are now

    def propose(official: Official, code: str, title: str, points: int, day: datetime.date) -> Claim | None:
        rule = _rule(code)
        if rule is None:
            return None
        return submit_claim(
            actor=head,
            rule=rule,
            unit=home_unit(official),
            title=title,
            occurred_on=day,
            points=min(max(points, rule.points_min), rule.points_max),
            officials=[(official, 100)],
            description="부서장 추천(데모 자료)",
            evidence=[_evidence(title)],
        )

    def staged(day: datetime.date, submit: Callable[[], Claim | None]) -> int:
        """File a claim for work done on ``day`` (``submit``) and approve it, each step when it would have happened;
        the number of claims written."""
        moments = claim_timeline(day, 4, latest=latest)
        with _at(moments[0]):
            claim = submit()
        if claim is None:
            return 0
        _approve(claim, head=head, chief=chief, secretariat=secretariat, moments=moments[1:])
        return 1

    # Last year: a few approved claims, then the year-end expiry of what was left unspent.
    for i, official in enumerate(colleagues[:10]):
        code, title, points = WORK[i % len(WORK)]
        day = datetime.date(last_year, 3 + i % 9, 10 + i % 15)
        written += staged(day, functools.partial(propose, official, code, title, points, day))
    expire_year(actor=secretariat, year=last_year)

    # This year: approved claims across the department, months spread up to today.
    months = max(1, today.month)
    for i, official in enumerate(colleagues):
        for j in range(1 + i % 3):
            code, title, points = WORK[(i + j) % len(WORK)]
            month = 1 + (i * 3 + j * 5) % months
            day = min(datetime.date(this_year, month, 1 + (i + j) % 27), today)
            written += staged(
                day, functools.partial(propose, official, code, title, points + rng.choice([0, 0, -1]), day)
            )

    # A team claim split by contribution (60/40).
    rule = _rule("cross-department-collaboration")
    if rule is not None and len(colleagues) >= 2:
        day = min(datetime.date(this_year, 5, 20), today)
        written += staged(
            day,
            functools.partial(
                submit_claim,
                actor=head,
                rule=rule,
                unit=department,
                title="버스·도시철도 통합 환승 할인 협업 추진",
                occurred_on=day,
                points=rule.points_max,
                officials=[(colleagues[0], 60), (colleagues[1], 40)],
                description="교통정책과·도시철도과 협업(데모 자료)",
                evidence=[_evidence("통합 환승 할인 협업")],
            ),
        )

    # The demo official: approved work, then rewards (a few days ago, after the last approval).
    for k, (code, title, points) in enumerate(MY_WORK):
        rule = _rule(code)
        if rule is None:
            continue
        day = min(datetime.date(this_year, 1 + k % max(1, today.month), 15), today)
        written += staged(
            day,
            functools.partial(
                submit_claim,
                actor=me,
                rule=rule,
                unit=home_unit(me.official),  # type: ignore[arg-type]
                title=title,
                occurred_on=day,
                points=min(points, rule.points_max),
                officials=[(me.official, 100)],  # type: ignore[list-item]
                description="민원 처리 과정에서 발견한 불편을 직접 개선했습니다.",
                evidence=[_evidence(title)],
            ),
        )
    rewarded = latest + datetime.timedelta(days=1)
    coupon = RewardOption.objects.filter(kind=RewardKind.COUPON, active=True).order_by("points").first()
    if coupon is not None:
        with contextlib.suppress(DomainError):  # a catalogue changed by hand may not be affordable: skip
            with _at(rewarded):
                redemption = request_redemption(actor=me, official=me.official, option=coupon, idempotency_key="demo-1")
            with _at(rewarded + datetime.timedelta(hours=3)):
                fulfil_redemption(actor=secretariat, redemption=redemption, reference="GIFT-2026-0419-7731")
    # A rejected claim under appeal (waiting for the secretariat to assign the panel).
    rule = _rule("regulation-improved")
    if rule is not None:
        rejected = submit_claim(
            actor=me,
            rule=rule,
            unit=home_unit(me.official),  # type: ignore[arg-type]
            title="시내버스 정류장 명칭 변경 절차 개선",
            occurred_on=min(datetime.date(this_year, 9, 2), today),
            points=rule.points_max,
            officials=[(me.official, 100)],  # type: ignore[list-item]
            description="정류장 명칭 변경 요청 처리 기간을 30일에서 7일로 줄였습니다.",
            evidence=[_evidence("정류장 명칭 변경 지침")],
        )
        rejected = transition_claim(
            rejected,
            to=C.REJECTED,
            actor=head,
            reason="규정 개선이 아니라 처리 기간 단축이므로 적극행정 실천으로 신청해 주세요.",
        )
        file_appeal(
            actor=me,
            claim=rejected,
            reasons="절차를 규정한 내부 지침을 개정했으므로 규제·제도 개선에 해당합니다. 개정 지침을 첨부합니다.",
        )
        written += 1

    # One waiting in each queue.
    waiting = colleagues[-3:] if len(colleagues) >= 3 else []
    for official, stop in zip(waiting, (C.CLAIMED, C.GRANTED, C.CHECKED), strict=False):
        queued = propose(official, "proactive-work", "민원 응대 매뉴얼 현장 맞춤형 개편", 2, today)
        if queued is None:
            continue
        written += 1
        if stop in (C.GRANTED, C.CHECKED):
            queued = transition_claim(queued, to=C.GRANTED, actor=head)
        if stop == C.CHECKED:
            transition_claim(queued, to=C.CHECKED, actor=chief)

    # A 동백전 credit waiting for the payout batch, and one deduction for passive administration.
    dongbaek = RewardOption.objects.filter(kind=RewardKind.DONGBAEK, active=True).order_by("points").first()
    if dongbaek is not None and colleagues:
        with contextlib.suppress(DomainError), _at(rewarded + datetime.timedelta(days=1)):  # not affordable: skip
            request_redemption(actor=me, official=me.official, option=dongbaek, idempotency_key="demo-2")
    if colleagues:
        with _at(rewarded + datetime.timedelta(hours=5)):
            deduct_for_passive_administration(
                actor=secretariat,
                official=colleagues[5 % len(colleagues)],
                source="demo:passive-administration",
                idempotency_key="demo:passive-administration:1",
            )
    return written
