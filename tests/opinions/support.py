"""Shared helpers for the opinions tests (no tests here): the people, complete requests in each state, and the
committee's decision taken through ``tests/committee/support.py``."""

import datetime

from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role
from proactive.committee.queries import open_item_of
from proactive.opinions.enums import CommitteeOutcome, PermitType, PrivateInterest, RequestKind
from proactive.opinions.models import OpinionRequest
from proactive.opinions.services import requests as services
from proactive.opinions.services.requests import StatuteInput
from tests.committee.support import decide
from tests.conftest import make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory

QUESTION = "해수욕장 야간 개장 시 별도 허가 없이 기존 영업신고로 운영할 수 있습니까?"
FACTS = "광안리해수욕장 야간 개장 요청이 많으나 관련 법률에 야간 개장 절차가 명확하지 않습니다."
OPINION = "기존 영업신고 범위에서 야간 운영을 허용하되 안전요원을 배치하는 것이 타당함"

OPINION_DATA = {
    "title": "해수욕장 야간 개장 인허가",
    "permit_type": PermitType.PERMIT,
    "facts": FACTS,
    "question": QUESTION,
    "options": "1안: 별도 허가 신설 2안: 기존 신고 범위 운영",
    "own_review": "2안이 법 취지에 맞다고 판단합니다.",
    "private_interest": PrivateInterest.NONE,
}
RATIFICATION_DATA = {
    "title": "집중호우 시 지하차도 긴급 통제",
    "taken_on": datetime.date(2026, 7, 15),
    "action_taken": "침수 우려로 사전 승인 없이 지하차도를 통제하고 배수펌프를 임차했습니다.",
    "urgency": "시간당 80mm 폭우로 30분 안에 침수가 예상되었습니다.",
    "disaster_context": "호우경보 발령, 인근 하천 범람 위험",
    "private_interest": PrivateInterest.NONE,
}
STATUTES = [StatuteInput(law="해수욕장의 이용 및 관리에 관한 법률", article="제12조", text="해수욕장 관리청은 …")]


def official(unit=None, name: str = "김민원"):
    """An official with a sign-in account in ``unit`` (a department of its own by default)."""
    unit = unit or OrgUnitFactory(name="관광진흥과")
    return UserFactory(name=name, official=OfficialFactory(unit=unit, name=name, rank="6급"))


def corporation_official():
    corporation = OrgUnitFactory(name="부산교통공사", kind=OrgUnitKind.CORPORATION)
    team = OrgUnitFactory(name="역무팀", parent=corporation)
    return official(team, name="박공사")


def secretariat():
    return make_staff(Role.SECRETARIAT)


def auditor(**kwargs):
    return make_staff(Role.AUDIT_OFFICER, **kwargs)


def draft(requester=None, *, kind=RequestKind.OPINION, complete=True, **data) -> OpinionRequest:
    requester = requester or official()
    values = dict(OPINION_DATA if kind == RequestKind.OPINION else RATIFICATION_DATA) if complete else {}
    values.setdefault("title", "미완성 요청")
    values |= data
    statutes = STATUTES if complete and kind == RequestKind.OPINION else []
    return services.create_request(actor=requester, kind=kind, data=values, statutes=statutes)


def submitted(requester=None, **kwargs) -> OpinionRequest:
    request = draft(requester, **kwargs)
    return services.submit_request(actor=request.requester, request=request)


def accepted(requester=None, *, handler=None, **kwargs) -> OpinionRequest:
    request = submitted(requester, **kwargs)
    return services.screen_request(
        actor=handler or secretariat(),
        request=request,
        decision="accept",
        in_scope=True,
        interest_checked=True,
        facts_sufficient=True,
    )


def on_agenda(requester=None, *, handler=None, **kwargs) -> OpinionRequest:
    handler = handler or secretariat()
    request = accepted(requester, handler=handler, **kwargs)
    return services.table_request(actor=handler, request=request)


def decided(requester=None, *, outcome=None, resolution=OPINION, **kwargs) -> OpinionRequest:
    """A request the committee decided (``opinion_issued`` or ``ratified`` by default)."""
    request = on_agenda(requester, **kwargs)
    if outcome is None:
        outcome = CommitteeOutcome.RATIFIED if request.is_ratification else CommitteeOutcome.OPINION_ISSUED
    item = open_item_of(request.kind, request.pk)
    assert item is not None
    decide(item, outcome, resolution=resolution)
    request.refresh_from_db()
    return request


def today():
    return timezone.localdate()


def queries_of(client, url: str, **params) -> int:
    """How many queries a GET of ``url`` takes (after one warm-up request, so caches and the session settle)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)
