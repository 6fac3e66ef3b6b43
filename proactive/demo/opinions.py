"""Demo content for the committee's opinion requests (의견제시) and ex-post ratifications (사후 추인): realistic Busan
cases in every state, written through ``opinions.services`` (checked, audited, on each request's timeline as in real
use) and decided by the committee through its own services (meetings, members called and present, a proposal,
votes, the vote closed). Afterwards the requests' own dates are moved back to the days they "happened" (this app's
rows only). Idempotent: nothing is written if any request exists.

What a visitor finds:
* ``official`` (교통기획팀): 공유 킥보드 주차구역 지정 — the committee's opinion (after the audit office's opinion
  without objection) and how it was acted on, published in the register; the exemption application can cite it —
  a request returned for more information, and a draft;
* ``secretariat``: requests to screen, to table (one overdue), before the committee, answered ones, published ones,
  the settings and the dashboard panel;
* ``auditor`` (the city's audit office): an opinion asked of them and waiting, others already given;
* ``committee`` / ``chair`` (seated by the committee demo): the requests decided at the meetings they were called to,
  and the one on the next meeting's agenda when they are called to it;
* the public register ``/opinions/register/``: several published, anonymised answers (opinions and a ratification
  of an emergency 침수 대응).

Requesters other than ``official`` are officials of the departments concerned, each with a background account
``opinion.<employee number>`` without a password (or their existing account).

The committee: run this after the committee's demo (``demo.committee``), whose roster it uses: every member sitting on
a meeting's day is called and present. Without a roster (fewer than three members sitting), the demo enrols three
external experts whose terms began a year before. Two past meetings of this demo decide the answered requests; the
next planned meeting (the committee demo's, else a new one) carries the request before the committee, and another
waits in the committee's queue.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from proactive.accounts.enums import OfficialStatus, OrgUnitKind
from proactive.accounts.models import Official, OrgUnit, User
from proactive.committee.enums import MeetingKind, MeetingState, MemberCategory, MemberField
from proactive.committee.models import AgendaItem, Meeting, Member
from proactive.committee.queries import open_item_of
from proactive.committee.queries.roster import sitting_member_ids
from proactive.committee.services import agenda, meetings, roster
from proactive.core import deadlines
from proactive.demo.background import background_account
from proactive.opinions.enums import CommitteeOutcome, PermitType, PrivateInterest, RequestKind, RequestState
from proactive.opinions.models import Event, Extension, OpinionRequest, OpinionSettings, Publication
from proactive.opinions.services import publication as publication_services
from proactive.opinions.services import requests as services
from proactive.opinions.services.requests import StatuteInput

S = RequestState
SLA_WAITING = {S.ACCEPTED, S.AUDIT_OPINION_REQUESTED, S.AUDIT_OPINION_GIVEN, S.ON_AGENDA}
K = RequestKind
P = PermitType
BODY_KINDS = {OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE}
NONE = PrivateInterest.NONE


@dataclass(frozen=True)
class Plan:
    key: str
    unit: str  # "official" (the demo account), a team of the city's headquarters, or "body/department"
    kind: str
    path: str  # the state to reach
    data: dict[str, Any]
    statutes: tuple[StatuteInput, ...] = ()
    age: int = 0  # calendar days since it was submitted
    audit: str = ""  # "", "asked", "no_objection", "objection"
    meeting: str = ""  # "first", "second" (past meetings), "next" (planned), "queue" (waiting for a meeting)
    resolution: str = ""
    acted: str = ""  # what the requester did, for acted_on
    note: str = ""  # the screening note (returned, rejected) or the reason for withdrawing
    due_in: int | None = None  # days left on the deadline (negative: overdue) for requests still waiting
    publish: tuple[str, str, str] | None = None  # (title, summary, answer), anonymised
    file: str = ""  # a file attached to the request


def _law(law: str, article: str, text: str = "") -> StatuteInput:
    return StatuteInput(law=law, article=article, text=text)


PLANS: tuple[Plan, ...] = (
    Plan(
        key="kickboard",
        unit="official",
        kind=K.OPINION,
        path=S.ACTED_ON,
        age=62,
        audit="no_objection",
        meeting="second",
        file="킥보드_주차구역_현황.pdf",
        data={
            "title": "공유 킥보드 전용 주차구역 지정",
            "permit_type": P.OTHER,
            "facts": "서면·해운대 등 도심 보도에 공유 전동킥보드가 무질서하게 방치되어 보행 안전 민원이 월 300건을 넘습니다. "
            "시는 보도 일부를 전용 주차구역으로 지정하려 하나, 도로법상 보도 점용과 도로교통법상 주차 금지 규정 중 "
            "어느 것을 적용해야 하는지 명확하지 않아 추진하지 못하고 있습니다.",
            "question": "개인형 이동장치 전용 주차구역을 보도 일부에 노면 표시만으로 지정하는 경우, 도로점용허가 없이 "
            "도로관리청의 도로 부속물 설치로 처리할 수 있습니까?",
            "options": "1안: 도로점용허가를 받아 운영사에 점용료 부과\n2안: 도로관리청이 도로 부속물로 설치·관리\n"
            "3안: 조례 개정 후 추진(1년 이상 소요)",
            "own_review": "전용 주차구역은 보행자 안전을 위한 공공시설로서 도로법 제2조의 도로 부속물에 해당한다고 "
            "판단되므로 2안이 타당합니다.",
            "private_interest": NONE,
        },
        statutes=(
            _law("도로법", "제2조 제2호", "도로의 부속물: 주차장, 버스정류시설 등 도로관리청이 설치한 시설"),
            _law("도로교통법", "제32조", "정차 및 주차의 금지"),
            _law("부산광역시 개인형 이동장치 이용 안전 증진 조례", "제7조"),
        ),
        resolution="개인형 이동장치 전용 주차구역은 보행 안전을 위하여 도로관리청이 설치하는 시설로서 도로법상 도로 "
        "부속물에 해당하므로, 별도의 도로점용허가 없이 노면 표시와 안내판 설치로 지정할 수 있음. 다만 보행 "
        "유효폭 2미터 이상을 확보하고 관할 경찰서와 협의할 것.",
        acted="위원회 의견에 따라 관할 경찰서와 협의를 마치고 서면교차로 일대 12곳에 전용 주차구역을 노면 표시로 "
        "지정했습니다. 보행 유효폭 2미터 이상을 확보했습니다.",
        publish=(
            "공유 킥보드 전용 주차구역 지정",
            "도심 보도에 방치된 공유 전동킥보드로 보행 안전 민원이 많아, 보도 일부를 전용 주차구역으로 지정하려 함. "
            "도로점용허가가 필요한지, 도로 부속물 설치로 처리할 수 있는지 질의.",
            "전용 주차구역은 도로관리청이 설치하는 도로 부속물에 해당하므로 별도 점용허가 없이 노면 표시로 지정 가능. "
            "보행 유효폭 2미터 이상 확보와 경찰서 협의가 조건.",
        ),
    ),
    Plan(
        key="school_bus",
        unit="official",
        kind=K.OPINION,
        path=S.RETURNED,
        age=9,
        note="어린이보호구역 지정 현황과 통학버스 정차 위치도를 첨부하고, 학교·학부모 의견 수렴 결과를 보완해 주십시오.",
        data={
            "title": "어린이보호구역 내 통학버스 임시 정차구역 설치",
            "permit_type": P.OTHER,
            "facts": "초등학교 정문 앞이 어린이보호구역으로 지정되어 통학버스가 정차할 곳이 없어 학생들이 차도에서 "
            "승하차하고 있습니다.",
            "question": "어린이보호구역 안에 등하교 시간에만 운영하는 통학버스 임시 정차구역을 설치할 수 있습니까?",
            "options": "1안: 시간제 정차구역 설치\n2안: 학교 부지 내 승하차장 설치 협의",
            "own_review": "1안이 학생 안전에 더 효과적이라고 판단합니다.",
            "private_interest": NONE,
        },
        statutes=(_law("도로교통법", "제12조", "어린이보호구역의 지정 및 관리"),),
    ),
    Plan(
        key="brt_ads",
        unit="official",
        kind=K.OPINION,
        path=S.DRAFT,
        data={
            "title": "BRT 정류장 내 공익광고물 설치",
            "permit_type": P.PERMIT,
            "facts": "중앙버스전용차로 정류장 유휴 공간에 공익광고를 설치하려 합니다.",
        },
    ),
    Plan(
        key="beach_night",
        unit="관광정책팀",
        kind=K.OPINION,
        path=S.ACTED_ON,
        age=95,
        meeting="first",
        data={
            "title": "해수욕장 야간 개장 인허가",
            "permit_type": P.PERMIT,
            "facts": "광안리·해운대해수욕장 야간 개장 요구가 많으나, 해수욕장법상 개장 시간은 관리청이 정하도록 되어 "
            "있을 뿐 야간 개장 시 안전관리 기준과 영업 신고 범위가 명확하지 않습니다.",
            "question": "야간(21시까지) 개장 시 해수욕장 내 기존 영업신고 업소가 별도 허가 없이 영업 시간을 늘릴 수 "
            "있습니까?",
            "options": "1안: 야간 영업 별도 허가 신설\n2안: 기존 영업신고 범위에서 운영시간만 연장",
            "own_review": "해수욕장법 제12조에 따라 관리청이 개장 시간을 정할 수 있으므로 2안이 법 취지에 맞습니다.",
            "private_interest": NONE,
        },
        statutes=(
            _law("해수욕장의 이용 및 관리에 관한 법률", "제12조", "해수욕장의 개장기간 및 개장시간은 관리청이 정한다."),
            _law("부산광역시 해수욕장 관리 조례", "제5조"),
        ),
        resolution="관리청이 개장 시간을 21시까지로 정하는 경우 기존 영업신고 업소는 별도 허가 없이 개장 시간 안에서 "
        "영업할 수 있음. 다만 야간 안전요원 배치와 조명 기준을 개장 계획에 반영할 것.",
        acted="위원회 의견에 따라 개장 계획에 야간 안전요원 배치와 조명 기준을 반영하여 7월부터 21시까지 야간 "
        "개장했습니다.",
        publish=(
            "해수욕장 야간 개장과 기존 영업신고",
            "해수욕장 야간 개장 시 기존 영업신고 업소가 별도 허가 없이 영업시간을 늘릴 수 있는지 질의.",
            "관리청이 정한 개장 시간 안이라면 별도 허가 없이 영업 가능. 야간 안전요원과 조명 기준을 개장 계획에 "
            "반영해야 함.",
        ),
    ),
    Plan(
        key="market_parking",
        unit="전통시장팀",
        kind=K.OPINION,
        path=S.OPINION_ISSUED,
        age=48,
        meeting="second",
        audit="no_objection",
        data={
            "title": "전통시장 공영주차장 주말 임시 사용",
            "permit_type": P.OTHER,
            "facts": "구포시장 공영주차장을 주말 야시장 행사장으로 임시 사용하려 하나, 주차장법상 주차장 외 용도 사용이 "
            "제한되어 있습니다.",
            "question": "공영주차장을 주말 4시간 동안 야시장 행사장으로 임시 사용하는 것이 용도 외 사용에 해당합니까?",
            "options": "1안: 주차장 일부 구획만 임시 사용\n2안: 인근 공터 임차",
            "own_review": "주차 수요가 적은 시간대의 일시 사용은 주차장 기능을 해치지 않는 범위로 볼 수 있습니다.",
            "private_interest": NONE,
        },
        statutes=(_law("주차장법", "제19조의4", "부설주차장의 용도변경 금지 등"),),
        resolution="주차 수요가 적은 시간대에 일부 구획만 일시 사용하고 주차 기능을 유지하는 경우에는 용도 외 사용으로 "
        "보기 어려움. 이용자 안내와 안전관리 계획을 마련하여 추진할 것.",
        publish=(
            "전통시장 공영주차장의 주말 임시 사용",
            "전통시장 공영주차장을 주말 야시장 행사장으로 몇 시간 임시 사용하는 것이 용도 외 사용인지 질의.",
            "주차 수요가 적은 시간대에 일부 구획만 일시 사용하고 주차 기능을 유지하면 용도 외 사용으로 보기 어려움.",
        ),
    ),
    Plan(
        key="flood",
        unit="자연재난팀",
        kind=K.RATIFICATION,
        path=S.RATIFIED,
        age=88,
        meeting="first",
        file="침수_대응_상황보고.pdf",
        data={
            "title": "집중호우 시 지하차도 긴급 통제와 양수기 긴급 임차",
            "taken_on": None,  # set from the plan's age
            "action_taken": "시간당 80mm의 집중호우로 초량 제1지하차도 침수가 예상되어, 위원회 심의를 거치지 않고 "
            "지하차도를 전면 통제하고 양수기 6대를 수의계약으로 긴급 임차했습니다.",
            "disaster_context": "호우경보 발령, 동천 수위 위험 단계 근접, 인근 지하차도 과거 인명 피해 사례.",
            "urgency": "30분 안에 지하차도가 침수될 것으로 예측되어 사전 심의를 받을 시간이 없었고, 통제와 배수 외에 "
            "인명 피해를 막을 다른 방법이 없었습니다.",
            "private_interest": NONE,
        },
        statutes=(
            _law("재난 및 안전관리 기본법", "제37조", "응급조치"),
            _law("지방자치단체를 당사자로 하는 계약에 관한 법률 시행령", "제25조", "수의계약에 의할 수 있는 경우"),
        ),
        resolution="집중호우로 인명 피해가 우려되는 긴박한 상황에서 지하차도를 통제하고 양수기를 긴급 임차한 조치는 "
        "긴급성과 필요성이 인정되므로 사후 추인함.",
        publish=(
            "집중호우 시 지하차도 긴급 통제와 장비 긴급 임차 추인",
            "집중호우로 지하차도 침수가 임박하여 사전 심의 없이 지하차도를 통제하고 양수기를 수의계약으로 긴급 임차함.",
            "인명 피해가 우려되는 긴박한 상황의 조치로서 긴급성과 필요성이 인정되어 사후 추인함.",
        ),
    ),
    Plan(
        key="typhoon_signs",
        unit="재난대응팀",
        kind=K.RATIFICATION,
        path=S.NOT_RATIFIED,
        age=80,
        meeting="first",
        data={
            "title": "태풍 대비 노후 간판 일괄 철거",
            "taken_on": None,
            "action_taken": "태풍 북상 소식에 따라 상가 노후 간판 40여 개를 소유자 동의 없이 일괄 철거했습니다.",
            "disaster_context": "태풍 주의보 발령 예정(48시간 전).",
            "urgency": "강풍으로 간판이 떨어질 위험이 있었습니다.",
            "private_interest": NONE,
        },
        resolution="태풍 도달까지 48시간의 여유가 있어 소유자에게 알리고 고정 조치를 요구할 수 있었으므로 일괄 철거의 "
        "긴급성과 필요성을 인정하기 어려움. 추인하지 않음.",
    ),
    Plan(
        key="marina",
        unit="해양정책팀",
        kind=K.OPINION,
        path=S.ON_AGENDA,
        age=20,
        meeting="next",
        due_in=10,
        data={
            "title": "수영강 수상레저 계류시설 임시 허가",
            "permit_type": P.PERMIT,
            "facts": "수영강 하구에 카약·SUP 체험용 임시 계류시설 설치 요청이 있으나 하천점용과 공유수면 점용 중 어느 "
            "허가를 받아야 하는지 불명확합니다.",
            "question": "하천과 공유수면의 경계에 설치하는 임시 계류시설은 어느 법령에 따른 점용허가를 받아야 합니까?",
            "options": "1안: 하천점용허가\n2안: 공유수면 점용·사용허가\n3안: 두 허가 모두",
            "own_review": "시설 위치가 하천구역 안이므로 1안으로 처리하는 것이 타당합니다.",
            "private_interest": NONE,
        },
        statutes=(
            _law("하천법", "제33조", "하천의 점용허가 등"),
            _law("공유수면 관리 및 매립에 관한 법률", "제8조", "공유수면의 점용·사용허가"),
        ),
    ),
    Plan(
        key="night_market",
        unit="골목상권팀",
        kind=K.OPINION,
        path=S.ON_AGENDA,
        age=12,
        meeting="queue",
        due_in=18,
        data={
            "title": "골목상권 야간 푸드트럭 영업 신고",
            "permit_type": P.NOTIFICATION,
            "facts": "골목상권 활성화 행사에 푸드트럭을 참여시키려 하나 영업 장소 제한 규정 해석이 엇갈립니다.",
            "question": "지자체 주관 행사 기간에 한해 푸드트럭이 행사 구역 안에서 영업신고로 영업할 수 있습니까?",
            "options": "1안: 행사 구역을 영업 장소로 지정\n2안: 행사마다 임시 허가",
            "own_review": "식품위생법 시행규칙의 영업 장소에 지자체 행사가 포함되므로 1안이 가능하다고 봅니다.",
            "private_interest": NONE,
        },
        statutes=(_law("식품위생법 시행규칙", "별표 15의2", "음식판매자동차를 사용하는 영업의 영업 장소"),),
    ),
    Plan(
        key="station_kiosk",
        unit="부산교통공사/영업처",
        kind=K.OPINION,
        path=S.AUDIT_OPINION_REQUESTED,
        age=16,
        audit="asked",
        due_in=14,
        data={
            "title": "도시철도 역사 내 청년 창업 임시 판매대 설치",
            "permit_type": P.AUTHORISATION,
            "facts": "서면역 유휴 공간에 청년 창업 임시 판매대를 두려 하나 도시철도 역사 내 상업시설 설치 인가 기준에 "
            "임시 시설 규정이 없습니다.",
            "question": "6개월 이내 임시 판매대도 도시철도 역사 상업시설 설치 인가 대상입니까?",
            "options": "1안: 정식 인가 절차 진행\n2안: 공사 내부 규정으로 임시 사용 승인",
            "own_review": "임시 시설은 인가 대상이 아니라고 보나 감사 지적 우려가 있습니다.",
            "private_interest": NONE,
        },
        statutes=(_law("도시철도법", "제32조", "도시철도 부대사업"),),
    ),
    Plan(
        key="riverside_stage",
        unit="문화정책팀",
        kind=K.OPINION,
        path=S.AUDIT_OPINION_GIVEN,
        age=26,
        audit="objection",
        due_in=4,
        data={
            "title": "하천 둔치 야외 공연장 가설 건축물 허가",
            "permit_type": P.PERMIT,
            "facts": "삼락생태공원 둔치에 두 달간 가설 무대를 설치하려 하나 하천구역 내 가설건축물 허가 요건이 "
            "불명확합니다.",
            "question": "하천구역 안의 두 달 이내 가설 무대도 건축법상 가설건축물 축조신고 대상입니까?",
            "options": "1안: 가설건축물 축조신고\n2안: 하천점용허가만으로 설치",
            "own_review": "하천점용허가에 가설건축물 축조신고가 의제된다고 판단합니다.",
            "private_interest": NONE,
        },
        statutes=(_law("건축법", "제20조", "가설건축물"), _law("하천법", "제33조")),
    ),
    Plan(
        key="outdoor_noise",
        unit="예술진흥팀",
        kind=K.OPINION,
        path=S.ACCEPTED,
        age=40,
        due_in=-3,
        data={
            "title": "야외 공연 소음 기준의 적용 시간대",
            "permit_type": P.OTHER,
            "facts": "부산항 축제 야외 공연이 22시까지 이어지나 야간 소음 기준 적용 여부를 두고 구청과 해석이 다릅니다.",
            "question": "지자체 주관 축제 공연에도 생활소음 야간 기준(22시 이후)이 21시부터 적용됩니까?",
            "options": "1안: 주간 기준 적용\n2안: 야간 기준 적용",
            "own_review": "소음·진동관리법 시행규칙상 시간대 구분에 따라 21시까지는 주간 기준을 적용해야 합니다.",
            "private_interest": NONE,
        },
        statutes=(_law("소음·진동관리법 시행규칙", "별표 8", "생활소음 규제기준"),),
    ),
    Plan(
        key="old_building",
        unit="건축안전팀",
        kind=K.OPINION,
        path=S.SUBMITTED,
        age=3,
        data={
            "title": "노후 건축물 긴급 보강공사 허가 절차 간소화",
            "permit_type": P.PERMIT,
            "facts": "기울어짐이 확인된 노후 상가 건물의 보강공사를 하려 하나 대수선 허가에 3주 이상 걸립니다.",
            "question": "붕괴 위험이 있는 건축물의 긴급 보강공사를 대수선 허가 전에 착공할 수 있습니까?",
            "options": "1안: 허가 전 착공 후 사후 허가\n2안: 허가 기간 단축 협의",
            "own_review": "안전진단 결과 위험 등급이면 긴급 안전조치로 볼 수 있다고 판단합니다.",
            "private_interest": PrivateInterest.DECLARED,
            "private_interest_details": "요청자의 배우자가 해당 건물 1층 상가의 임차인입니다.",
        },
        statutes=(_law("건축법", "제11조", "건축허가"), _law("건축물관리법", "제40조", "긴급 안전조치")),
    ),
    Plan(
        key="wildfire_road",
        unit="산림보호팀",
        kind=K.RATIFICATION,
        path=S.SUBMITTED,
        age=2,
        data={
            "title": "산불 확산 방지를 위한 임도 긴급 개설",
            "taken_on": None,
            "action_taken": "금정산 산불 확산을 막기 위해 산지전용허가 없이 방화선용 임도 300미터를 긴급 개설했습니다.",
            "disaster_context": "산불 3단계 발령, 초속 12미터의 강풍.",
            "urgency": "주거지까지 1킬로미터 남아 진화 차량 진입로가 필요했습니다.",
            "private_interest": NONE,
        },
        statutes=(_law("산지관리법", "제14조", "산지전용허가"),),
    ),
    Plan(
        key="riverbank_parking",
        unit="하천관리팀",
        kind=K.OPINION,
        path=S.REJECTED,
        age=30,
        note="하천법 시행령에 둔치 주차장 점용 기준이 명시되어 있어 법령이 불명확한 사안으로 보기 어렵습니다. "
        "법령에 따라 처리하시기 바랍니다.",
        data={
            "title": "하천 둔치 임시 주차장 운영",
            "permit_type": P.PERMIT,
            "facts": "명절 기간 하천 둔치를 임시 주차장으로 쓰려 합니다.",
            "question": "하천 둔치를 명절 기간 임시 주차장으로 쓸 수 있습니까?",
            "options": "하천점용허가",
            "own_review": "점용허가 대상으로 보입니다.",
            "private_interest": NONE,
        },
        statutes=(_law("하천법 시행령", "제35조", "하천점용허가의 세부 기준"),),
    ),
    Plan(
        key="bus_shelter",
        unit="버스정책팀",
        kind=K.OPINION,
        path=S.WITHDRAWN,
        age=35,
        note="관련 지침이 개정되어 자체 해결했습니다.",
        data={
            "title": "버스정류장 온열의자 설치 점용료 감면",
            "permit_type": P.OTHER,
            "facts": "겨울철 버스정류장에 온열의자를 설치하려 합니다.",
            "question": "공공 편의시설의 점용료를 감면할 수 있습니까?",
            "options": "감면 또는 부과",
            "own_review": "감면 대상으로 판단합니다.",
            "private_interest": NONE,
        },
        statutes=(_law("도로법 시행령", "제73조", "점용료의 감면"),),
    ),
)

MEETINGS = {
    # key: (days ago (negative: in the future), place)
    "first": (75, "부산시청 12층 소회의실"),
    "second": (30, "부산시청 7층 중회의실"),
    "next": (-10, "부산시청 12층 소회의실"),
}
OUTCOME = {
    S.OPINION_ISSUED: CommitteeOutcome.OPINION_ISSUED,
    S.ACTED_ON: CommitteeOutcome.OPINION_ISSUED,
    S.RATIFIED: CommitteeOutcome.RATIFIED,
    S.NOT_RATIFIED: CommitteeOutcome.NOT_RATIFIED,
}
AUDIT_OPINIONS = {
    "no_objection": (
        "질의 사안은 법령 해석의 여지가 있고 제시한 처리 방안에 사적 이해관계나 절차상 하자가 보이지 "
        "않으므로 이의가 없습니다.",
        False,
    ),
    "objection": (
        "하천점용허가에 가설건축물 축조신고가 의제된다는 규정이 없어, 축조신고 없이 설치하면 건축법 위반 "
        "소지가 있으므로 이의를 제기합니다.",
        True,
    ),
}
EXPERTS = (
    ("김해윤", MemberField.LEGAL, "법무법인 해운 변호사"),
    ("박도현", MemberField.URBAN_ARCHITECTURE, "부산대학교 도시공학과 교수"),
    ("이서연", MemberField.WELFARE_SAFETY, "부산안전연구원 연구위원"),
)


@dataclass
class Written:
    created: int = 0
    requests: dict[str, OpinionRequest] = field(default_factory=dict)


# --- People --------------------------------------------------------------------------------------------------


def _user(username: str) -> User | None:
    return User.objects.select_related("official__unit").filter(username=username).first()


def _unit(spec: str) -> OrgUnit | None:
    units = OrgUnit.objects.filter(is_active=True)
    if "/" in spec:
        body_name, name = spec.split("/", 1)
        body = units.filter(name=body_name, kind__in=BODY_KINDS).first()
        if body is None:
            return None
        return units.filter(name=name, path__startswith=body.path).exclude(pk=body.pk).first()
    bodies = list(units.filter(kind__in=BODY_KINDS).values_list("path", flat=True))
    for unit in units.filter(name=spec):
        if not any(unit.path.startswith(p) for p in bodies):
            return unit
    return None


def _requester_in(unit: OrgUnit) -> User | None:
    """An active official of ``unit`` (a 주무관 or staff member first) with their account, or a background account
    ``opinion.<employee number>`` without a password."""
    staff = Official.objects.filter(unit__path__startswith=unit.path, status=OfficialStatus.ACTIVE)
    official = (
        staff.filter(position="주무관").order_by("employee_no").first()
        or staff.order_by("-grade", "employee_no").first()
    )
    if official is None:
        return None
    user = background_account(official, f"opinion.{official.employee_no}")
    return User.objects.get(pk=user.pk)


# --- The committee -------------------------------------------------------------------------------------------


def _members_on(day: datetime.date) -> list[Member]:
    """Members sitting on ``day``; when fewer than three, the demo enrols three external experts whose terms began a
    year before (through the committee's roster services). The ``chair`` and ``committee`` demo accounts already
    hold their roles by membership, so the committee's own demo seats them."""
    sitting = list(Member.objects.filter(pk__in=sitting_member_ids(day)))
    if len(sitting) >= 3:
        return sitting
    starts_on = day - datetime.timedelta(days=365)
    for name, member_field, affiliation in EXPERTS:
        if not Member.objects.filter(user__name=name, affiliation=affiliation).exists():
            roster.enrol_member(
                actor=None,
                category=MemberCategory.PRIVATE,
                field=member_field,
                name=name,
                affiliation=affiliation,
                starts_on=starts_on,
            )
    return list(Member.objects.filter(pk__in=sitting_member_ids(day)))


def _meeting_at(days_ago: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))


def _plan_meetings() -> dict[str, Meeting]:
    """The two past meetings this demo holds, and the next planned meeting: the committee demo's (its standing members
    already called) when there is one, else a new one."""
    out = {}
    for key, (days_ago, place) in sorted(MEETINGS.items(), key=lambda kv: -kv[1][0]):
        if days_ago < 0:
            upcoming = (
                Meeting.objects.filter(state=MeetingState.PLANNED, scheduled_at__gt=timezone.now())
                .order_by("scheduled_at")
                .first()
            )
            if upcoming is not None:
                out[key] = upcoming
                continue
        out[key] = meetings.create_meeting(
            actor=None, kind=MeetingKind.IN_PERSON, scheduled_at=_meeting_at(days_ago), place=place
        )
    return out


def _hold(meeting: Meeting, decisions: list[tuple[AgendaItem, str, str]]) -> None:
    """Call the members sitting that day, open the meeting with all of them present, vote each item's proposal,
    write and approve the minutes and close the meeting."""
    called = _members_on(timezone.localdate(meeting.scheduled_at))
    meetings.invite_members(actor=None, meeting=meeting, members=called)
    meetings.open_meeting(actor=None, meeting=meeting, present=called)
    for item, outcome, resolution in decisions:
        agenda.propose_decision(actor=None, item=item, outcome=outcome, resolution=resolution)
        for member in called:
            agenda.record_vote(actor=None, item=item, member=member, choice="for")
        agenda.close_vote(actor=None, item=item)
    titles = "\n".join(f"{index}. {item.title}: 원안 의결" for index, (item, _o, _r) in enumerate(decisions, start=1))
    meetings.save_minutes(actor=None, meeting=meeting, minutes=f"출석 위원 {len(called)}명, 성원 확인.\n{titles}")
    meetings.approve_minutes(actor=None, meeting=meeting)
    meetings.close_meeting(actor=None, meeting=meeting)


# --- Walking a plan ------------------------------------------------------------------------------------------


def _data(plan: Plan) -> dict[str, Any]:
    data = dict(plan.data)
    if plan.kind == K.RATIFICATION and "taken_on" in data:
        data["taken_on"] = timezone.localdate() - datetime.timedelta(days=plan.age + 2)
    return data


def _files(plan: Plan) -> list:
    if not plan.file:
        return []
    import pikepdf  # noqa: PLC0415  (only the demo makes a sample PDF)

    document = pikepdf.new()
    document.add_blank_page()
    buffer = io.BytesIO()
    document.save(buffer)
    return [SimpleUploadedFile(plan.file, buffer.getvalue(), content_type="application/pdf")]


def _walk(plan: Plan, requester: User, secretariat: User, auditor: User | None) -> OpinionRequest:
    """Take a new request as far as the committee (or its end before it)."""
    req = services.create_request(
        actor=requester, kind=plan.kind, data=_data(plan), statutes=plan.statutes, files=_files(plan)
    )
    if plan.path == S.DRAFT:
        return req
    req = services.submit_request(actor=requester, request=req)
    if plan.path == S.WITHDRAWN:
        return services.withdraw_request(actor=requester, request=req, reason=plan.note)
    if plan.path == S.SUBMITTED:
        return req
    if plan.path in (S.RETURNED, S.REJECTED):
        decision = "return" if plan.path == S.RETURNED else "reject"
        return services.screen_request(actor=secretariat, request=req, decision=decision, note=plan.note)
    req = services.screen_request(
        actor=secretariat, request=req, decision="accept", in_scope=True, interest_checked=True, facts_sufficient=True
    )
    if plan.audit and auditor is not None:
        req = services.ask_audit_opinion(
            actor=secretariat, request=req, audit_officer=auditor, question="법령 해석과 처리 방안의 적정성"
        )
        if plan.audit in AUDIT_OPINIONS:
            opinion, objects = AUDIT_OPINIONS[plan.audit]
            req = services.give_audit_opinion(actor=auditor, request=req, opinion=opinion, objects=objects)
    if plan.path in (S.ACCEPTED, S.AUDIT_OPINION_REQUESTED, S.AUDIT_OPINION_GIVEN):
        return req
    return services.table_request(actor=secretariat, request=req)


def _after(plan: Plan, req: OpinionRequest, secretariat: User) -> OpinionRequest:
    req.refresh_from_db()
    if plan.path == S.ACTED_ON and req.state == S.OPINION_ISSUED:
        req = services.record_action(actor=req.requester, request=req, acted_on=req.decided_on, what=plan.acted)
    if plan.publish is not None and req.decision_number:
        title, summary, answer = plan.publish
        publication_services.save_publication(
            actor=secretariat, request=req, title=title, summary=summary, answer=answer, publish=True, confirmed=True
        )
    return req


# Which date of the request each timeline entry happened on (entries not listed keep their day).
EVENT_DAYS = {
    "created": "created",
    "files_added": "created",
    "submitted": "submitted_on",
    "returned": "screened_on",
    "rejected": "screened_on",
    "accepted": "accepted_on",
    "audit_opinion_asked": "audit_requested_on",
    "audit_opinion_given": "audit_given_on",
    "tabled": "tabled_on",
    "decided": "decided_on",
    "decision_rendered": "decided_on",
    "acted_on": "action_recorded_on",
    "published": "published_on",
    "withdrawn": "withdrawn_on",
}


def _backdate(plan: Plan, req: OpinionRequest, meeting: Meeting | None) -> None:
    """Move this app's dates of the request back to when it "happened" (the services stamped today): submitted
    ``plan.age`` days ago, screened three days later, the audit office asked and answering within ten days, tabled
    within twelve, decided on its meeting's day, acted on within a week, published the same day; the deadline from
    the acceptance (or ``plan.due_in`` days from today); each timeline entry on its step's day."""
    today = timezone.localdate()
    rule = OpinionSettings.current()
    submitted = today - datetime.timedelta(days=plan.age)

    def after(days: int) -> datetime.date:
        return min(submitted + datetime.timedelta(days=min(days, plan.age)), today)

    dates: dict[str, Any] = {
        "submitted_on": submitted if req.submitted_on else None,
        "screened_on": after(3) if req.screened_on else None,
        "accepted_on": after(3) if req.accepted_on else None,
        "audit_requested_on": after(5) if req.audit_requested_on else None,
        "audit_given_on": after(10) if req.audit_given_on else None,
        "tabled_on": after(12) if req.tabled_on else None,
        "withdrawn_on": after(7) if req.withdrawn_on else None,
    }
    published_on = None
    if meeting is not None and req.decided_on is not None:
        decided = timezone.localdate(meeting.scheduled_at)
        dates |= {"decided_on": decided, "meeting_date": decided}
        if req.acted_on:
            acted = min(decided + datetime.timedelta(days=7), today)
            dates |= {"acted_on": acted, "action_recorded_on": acted}
        published_on = dates.get("action_recorded_on") or decided
    if dates["accepted_on"] and req.state in SLA_WAITING and plan.due_in is not None:
        dates["due_on"] = today + datetime.timedelta(days=plan.due_in)
    elif dates["accepted_on"]:
        dates["due_on"] = deadlines.add_days(dates["accepted_on"], rule.sla_days, business=req.due_business)
    OpinionRequest.objects.filter(pk=req.pk).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(submitted - datetime.timedelta(days=2), datetime.time(9, 30))
        ),
        **dates,
    )
    Extension.objects.filter(request=req).delete()
    if published_on is not None:
        Publication.objects.filter(request=req).update(published_on=published_on)
    days = dates | {"created": submitted - datetime.timedelta(days=2), "published_on": published_on}
    for event in Event.objects.filter(request=req):
        day = days.get(EVENT_DAYS.get(event.verb, ""))
        if day is None:
            continue
        moment = timezone.localtime(event.at)
        Event.objects.filter(pk=event.pk).update(
            on=day, at=timezone.make_aware(datetime.datetime.combine(day, moment.time()))
        )


def write_opinions_demo() -> int:
    """Write the demo's requests to the committee if there are none yet; returns how many were written."""
    if OpinionRequest.objects.exists():
        return 0
    official, secretariat, auditor = _user("official"), _user("secretariat"), _user("auditor")
    if official is None or secretariat is None:
        return 0
    written = Written()
    with transaction.atomic():
        planned = _plan_meetings()
        on_meeting: dict[str, list[tuple[Plan, OpinionRequest]]] = {key: [] for key in planned}
        for plan in sorted(PLANS, key=lambda p: -p.age):  # the oldest first: reference numbers in date order
            if plan.unit == "official":
                requester: User | None = official
            else:
                unit = _unit(plan.unit)
                requester = _requester_in(unit) if unit is not None else None
            if requester is None:
                continue
            req = _walk(plan, requester, secretariat, auditor)
            written.requests[plan.key] = req
            written.created += 1
            if plan.meeting in planned and req.state == S.ON_AGENDA:
                on_meeting[plan.meeting].append((plan, req))
        for key, entries in on_meeting.items():
            meeting = planned[key]
            decisions: list[tuple[AgendaItem, str, str]] = []
            for plan, req in entries:
                item = open_item_of(req.kind, req.pk)
                if item is None:
                    continue
                agenda.schedule_item(actor=None, item=item, meeting=meeting)
                item.refresh_from_db()
                if plan.path in OUTCOME:
                    decisions.append((item, str(OUTCOME[S(plan.path)]), plan.resolution))
            if decisions and MEETINGS[key][0] > 0:
                _hold(meeting, decisions)
        for plan in PLANS:
            walked = written.requests.get(plan.key)
            if walked is None:
                continue
            held = planned.get(plan.meeting) if plan.meeting in ("first", "second") else None
            _backdate(plan, _after(plan, walked, secretariat), held)
    return written.created
