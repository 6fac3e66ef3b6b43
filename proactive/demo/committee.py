"""Demo content for the proactive-administration committee (적극행정위원회), written through the committee's services
so every row is checked and audited as in real use. Idempotent: nothing is written once the roster has members.

What a visitor finds (dates relative to the day the demo is loaded):
* a roster of 25 members across the nine fields: the chair (``chair``, 정해룡), a vice-chair, three ex-officio
  members (the Director-General for Planning, the head of the Audit Committee's office, the head of the Innovation
  Policy Division), ``committee`` (윤서진, a lawyer) and 19 private experts, twelve of them in the expert pool; one
  term ending within the warning period (warned), one member on a second term, one who resigned;
* a closed meeting in person about forty days ago: attendance, an avoidance (회피), votes, the final evaluation of
  the announced 2025 H1 selection round decided (``grades_confirmed``, with its resolution), approved minutes;
* a written deliberation open now (replies due in five days) on the 2025 H2 round's final evaluation: some members
  have replied, ``committee`` and ``chair`` have not; a challenge (기피) waits for the chair;
* a planned meeting in two weeks with its standing members called and an empty agenda, and the 2026 H1 round's
  final evaluation waiting in the queue (other routes' demos table their matters there too);
* the year's reorganisation task: the open call and the screening done, the appointment overdue, orientation and
  publication ahead.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, UserKind
from proactive.accounts.models import Official, User
from proactive.audit.services import record_event
from proactive.committee.enums import MeetingKind, MemberCategory, MemberField
from proactive.committee.kinds import GRADES_CONFIRMED, SELECTION_ROUND, round_title
from proactive.committee.models import AgendaItem, Meeting, MeetingMember, Member, ReorganisationStep
from proactive.committee.queries.meetings import draw_suggestions
from proactive.committee.services import agenda, meetings, recusals, reorganisation, roster
from proactive.nominations.models import SelectionRound

F = MemberField
C = MemberCategory
PLACE = "부산시청 7층 영상회의실"

# (name, e-mail user part, field, affiliation, in the pool)
PRIVATE_MEMBERS: tuple[tuple[str, str, MemberField, str, bool], ...] = (
    ("김태윤", "taeyoon.kim", F.ECONOMY_INDUSTRY, "부산상공회의소 조사연구본부장", False),
    ("박지현", "jihyun.park", F.ECONOMY_INDUSTRY, "부경대학교 경제학부 교수", True),
    ("이상훈", "sanghoon.lee", F.MARITIME_TRANSPORT, "한국해양대학교 해운경영학부 교수", True),
    ("정민아", "mina.jung", F.MARITIME_TRANSPORT, "부산연구원 교통물류연구실 연구위원", True),
    ("최동혁", "donghyuk.choi", F.URBAN_ARCHITECTURE, "동의대학교 건축학과 교수", True),
    ("한소영", "soyoung.han", F.URBAN_ARCHITECTURE, "도시계획기술사사무소 대표", False),
    ("오세진", "sejin.oh", F.ENVIRONMENT, "부산대학교 환경공학과 교수", True),
    ("강은비", "eunbi.kang", F.ENVIRONMENT, "부산녹색연합 정책실장", True),
    ("서준호", "junho.seo", F.WELFARE_SAFETY, "동아대학교 사회복지학과 교수", False),
    ("임하늘", "haneul.lim", F.WELFARE_SAFETY, "부산안전문화연구소 소장", True),
    ("문경태", "kyungtae.moon", F.LEGAL, "부산지방변호사회 공익인권위원장", True),
    ("배수진", "soojin.bae", F.LEGAL, "부산대학교 법학전문대학원 교수", True),
    ("송재원", "jaewon.song", F.REGULATION, "한국규제학회 이사", False),
    ("유나래", "narae.yoo", F.REGULATION, "규제개혁 신문고 전문위원", True),
    ("조현우", "hyunwoo.jo", F.CIVIL_SOCIETY, "부산경제정의실천시민연합 사무처장", False),
    ("신예린", "yerin.shin", F.CIVIL_SOCIETY, "부산청년정책네트워크 대표", True),
    ("황보민", "bomin.hwang", F.OTHER, "공인회계사, 회계법인 세림 이사", True),
    ("노승철", "seungcheol.noh", F.ECONOMY_INDUSTRY, "전 부산테크노파크 정책기획단장", False),
    ("양혜원", "hyewon.yang", F.WELFARE_SAFETY, "부산광역시 사회서비스원 연구위원", False),
)
ENDING_SOON = "오세진"  # a term that ends within the warning period
SECOND_TERM = "문경태"  # reappointed once
RESIGNED = "노승철"  # ended early
# (units to look in, in order, and the field): the Director-General for Planning, the audit office, the programme's
# own division.
EX_OFFICIO_UNITS = (
    (("기획관",), F.REGULATION),
    (("감사위원회", "감사담당관"), F.LEGAL),
    (("혁신정책과",), F.REGULATION),
)


def _external(username: str, name: str, email: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, name=name, email=email, kind=UserKind.OFFICIAL, preferred_language="ko")
        user.set_unusable_password()
        user.save()
        record_event(actor=None, verb="accounts.user_created", target=user, data={"source": "demo", "committee": True})
    return user


def _official_account(unit_names: tuple[str, ...]) -> User | None:
    """An account for the most senior active official of the first unit that has one (not a demo account's)."""
    official = None
    for unit_name in unit_names:
        official = (
            Official.objects.filter(unit__name=unit_name, status=OfficialStatus.ACTIVE, user__isnull=True)
            .select_related("unit")
            .order_by("grade", "employee_no")
            .first()
        )
        if official is not None:
            break
    if official is None:
        return None
    user = User(
        username=f"committee.{official.employee_no}",
        name=official.name,
        email=official.email,
        kind=UserKind.OFFICIAL,
        official=official,
        preferred_language="ko",
    )
    user.set_unusable_password()  # a member's account for the roster; it does not sign in in the demo
    user.save()
    record_event(actor=None, verb="accounts.user_created", target=user, data={"source": "demo", "committee": True})
    return user


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _round(year: int, half: int) -> SelectionRound | None:
    return SelectionRound.objects.filter(year=year, half=half).first()


@transaction.atomic
def write_committee_demo() -> int:
    """Write the committee's demo content unless the roster already has members; return the rows written."""
    if Member.objects.exists():
        return 0
    secretariat = User.objects.filter(username="secretariat").first()
    chair_user = User.objects.filter(username="chair").first()
    committee_user = User.objects.filter(username="committee").first()
    if secretariat is None:
        return 0
    today = timezone.localdate()
    jan_first = datetime.date(today.year, 1, 1)
    since = today - datetime.timedelta(days=280)
    written = 0

    # --- The roster --------------------------------------------------------------------------------------------
    chair = roster.enrol_member(
        actor=secretariat,
        user=chair_user or _external("committee.chair", "정해룡", "haeryong.jung@committee.example"),
        category=C.CHAIR,
        field=F.REGULATION,
        affiliation="동아대학교 행정학과 명예교수",
        starts_on=min(jan_first, since) if chair_user is None else jan_first,
        note="민간 위원장",
    )
    vice = roster.enrol_member(
        actor=secretariat,
        user=_external("committee.vice", "김미경", "mikyung.kim@bdi.example"),
        category=C.VICE_CHAIR,
        field=F.ECONOMY_INDUSTRY,
        affiliation="부산연구원 선임연구위원",
        starts_on=since,
    )
    lawyer = roster.enrol_member(
        actor=secretariat,
        user=committee_user or _external("committee.lawyer", "윤서진", "seojin.yoon@committee.example"),
        category=C.PRIVATE,
        field=F.LEGAL,
        affiliation="법무법인 해온 변호사",
        starts_on=jan_first if committee_user is not None else since,
    )
    members = [chair, vice, lawyer]
    for unit_names, field in EX_OFFICIO_UNITS:
        user = _official_account(unit_names)
        if user is None or user.official is None:
            continue
        official = user.official
        position = "" if official.position == official.unit.name else official.position
        members.append(
            roster.enrol_member(
                actor=secretariat,
                user=user,
                category=C.EX_OFFICIO,
                field=field,
                affiliation=f"부산광역시 {official.unit.name} {position}".strip(),
                starts_on=since,
                note="당연직",
            )
        )
    by_name: dict[str, Member] = {}
    for name, mail, field, affiliation, pool in PRIVATE_MEMBERS:
        starts_on = since
        if name == ENDING_SOON:
            starts_on = roster.add_months(today, -24) + datetime.timedelta(days=25)
        elif name == SECOND_TERM:
            starts_on = roster.add_months(today, -24) - datetime.timedelta(days=150)
        member = roster.enrol_member(
            actor=secretariat,
            user=_external(f"committee.{mail}", name, f"{mail}@committee.example"),
            category=C.PRIVATE,
            field=field,
            affiliation=affiliation,
            in_pool=pool,
            starts_on=starts_on,
        )
        by_name[name] = member
        members.append(member)
    first_term = by_name[SECOND_TERM].terms.get()
    assert first_term.ends_on is not None
    roster.appoint_term(  # reappointed from the day after the first term ended
        actor=secretariat, member=by_name[SECOND_TERM], starts_on=first_term.ends_on + datetime.timedelta(days=1)
    )
    resigned = by_name[RESIGNED].terms.get()
    roster.end_term(
        actor=secretariat, term=resigned, ends_on=today - datetime.timedelta(days=60), reason="개인 사정으로 사임"
    )
    written += len(members) + sum(m.terms.count() for m in members)
    written += roster.warn_terms()

    # --- A closed meeting: the 2025 H1 round's final evaluation decided -------------------------------------------
    closed_day = today - datetime.timedelta(days=40)
    closed = meetings.create_meeting(
        actor=secretariat, kind=MeetingKind.IN_PERSON, scheduled_at=_at(closed_day, 14), place=PLACE
    )
    written += 1
    first_half = _round(2025, 1)
    if first_half is not None:
        item = agenda.table_item(
            actor=secretariat,
            kind=SELECTION_ROUND,
            subject_id=first_half.pk,
            title=round_title(first_half),
            field=F.OTHER,
        )
        agenda.schedule_item(actor=secretariat, item=item, meeting=closed)
        written += 1
        drawn = [s for s in draw_suggestions(closed) if s.preselected]
        called = [s.member for s in drawn]
        meetings.invite_members(
            actor=secretariat, meeting=closed, members=called, drawn_for={s.member.pk: s.field for s in drawn}
        )
        present = [m for m in called if m.user.name not in ("임하늘", "조현우")]
        meetings.open_meeting(actor=secretariat, meeting=closed, present=present)
        ex_officio = next((m for m in present if m.category == C.EX_OFFICIO), None)
        if ex_officio is not None:
            recusals.declare_avoidance(
                actor=None,
                item=item,
                member=ex_officio,
                reason="소속 부서 직원이 이번 회차 수상 후보에 포함되어 회피합니다.",
            )
        resolution = (
            "2025년 상반기 적극행정 우수공무원 선발 결과를 실무심사, 온라인 심사 및 위원회 심사 점수에 따라 "
            "원안대로 확정한다. 최우수 3건, 우수 5건, 장려 2건, 도전 1건."
        )
        agenda.propose_decision(actor=secretariat, item=item, outcome=GRADES_CONFIRMED, resolution=resolution)
        for index, member in enumerate(present):
            if member == ex_officio:
                continue
            choice = "abstain" if index == 4 else "for"
            agenda.record_vote(actor=secretariat, item=item, member=member, choice=choice)
        agenda.close_vote(actor=secretariat, item=item)
        meetings.save_minutes(
            actor=secretariat,
            meeting=closed,
            minutes=(
                "1. 개회: 재적위원 과반수 출석으로 위원장이 개회를 선언함.\n"
                "2. 안건 설명: 간사(혁신정책과)가 2025년 상반기 우수공무원 선발 심사 경과와 등급안을 설명함.\n"
                "3. 질의응답: 도전 등급 사례의 성과 입증 자료에 대한 질의가 있었고, 간사가 추가 자료를 제시함.\n"
                "4. 의결: 당연직 위원 1명이 회피한 가운데 표결하여 원안대로 가결함.\n"
                "5. 폐회."
            ),
        )
        if chair_user is not None:
            meetings.approve_minutes(actor=chair_user, meeting=closed)
            meetings.close_meeting(actor=secretariat, meeting=closed)
        # The services stamp this moment; the records say when it happened (metadata only).
        Meeting.objects.filter(pk=closed.pk).update(
            opened_at=closed.scheduled_at,
            minutes_approved_at=closed.scheduled_at + datetime.timedelta(days=2),
            closed_at=closed.scheduled_at + datetime.timedelta(days=2, hours=1),
        )
        AgendaItem.objects.filter(pk=item.pk).update(decided_on=closed_day)
        written += MeetingMember.objects.filter(meeting=closed).count()

    # --- A written deliberation open now: the 2025 H2 round's final evaluation ----------------------------------
    written_meeting = meetings.create_meeting(
        actor=secretariat,
        kind=MeetingKind.WRITTEN,
        scheduled_at=_at(today - datetime.timedelta(days=2), 9),
        closes_at=_at(today + datetime.timedelta(days=5), 18),
    )
    written += 1
    second_half = _round(2025, 2)
    if second_half is not None:
        item = agenda.table_item(
            actor=secretariat,
            kind=SELECTION_ROUND,
            subject_id=second_half.pk,
            title=round_title(second_half),
            field=F.OTHER,
        )
        agenda.schedule_item(actor=secretariat, item=item, meeting=written_meeting)
        drawn = [s for s in draw_suggestions(written_meeting) if s.preselected]
        called = [s.member for s in drawn]
        meetings.invite_members(
            actor=secretariat, meeting=written_meeting, members=called, drawn_for={s.member.pk: s.field for s in drawn}
        )
        meetings.open_meeting(actor=secretariat, meeting=written_meeting)
        Meeting.objects.filter(pk=written_meeting.pk).update(opened_at=written_meeting.scheduled_at)
        agenda.propose_decision(
            actor=secretariat,
            item=item,
            outcome=GRADES_CONFIRMED,
            resolution="2025년 하반기 적극행정 우수공무원 선발 등급안을 원안대로 확정한다.",
        )
        repliers = [
            m for m in called if m.user_id not in {getattr(chair_user, "pk", None), getattr(committee_user, "pk", None)}
        ]
        for index, member in enumerate(repliers[:7]):
            agenda.record_vote(actor=None, item=item, member=member, choice="against" if index == 3 else "for")
        challenged = next((m for m in repliers[7:] if m.category == C.PRIVATE), None)
        if challenged is not None:
            recusals.raise_challenge(
                actor=secretariat,
                item=item,
                member=challenged,
                reason="해당 위원이 후보 사례 중 1건의 외부 자문에 참여한 것으로 확인되어 기피를 신청합니다.",
            )
        written += 1 + MeetingMember.objects.filter(meeting=written_meeting).count()

    # --- A planned meeting in two weeks, and the queue ----------------------------------------------------------
    planned = meetings.create_meeting(
        actor=secretariat,
        kind=MeetingKind.IN_PERSON,
        scheduled_at=_at(today + datetime.timedelta(days=14), 14),
        place=PLACE,
    )
    standing = [s.member for s in draw_suggestions(planned) if not s.field]
    meetings.invite_members(actor=secretariat, meeting=planned, members=standing)
    written += 1 + len(standing)
    next_round = _round(2026, 1)
    if next_round is not None:
        agenda.table_item(
            actor=secretariat,
            kind=SELECTION_ROUND,
            subject_id=next_round.pk,
            title=round_title(next_round),
            field=F.OTHER,
        )
        written += 1

    # --- The year's reorganisation ------------------------------------------------------------------------------
    task = reorganisation.start_reorganisation(actor=secretariat, year=today.year, owner=secretariat)
    plan: dict[str, tuple[int, int | None]] = {  # step → (due in days from today, done days from today)
        "open_call": (-60, -62),
        "screening": (-30, -28),
        "appointment": (-5, None),
        "orientation": (10, None),
        "roster_published": (20, None),
    }
    notes = {
        "open_call": "시 누리집 고시·공고 게시(20일간), 8개 분야 민간위원 공개 모집",
        "screening": "응모자 41명 서류 심사 및 분야별 적격성 검토",
        "appointment": "위촉 대상자 동의서 회신 대기(2명)",
    }
    for step in ReorganisationStep.objects.filter(reorganisation=task).order_by("position"):
        due, done = plan[step.kind]
        reorganisation.update_step(
            actor=secretariat,
            step=step,
            due_on=today + datetime.timedelta(days=due),
            owner=secretariat,
            done_on=today + datetime.timedelta(days=done) if done is not None else None,
            note=notes.get(step.kind, ""),
        )
    written += 1 + task.steps.count()
    return written
