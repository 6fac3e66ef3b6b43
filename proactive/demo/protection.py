"""Demo content for the exemption reviews (면책심사) and the protection officer (면책보호관), written through
``protection.services`` so every row is checked, audited and on its application's timeline as in real use.
Afterwards the dates of the government audit are moved back to the weeks it "happened" (dates only). Idempotent:
nothing is written if any audit exists.

What a visitor finds:
* ``official`` (교통기획팀): a finding of the city's audit of 교통혁신국 about the parking work they asked advice on,
  and a **draft** exemption application that links their committee opinion and pre-consulting answer (when the
  opinions and consulting demos ran first: the links come from the register providers), with the protection
  officer's comment and suggested text to take over; a counselling case;
* ``depthead`` (교통정책과장): the applications they filed for officials of their department — submitted and waiting
  for screening (overdue), returned for completion, under review, withdrawn, rejected — and a finding of another
  official still open for an application;
* ``auditor`` (the city's audit office): the two audits with their findings and disposition register (two
  dispositions recorded), the applications to screen, the board's sessions, the settings;
* ``board`` (a member of the review board, chair of today's session): an application waiting for their vote, which
  they may then decide; the past session with three decisions (exempted, mitigated, denied; numbered 면책-YYYY-…,
  PDFs rendered by the background worker);
* ``protection`` (the protection officer): every application in the caseload, counselling cases, the protection
  guide (8 pages, one still a draft) with legal-advice contacts.

The government audit (행정안전부 정부합동감사 of 해양농수산국) concerns officials with background accounts
``protect.<employee number>`` (no password); the board's two external members are ``board.ext1`` and ``board.ext2``
(no password either).
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, Role, UserKind
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.audit.services import record_event
from proactive.demo.background import background_account
from proactive.protection.enums import Auditor, Category, Disposition, Outcome
from proactive.protection.models import (
    ApplicationEvent,
    Audit,
    BoardSession,
    Concerned,
    ExemptionApplication,
    Finding,
)
from proactive.protection.services import applications, audits, board, counselling, guide
from proactive.protection.services import links as link_service

# How long ago the government audit "happened" (its dates are moved back by this many days at the end).
MOIS_AGO = 45

OFFICIAL_FINDING = (
    "이전부지 임시 환승주차장 운영과 공유 킥보드 전용 주차구역 지정 절차 부적정",
    "교통기획팀은 매각 대상인 공공기관 이전부지를 환승주차장으로 임시 개방하면서 공유재산 사용허가 절차를 거치지 "
    "않았고, 도심 보도에 공유 킥보드 전용 주차구역을 지정하면서 도로점용허가를 받지 않았음. 관계 법령에 따른 "
    "절차를 생략한 것으로 보아 관련자에게 경고를 요구함.",
)
GROUNDS = {
    "facts": "출퇴근 시간 도시철도역 주변 불법 주차와 보도에 방치된 공유 킥보드로 시민 불편 민원이 매달 수백 건 "
    "접수되었습니다. 저는 매각 전까지 비어 있는 이전부지를 환승주차장으로 임시 개방하고, 보도 일부를 킥보드 전용 "
    "주차구역으로 지정했습니다.",
    "public_interest": "시민의 주차 불편과 보행 안전 문제를 해결하기 위한 것이었고, 저나 가까운 사람이 얻은 "
    "이익은 전혀 없습니다.",
    "reasonableness": "매각 공고가 두 차례 유찰되어 부지가 3년째 비어 있었고, 킥보드 방치로 인한 보행 사고 위험이 "
    "컸습니다. 다른 방법으로는 1년 이상 걸려 즉시 처리할 필요가 있었습니다.",
    "no_gross_negligence": "처리하기 전에 사전컨설팅과 적극행정위원회 의견제시를 요청하여 회신받았고, 그 회신에 "
    "따라 처리했습니다.",
    "procedure": "",
    "transparency": "",
}


def _user(username: str) -> User | None:
    return User.objects.select_related("official__unit").filter(username=username).first()


def _unit(name: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(name=name).order_by("path").first()


def _background(official: Official) -> User:
    """The official's account, or a background account ``protect.<employee number>`` without a password."""
    return background_account(official, f"protect.{official.employee_no}")


def _staff(unit: OrgUnit, *, exclude: set[int], count: int) -> list[Official]:
    """Active 주무관 of ``unit``'s subtree, by employee number, leaving out ``exclude``."""
    return list(
        Official.objects.filter(unit__path__startswith=unit.path, status=OfficialStatus.ACTIVE, position="주무관")
        .exclude(pk__in=exclude)
        .order_by("employee_no")[:count]
    )


def _external_member(username: str, name: str, email: str, starts_on: datetime.date) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, name=name, email=email, kind=UserKind.OFFICIAL, preferred_language="ko")
        user.set_unusable_password()
        user.save()
        record_event(actor=None, verb="accounts.user_created", target=user, data={"source": "demo", "background": True})
    if not RoleMembership.objects.active().filter(user=user, role=Role.EXEMPTION_BOARD).exists():
        from proactive.accounts.services.memberships import grant_role  # reason: only the demo grants roles here

        grant_role(actor=None, user=user, role=Role.EXEMPTION_BOARD, starts_on=starts_on, note="demo: external member")
    return user


def _complete(application: ExemptionApplication, actor: Any, **extra: str) -> ExemptionApplication:
    data = {
        "facts": extra.get("facts", "업무 처리 경위를 적었습니다."),
        "public_interest": extra.get(
            "public_interest", "시민 불편을 줄이기 위한 공익 목적이었고 사적 이해관계는 없습니다."
        ),
        "reasonableness": extra.get("reasonableness", "당시 상황에서 가장 합리적인 방법이었습니다."),
        "no_gross_negligence": extra.get("no_gross_negligence", "관계 부서와 협의하고 선례를 확인했습니다."),
        "procedure": extra.get("procedure", "부서 검토와 결재를 모두 거쳤습니다."),
        "transparency": extra.get("transparency", "처리 내용을 전자문서로 기록하고 과장 결재를 받았습니다."),
        "no_private_interest": True,
    }
    return applications.update_application(actor=actor, application=application, data=data)


def _submitted(concerned: Concerned, actor: Any, **extra: str) -> ExemptionApplication:
    application = applications.start_application(actor=actor, concerned=concerned)
    _complete(application, actor, **extra)
    return applications.submit_application(actor=actor, application=application)


def _shift(audit: Audit, days: int) -> None:
    """Move every date of ``audit`` and of what hangs on it back by ``days`` (this app's rows only)."""
    delta = datetime.timedelta(days=days)
    Audit.objects.filter(pk=audit.pk).update(starts_on=F("starts_on") - delta, ends_on=F("ends_on") - delta)
    Finding.objects.filter(audit=audit, disposed_on__isnull=False).update(disposed_on=F("disposed_on") - delta)
    rows = Concerned.objects.filter(finding__audit=audit)
    rows.update(notified_on=F("notified_on") - delta, apply_by=F("apply_by") - delta)
    apps = ExemptionApplication.objects.filter(concerned__finding__audit=audit)
    for name in ("submitted_on", "screening_due_on", "completion_due_on", "screened_on", "review_due_on", "decided_on"):
        apps.filter(**{f"{name}__isnull": False}).update(**{name: F(name) - delta})
    ApplicationEvent.objects.filter(application__in=apps).update(on=F("on") - delta)
    BoardSession.objects.filter(applications__in=apps).distinct().update(held_on=F("held_on") - delta)


@transaction.atomic
def write_protection_demo() -> int:
    """Write the demo (see the module docstring). Returns the number of objects created (0 when it already ran)."""
    if Audit.objects.exists():
        return 0
    official, depthead = _user("official"), _user("depthead")
    auditor, officer, member = _user("auditor"), _user("protection"), _user("board")
    transport_bureau, maritime = _unit("교통혁신국"), _unit("해양농수산국")
    if None in (official, depthead, auditor, officer, member, transport_bureau, maritime):
        return 0
    assert official is not None
    assert depthead is not None
    assert auditor is not None
    assert officer is not None
    assert member is not None
    assert transport_bureau is not None
    assert maritime is not None
    today = timezone.localdate()
    created = 0

    # The board: the demo member and two external members.
    year_start = datetime.date(today.year, 1, 1)
    ext1 = _external_member("board.ext1", "한지수", "jisoo.han@board.example", year_start)
    ext2 = _external_member("board.ext2", "오준혁", "junhyuk.oh@board.example", year_start)
    members = [member, ext1, ext2]

    created += _write_guide(officer)

    # --- The city's own audit of 교통혁신국 (ended five days ago) ----------------------------------------------
    city = audits.create_audit(
        actor=auditor,
        auditor=Auditor.CITY,
        title=f"{today.year}년 교통혁신국 종합감사",
        audited_unit=transport_bureau,
        starts_on=today - datetime.timedelta(days=16),
        ends_on=today - datetime.timedelta(days=5),
    )
    created += 1
    assert official.official is not None
    transport_dept = _unit("교통정책과")
    assert transport_dept is not None
    staff = _staff(transport_dept, exclude={official.official.pk}, count=6)
    taxi = _unit("택시운수과")
    taxi_staff = _staff(taxi, exclude=set(), count=1) if taxi else []

    # The demo official's own finding: a draft citing their earlier answers.
    finding = audits.add_finding(
        actor=auditor,
        audit=city,
        title=OFFICIAL_FINDING[0],
        description=OFFICIAL_FINDING[1],
        officials=[official.official],
        proposed_disposition=Disposition.WARNING,
    )
    own = applications.start_application(actor=official, concerned=finding.concerned.get())
    candidates = link_service.candidates(own.concerned)
    if candidates and not own.links.exists():  # nothing matched: cite every answer the official received
        applications.set_links(actor=official, application=own, keys={c.key for c in candidates})
    applications.update_application(actor=official, application=own, data=GROUNDS)
    applications.comment(
        actor=own.protection_officer or officer,
        application=own,
        ground="no_gross_negligence",
        text="미리 받은 의견제시와 사전컨설팅 회신 번호를 적고, 회신 내용대로 처리했다는 점을 구체적으로 밝히십시오. "
        "회신은 신청서에 자동으로 첨부되어 있습니다.",
        suggested_text="업무를 처리하기 전에 적극행정위원회 의견제시와 감사위원회 사전컨설팅을 요청하여 회신을 받았고, "
        "회신에서 제시한 조건(보행 유효폭 2미터 확보, 관할 경찰서 협의, 매각 시 즉시 반환)을 모두 지켜 처리했습니다. "
        "따라서 고의나 중대한 과실이 없습니다.",
    )
    applications.comment(
        actor=own.protection_officer or officer,
        application=own,
        text="절차상 하자 항목과 투명성 항목이 비어 있습니다. 결재 문서 번호를 적고 사본을 증빙으로 첨부하십시오.",
    )
    created += 3

    plans = [
        (
            "버스정류장 도착안내단말기 유지보수 계약 부적정",
            "단말기 고장이 잦아 긴급 수의계약으로 유지보수 업체를 바꾸었으나 수의계약 사유를 문서로 남기지 않음.",
            Disposition.CAUTION,
            "submitted",
        ),
        (
            "어린이보호구역 과속방지턱 설치 시 주민 의견수렴 생략",
            "학부모 요청에 따라 과속방지턱을 긴급 설치하면서 조례에 따른 주민 의견수렴을 거치지 않음.",
            Disposition.WARNING,
            "returned",
        ),
        (
            "교통약자 이동지원센터 차량 임차 계약 부적정",
            "휠체어 탑승 차량 부족으로 임차 차량을 추가 계약하면서 예산 전용 승인 전에 계약을 체결함.",
            Disposition.LIGHT_DISCIPLINE,
            "under_review",
        ),
        (
            "심야버스 시범운행 보조금 정산 지연",
            "시범운행 종료 후 보조금 정산 검사를 6개월 넘게 하지 않음.",
            Disposition.CAUTION,
            "withdrawn",
        ),
        (
            "주정차 단속 과태료 감면 처리 부적정",
            "영업 손실을 이유로 일부 상인의 과태료를 감면했으나 감면 근거가 없음.",
            Disposition.WARNING,
            "rejected",
        ),
    ]
    under_review = None
    for (title, text, disposition, path), person in zip(plans, staff, strict=False):
        finding = audits.add_finding(
            actor=auditor,
            audit=city,
            title=title,
            description=text,
            officials=[person],
            proposed_disposition=disposition,
        )
        application = _submitted(finding.concerned.get(), depthead)
        created += 2
        if path == "returned":
            applications.screen_application(
                actor=auditor,
                application=application,
                result="return",
                note="학부모 요청 공문과 긴급 설치 당시 사고 위험 자료를 증빙으로 첨부하여 다시 제출하십시오.",
            )
        elif path == "rejected":
            applications.screen_application(
                actor=auditor,
                application=application,
                result="reject",
                note="과태료 감면은 법령상 재량이 없는 사항으로, 적극행정 면책 대상이 아닙니다.",
            )
        elif path == "withdrawn":
            applications.withdraw_application(
                actor=depthead, application=application, reason="정산을 마치고 자진 취하합니다."
            )
        elif path == "under_review":
            under_review = applications.screen_application(actor=auditor, application=application, result="accept")
            applications.give_officer_opinion(
                actor=under_review.protection_officer or officer,
                application=under_review,
                opinion="교통약자의 이동권 보장을 위한 긴급 조치로, 예산 전용 승인이 뒤늦었을 뿐 사적 이해관계가 없고 "
                "절차도 사후에 보완되었습니다. 면책이 타당합니다.",
                attends=True,
            )
        elif path == "submitted":
            # Submitted twelve days ago: its screening deadline has passed (the overdue flag shows it).
            ExemptionApplication.objects.filter(pk=application.pk).update(
                submitted_on=today - datetime.timedelta(days=12), screening_due_on=today - datetime.timedelta(days=3)
            )
    if taxi_staff:
        audits.add_finding(
            actor=auditor,
            audit=city,
            title="택시 감차 보상금 지급 기준 적용 부적정",
            description="감차 보상금을 지급하면서 개정 전 기준을 적용하여 일부 과다 지급함.",
            officials=taxi_staff,
            proposed_disposition=Disposition.CAUTION,
        )
        created += 1

    # Today's session: the application under review, two external members voted, ``board`` (the chair) has not.
    if under_review is not None:
        today_session = board.create_session(
            actor=auditor,
            title=f"{today.year}년 제2차 면책심사위원회",
            held_on=today,
            members=members,
            chair=member,
            place="부산광역시청 12층 감사위원회 회의실",
        )
        board.record_attendance(actor=auditor, session=today_session, present=[m.pk for m in members])
        board.table_application(actor=auditor, session=today_session, application=under_review)
        board.cast_vote(
            actor=ext1,
            application=under_review,
            choice=Outcome.EXEMPTED,
            reasons="교통약자 이동권 보장을 위한 긴급한 조치였고 사적 이해관계가 없습니다.",
        )
        board.cast_vote(
            actor=ext2,
            application=under_review,
            choice=Outcome.MITIGATED,
            reasons="취지는 타당하나 예산 절차를 사후에 보완한 점을 고려하여 감경이 적절합니다.",
            mitigated_to=Disposition.WARNING,
        )
        created += 3

    # --- The government audit of 해양농수산국 (moved back MOIS_AGO days at the end) -----------------------------
    mois = audits.create_audit(
        actor=auditor,
        auditor=Auditor.MOIS,
        title=f"{today.year}년 행정안전부 정부합동감사",
        audited_unit=maritime,
        starts_on=today - datetime.timedelta(days=9),
        ends_on=today - datetime.timedelta(days=2),
    )
    created += 1
    sea_staff = _staff(maritime, exclude=set(), count=3)
    decisions = [
        (
            "태풍 피해 어가 긴급 복구비 선지급 부적정",
            "태풍 피해 어가에 복구비를 피해 조사 확정 전에 선지급함.",
            Disposition.WARNING,
            [Outcome.EXEMPTED, Outcome.EXEMPTED, Outcome.EXEMPTED],
            "태풍 직후 어가의 조업 재개를 위한 긴급한 조치로 공익성이 인정되고, 사후에 피해 조사로 지급액을 확정하여 "
            "손실이 없었으며 사적 이해관계도 없으므로 면책합니다.",
        ),
        (
            "수산물 위판장 시설 사용료 감면 부적정",
            "코로나19 이후 위판장 입주 상인의 시설 사용료를 조례 개정 전에 감면함.",
            Disposition.LIGHT_DISCIPLINE,
            [Outcome.MITIGATED, Outcome.MITIGATED, Outcome.EXEMPTED],
            "상인 보호라는 공익 목적은 인정되나, 조례 개정 전에 감면을 시행한 절차상 하자가 있으므로 경징계 요구를 "
            "경고로 감경합니다.",
        ),
        (
            "항만 배후단지 임대료 산정 착오",
            "배후단지 임대료를 공시지가 대신 감정가 하한으로 산정하여 임대료를 과소 부과함.",
            Disposition.CAUTION,
            [Outcome.DENIED, Outcome.DENIED, Outcome.EXEMPTED],
            "임대료 산정 기준은 법령에 명확히 정해져 있어 적극행정으로 볼 여지가 없고, 산정 착오에 대한 검토도 "
            "충분하지 않았으므로 면책하지 않습니다.",
        ),
    ]
    past_session = board.create_session(
        actor=auditor,
        title=f"{today.year}년 제1차 면책심사위원회",
        held_on=today,
        members=members,
        chair=ext1,
        place="부산광역시청 12층 감사위원회 회의실",
    )
    board.record_attendance(actor=auditor, session=past_session, present=[m.pk for m in members])
    created += 1
    decided_findings = []
    for (title, text, disposition, votes, reasons), person in zip(decisions, sea_staff, strict=False):
        finding = audits.add_finding(
            actor=auditor,
            audit=mois,
            title=title,
            description=text,
            officials=[person],
            proposed_disposition=disposition,
        )
        applicant = _background(person)
        application = _submitted(finding.concerned.get(), applicant)
        application = applications.screen_application(actor=auditor, application=application, result="accept")
        if application.protection_officer_id:
            applications.give_officer_opinion(
                actor=application.protection_officer,
                application=application,
                opinion="당시 여건과 처리 경위를 고려할 때 대상 공무원의 적극행정 취지를 인정해 주시기 바랍니다.",
                attends=True,
            )
        board.table_application(actor=auditor, session=past_session, application=application)
        for voter, choice in zip(members, votes, strict=True):
            board.cast_vote(
                actor=voter,
                application=application,
                choice=choice,
                reasons=reasons
                if voter == ext1
                else "위원장 의견과 같습니다."
                if choice == votes[0]
                else "의견을 달리합니다.",
                mitigated_to=Disposition.WARNING if choice == Outcome.MITIGATED else "",
            )
        board.decide_application(actor=auditor, application=application, reasons=reasons)
        decided_findings.append(finding)
        created += 3
    for finding in decided_findings[:2]:
        audits.record_disposition(actor=auditor, finding=finding, note="행정안전부에 처분 결과를 통보했습니다.")
    _shift(mois, MOIS_AGO)

    created += _write_counselling(official, depthead, officer, sea_staff)
    return created


def _write_counselling(official: User, depthead: User, officer: User, sea_staff: list[Official]) -> int:
    mine = counselling.request_counselling(
        actor=official,
        category=Category.EXEMPTION,
        topic="감사 지적 통보 후 면책 신청 준비",
        question="종합감사에서 환승주차장과 킥보드 주차구역 건으로 경고 요구 통보를 받았습니다. 미리 받은 위원회 의견과 "
        "사전컨설팅 회신이 있는데, 면책 신청서에 어떻게 활용해야 하는지 알고 싶습니다.",
    )
    counselling.add_note(
        actor=officer,
        case=mine,
        text="전화 상담: 회신 내용과 실제 처리 내용이 일치하는지 항목별로 정리하도록 안내했습니다. 회신 조건을 지킨 "
        "증빙(경찰서 협의 공문, 현장 사진)을 준비하기로 했습니다.",
        next_steps="면책 신청서 초안 작성 후 보호관 검토 요청(신청 기한 전)",
    )
    counselling.request_counselling(
        actor=depthead,
        category=Category.LITIGATION,
        topic="소속 직원 고발 사건의 변호사 선임비 지원",
        question="민원인이 소속 직원을 직무유기로 고발했습니다. 수사 단계에서 변호사 선임비를 지원받을 수 있는지, "
        "신청은 누구에게 하는지 알려 주십시오.",
    )
    count = 2
    if sea_staff:
        client = _background(sea_staff[0])
        case = counselling.record_counselling(
            actor=officer,
            client=client,
            category=Category.DISCIPLINE,
            topic="징계 의결 요구 전 소명서 작성",
            question="방문 상담: 정부합동감사 지적에 대한 소명서 작성 방법 문의",
        )
        counselling.add_note(
            actor=officer,
            case=case,
            text="소명서에 업무 처리 당시의 긴급성, 사적 이해관계 없음, 사후 보완 조치를 순서대로 쓰도록 안내했습니다.",
        )
        counselling.close_case(
            actor=officer,
            case=case,
            next_steps="면책심사 결과 면책되어 소명 절차가 필요 없게 되었습니다. 상담을 종결합니다.",
        )
        count += 1
    return count


GUIDE_PAGES: tuple[dict[str, Any], ...] = (
    {
        "title": "적극행정 면책 제도 한눈에 보기",
        "category": Category.EXEMPTION,
        "order": 1,
        "body": "공공의 이익을 위해 성실하고 능동적으로 처리한 업무가 결과적으로 감사에서 지적되더라도, 일정한 요건을 "
        "갖추면 징계나 문책을 면제받을 수 있습니다. 이를 적극행정 면책이라고 합니다.\n\n"
        "## 면책 요건\n"
        "- 공공의 이익을 위한 업무일 것(사적 이해관계 없음)\n"
        "- 업무 처리가 타당하고 필요했을 것\n"
        "- 고의나 중대한 과실이 없을 것\n"
        "- 결정 과정이 기록되고 결재를 거쳤을 것(투명성)\n\n"
        "## 면책이 추정되는 경우\n"
        "사적 이해관계가 없고 중대한 절차상 하자가 없으면 고의·중과실이 없는 것으로 추정합니다. 사전컨설팅 회신이나 "
        "적극행정위원회 의견에 따라 처리한 경우에도 면책이 추정됩니다. 다만 사적 이해관계가 있거나 사실과 다른 정보를 "
        "제공했다면 추정되지 않습니다.\n\n"
        "## 면책되지 않는 경우\n"
        "소극행정(부작위·직무태만)이나 금품 수수, 고의적인 법령 위반은 면책 대상이 아닙니다.",
    },
    {
        "title": "면책 신청 절차와 기한",
        "category": Category.EXEMPTION,
        "order": 2,
        "body": "감사 지적사항을 통보받은 공무원 본인이나 소속 부서장이 신청합니다.\n\n"
        "## 신청 기한\n"
        "감사 종료일부터 20일 안에, 처분이 확정되기 전에 신청해야 합니다. 기한이 지나거나 처분이 확정된 뒤에는 신청할 "
        "수 없습니다. 정당한 사유로 기한을 지키기 어려우면 미리 감사부서에 기한 연장을 요청하십시오.\n\n"
        "## 처리 절차\n"
        "- 신청서 작성: 시스템에서 ‘나의 면책심사’ → ‘면책 신청하기’\n"
        "- 면책보호관 검토: 초안에 의견과 문안을 제안합니다\n"
        "- 감사부서 접수 검토: 서류를 갖추었는지, 기한 안에 신청했는지 확인합니다(보완 요구 또는 각하)\n"
        "- 면책심사위원회 심사: 출석 위원 과반수의 의견으로 면책·감경·불인정을 결정합니다\n"
        "- 결정 통보: 결정서(PDF)를 신청인, 대상 공무원, 소속 부서장, 면책보호관에게 알립니다",
    },
    {
        "title": "면책 요건별 신청서 작성 요령",
        "category": Category.EXEMPTION,
        "order": 3,
        "body": "요건마다 사실 위주로, 날짜와 문서 번호를 들어 적으십시오.\n\n"
        "## 공익성\n"
        "누가 어떤 이익을 얻었는지(시민 불편 해소, 예산 절감 등) 숫자로 보여 주고, 본인이나 가까운 사람의 이익이 "
        "없었음을 밝힙니다.\n\n"
        "## 타당성과 필요성\n"
        "당시 선택할 수 있었던 방법과 그중 그 방법을 고른 이유를 적습니다.\n\n"
        "## 고의·중과실 없음\n"
        "무엇을 확인하고 누구에게 물었는지, 어떤 자문을 따랐는지 적습니다. 미리 받은 사전컨설팅 회신과 위원회 의견은 "
        "신청서에 자동으로 첨부되니, 회신 내용대로 처리했다는 점을 분명히 하십시오.\n\n"
        "## 절차와 투명성\n"
        "협의·결재 과정과 문서 번호를 적고, 결재 문서 사본을 증빙으로 첨부합니다.",
    },
    {
        "title": "사전컨설팅 감사 활용하기",
        "category": Category.PRECONSULTING,
        "order": 10,
        "body": "규정이 불명확해 업무 처리가 망설여질 때, 처리하기 전에 감사위원회에 사전컨설팅을 신청할 수 있습니다. "
        "회신에 따라 처리하면 나중에 감사에서 지적되더라도 면책이 추정됩니다.\n\n"
        "## 신청 방법\n"
        "시스템의 사전컨설팅 메뉴에서 배경, 관계 법령, 쟁점, 자체 검토 의견을 적어 부서장 승인을 받아 신청합니다. "
        "부산광역시는 15일 안에 회신합니다.\n\n"
        "## 신청할 수 없는 경우\n"
        "- 법령에 명확히 정해진 사항\n"
        "- 자체 검토가 충분하지 않은 경우\n"
        "- 이미 처리한 처분의 적법성 확인\n"
        "- 수사·소송·감사가 진행 중인 사항",
    },
    {
        "title": "적극행정위원회 의견제시와 사후 추인",
        "category": Category.OPINION,
        "order": 20,
        "body": "인가·허가·등록·신고와 관련된 규제나 불명확한 법령 때문에 업무 추진이 어려우면 적극행정위원회에 "
        "처리 방향에 대한 의견을 요청할 수 있습니다. 위원회 의견에 따라 처리하면 징계를 면제받습니다.\n\n"
        "## 사후 추인\n"
        "재난·안전 업무를 긴급하게 처리하느라 미리 의견을 구하지 못했다면, 처리한 뒤에 위원회에 추인을 요청할 수 "
        "있습니다. 위원회가 긴급성과 필요성을 인정해 추인하면 징계가 면제됩니다.",
    },
    {
        "title": "소송·법률 지원 받기",
        "category": Category.LITIGATION,
        "order": 30,
        "body": "적극행정으로 징계 절차나 고소·고발, 민사소송을 당한 공무원은 변호사 선임비와 소송비를 지원받을 수 "
        "있습니다.\n\n"
        "## 지원 한도\n"
        "- 징계 절차: 200만 원까지\n"
        "- 형사 사건 수사 단계: 500만 원까지(무죄 확정 시 재판 단계도 지원)\n"
        "- 민사소송: 대법원 소송비용 산입 기준까지\n\n"
        "## 신청\n"
        "적극행정 책임관에게 신청서와 소명 자료를 제출하면 사실관계를 확인한 뒤 적극행정위원회가 지원 여부를 "
        "결정합니다. 거짓으로 지원받으면 지원이 취소되고 반환해야 합니다.",
    },
    {
        "title": "징계 절차와 소명 준비",
        "category": Category.DISCIPLINE,
        "order": 40,
        "body": "감사 결과 징계가 요구되면 징계위원회에서 소명할 기회가 주어집니다.\n\n"
        "## 소명서에 담을 내용\n"
        "- 업무 처리 당시의 상황과 긴급성\n"
        "- 사적 이해관계가 없었다는 점\n"
        "- 사전 자문(사전컨설팅, 위원회 의견)에 따라 처리한 사실\n"
        "- 사후 보완 조치와 피해 회복 노력\n\n"
        "적극행정 과정에서 생긴 비위는 징계 양정에서 감경될 수 있습니다. 다만 소극행정은 감경되지 않습니다. 소명서 "
        "작성이 어려우면 면책보호관에게 상담을 요청하십시오.",
    },
    {
        "title": "면책보호관 상담 안내",
        "category": Category.OTHER,
        "order": 50,
        "body": "면책보호관은 적극행정 공무원이 감사·징계·소송에서 불이익을 받지 않도록 돕습니다.\n\n"
        "- 면책 신청 요건과 절차 상담, 신청서 검토와 문안 제안\n"
        "- 면책심사위원회 참석과 공무원을 위한 의견 진술\n"
        "- 징계 소명, 소송 지원, 법률 자문 기관 안내\n\n"
        "상담 내용은 비공개로, 상담한 공무원과 면책보호관만 볼 수 있습니다. ‘나의 면책심사’ 화면에서 상담을 요청하십시오.",
    },
    {
        "title": "2025년 적극행정 운영규정 개정 주요 내용",
        "category": Category.OTHER,
        "order": 60,
        "published": False,
        "body": "작성 중입니다. 지방공무원 적극행정 운영규정 개정(2025. 12.)에 따른 적극행정 보호관 지정 의무화, "
        "감사원 감사 단계의 면책 추정, 사후 추인 제도를 정리할 예정입니다.",
    },
)

CONTACTS: tuple[dict[str, Any], ...] = (
    {
        "name": "면책보호관(법무담당관)",
        "organisation": "부산광역시 법무담당관실",
        "phone": "051-888-1234",
        "email": "protection@busan.example",
        "hours": "평일 09:00–18:00",
        "note": "면책 신청·징계 소명 상담, 소송 지원 안내",
        "order": 1,
    },
    {
        "name": "사전컨설팅 창구",
        "organisation": "부산광역시 감사위원회",
        "phone": "051-888-2345",
        "email": "consulting@busan.example",
        "hours": "평일 09:00–18:00",
        "note": "사전컨설팅 신청 대상과 작성 방법",
        "order": 2,
    },
    {
        "name": "공익법률상담",
        "organisation": "부산지방변호사회",
        "phone": "051-900-0000",
        "email": "",
        "hours": "매주 화·목 14:00–17:00(예약제)",
        "note": "형사·민사 사건 변호사 상담",
        "order": 3,
    },
    {
        "name": "법률구조 상담",
        "organisation": "대한법률구조공단 부산지부",
        "phone": "132",
        "email": "",
        "hours": "평일 09:00–18:00",
        "note": "소송 절차와 법률 구조 안내",
        "order": 4,
    },
)


def _write_guide(officer: User) -> int:
    today = timezone.localdate()
    count = 0
    for page in GUIDE_PAGES:
        data = {"published": True, "last_reviewed_on": today - datetime.timedelta(days=30)} | page
        guide.create_page(actor=officer, data=data)
        count += 1
    for contact in CONTACTS:
        guide.create_contact(actor=officer, data=contact | {"active": True})
        count += 1
    return count
