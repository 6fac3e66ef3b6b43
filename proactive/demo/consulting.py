"""Demo content for the pre-consulting audit (사전컨설팅 감사): realistic Busan requests in every state, written through
``consulting.services`` (so every row is checked, audited and on the request's timeline as in real use), then moved
back to the days they "happened" (dates only). Idempotent: nothing is written if any request exists.

What a visitor finds:
* ``official`` (교통정책과 교통기획팀): an opinion issued and implemented as advised (공공기관 이전부지 임시 활용 — the
  exemption application can cite it), a request awaiting ``depthead``'s approval, a draft, and one under review;
* ``depthead`` (교통정책과장): the request to approve;
* ``auditor`` (the city's audit office): requests to screen, accepted, under review (one overdue, one due soon, one
  with a joint review), escalated to MOIS, referred to the committee (광안대교 경관조명), returned for each exclusion,
  answered, implemented; several published (public list ``/consulting/published/``);
* requests of other departments, 구·군 and corporations are asked by their department heads (background accounts
  ``consult.<unit code>`` without a password, who submit directly as heads of their own units).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind
from proactive.accounts.models import OrgUnit, User
from proactive.consulting.enums import RequestState, SelfCheckItem
from proactive.consulting.models import (
    ConsultingRequest,
    DeadlineChange,
    Escalation,
    Event,
    Implementation,
    JointReview,
    Opinion,
    Publication,
    Referral,
)
from proactive.consulting.services import publication as publication_services
from proactive.consulting.services import requests as request_services
from proactive.consulting.services import review as review_services
from proactive.consulting.services.common import current_settings
from proactive.core import deadlines
from proactive.demo.background import unit_head_account

S = RequestState
BODY_KINDS = {OrgUnitKind.DISTRICT, OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE}


@dataclass(frozen=True)
class Plan:
    key: str
    unit: str  # "official" (the demo account), a city department, or "body/department"
    path: str  # the state to reach (see _walk)
    title: str
    background: str
    statutes: str
    issues: str
    proposed: str
    checks: dict[str, str]  # SelfCheckItem → what was checked
    age: int = 0  # calendar days since it was submitted
    due_in: int | None = None  # business days left (negative: overdue) instead of the rule's due date
    conclusion: str = ""
    reasons: str = ""
    return_reason: str = ""
    return_note: str = ""
    followed: bool = True
    implementation: str = ""
    publication: tuple[str, str, str] | None = None  # title, question, answer
    extra: dict[str, str] = field(default_factory=dict)


LAWS = SelfCheckItem.LAWS
PRECEDENTS = SelfCheckItem.PRECEDENTS
STAKEHOLDERS = SelfCheckItem.STAKEHOLDERS
BUDGET = SelfCheckItem.BUDGET
COMPLAINTS = SelfCheckItem.COMPLAINTS

PLANS: tuple[Plan, ...] = (
    Plan(
        key="site",
        unit="official",
        path="implemented",
        age=70,
        title="공공기관 이전부지 임시 활용(환승주차장) 가능 여부",
        background=(
            "해운대구 우동의 옛 공공기관 부지(시유지, 약 8,200㎡)가 기관 이전 뒤 3년째 비어 있습니다. 매각 공고가 두 차례 "
            "유찰되어 당분간 활용 계획이 없고, 인근 도시철도 역 주변은 출퇴근 시간 불법 주차가 심각합니다. 매각 전까지 "
            "부지를 환승주차장으로 임시 개방하려 합니다."
        ),
        statutes="「공유재산 및 물품 관리법」 제20조(사용허가), 제22조(사용료), 같은 법 시행령 제14조; 「부산광역시 공유재산 관리 조례」",
        issues=(
            "1. 매각 대상인 일반재산을 사용허가(대부) 없이 시가 직접 임시 주차장으로 쓸 수 있는지\n"
            "2. 임시 개방 중 매각이 성사되면 계약을 어떻게 정리해야 하는지"
        ),
        proposed=(
            "1안: 교통정책과가 관리전환 없이 1년 단위 임시 사용 후 개방(무료)\n"
            "2안: 시설공단에 대부하여 유료 환승주차장으로 운영\n"
            "→ 1안을 우선 검토하되, 매각 시 즉시 원상복구하는 조건을 붙이고자 합니다."
        ),
        checks={
            LAWS: "공유재산법 제20조·제22조와 시 조례를 검토했습니다. 일반재산의 임시 활용 근거가 명확하지 않습니다.",
            PRECEDENTS: "2022년 대구광역시의 유휴 시유지 임시 주차장 개방 사례를 확인했습니다.",
            STAKEHOLDERS: "자산관리 부서와 해운대구 교통과의 의견을 들었습니다(이견 없음).",
            BUDGET: "포장 보수와 안전시설에 약 4천만 원이 들며 교통 분야 예산으로 충당할 수 있습니다.",
        },
        conclusion=(
            "일반재산은 매각 전이라도 「공유재산법」 제28조에 따른 대부 또는 관리전환 절차를 거쳐 임시 주차장으로 활용할 수 "
            "있습니다. 대부계약에 매각 시 계약 해지와 원상복구 조건을 두면 매각 추진에 지장이 없습니다."
        ),
        reasons=(
            "일반재산의 사용은 대부계약으로 하여야 하며(제28조), 시 내부 부서가 쓰는 경우 관리전환 또는 사용승인 절차로 "
            "갈음할 수 있습니다. 무상 개방은 공익 목적이 명확하고 시민 편익이 큰 경우 조례에 따라 사용료를 감면할 수 "
            "있습니다. 매각 공고 중이라는 사정만으로 임시 활용이 금지되지는 않습니다."
        ),
        implementation="의견에 따라 자산관리 부서와 사용승인 절차를 거쳐 6월 1일부터 환승주차장(210면)으로 무료 개방했습니다.",
        publication=(
            "매각 예정 유휴 시유지의 임시 주차장 활용",
            "공공기관이 이전한 뒤 매각 전까지 비어 있는 시유지를 임시 환승주차장으로 개방할 수 있는지, 매각이 성사되면 "
            "어떻게 정리하는지 물었습니다.",
            "대부 또는 관리전환 절차를 거치면 매각 전이라도 임시로 활용할 수 있습니다. 계약에 매각 시 해지와 원상복구 "
            "조건을 두면 매각 추진에 지장이 없습니다.",
        ),
    ),
    Plan(
        key="contract",
        unit="재난대응과",
        path="published_answered",
        age=45,
        title="태풍 피해 방파제 긴급 복구공사 수의계약 가능 여부",
        background=(
            "태풍으로 기장군 연안의 방파제 상부 약 40m가 유실되었습니다. 다음 태풍 전에 복구하지 않으면 배후 어항 시설과 "
            "주택에 2차 피해가 우려됩니다. 입찰 절차를 거치면 착공까지 40일 이상 걸립니다."
        ),
        statutes="「지방자치단체를 당사자로 하는 계약에 관한 법률 시행령」 제25조 제1항 제1호, 「자연재해대책법」 제46조",
        issues="재난 복구를 위한 공사를 추정가격과 관계없이 긴급 수의계약으로 체결할 수 있는지",
        proposed="1안: 긴급 수의계약(지역 전문업체) / 2안: 긴급 입찰(공고기간 5일 단축)",
        checks={
            LAWS: "지방계약법 시행령 제25조 제1항 제1호(재해 복구 긴급공사)를 검토했습니다.",
            PRECEDENTS: "행정안전부 계약 예규 질의회신 사례를 확인했습니다.",
            COMPLAINTS: "특정 업체 특혜 시비가 있을 수 있어 견적 비교를 병행하려 합니다.",
        },
        conclusion="재해 복구를 위하여 긴급히 시행하여야 하는 공사로서 입찰에 부칠 시간적 여유가 없는 경우에 해당하여 수의계약이 가능합니다.",
        reasons=(
            "시행령 제25조 제1항 제1호는 천재지변 등으로 긴급한 복구가 필요한 경우 수의계약을 허용합니다. 다만 긴급성의 "
            "범위는 응급 복구에 필요한 범위로 한정하고, 가격의 적정성은 2인 이상의 견적으로 확인하시기 바랍니다."
        ),
        publication=(
            "재해 복구 긴급공사의 수의계약",
            "태풍으로 유실된 방파제를 다음 태풍 전에 복구해야 하는데, 입찰 절차를 거치면 착공이 늦어집니다. 긴급 수의계약이 "
            "가능한지 물었습니다.",
            "재해 복구를 위한 긴급공사로서 입찰할 시간적 여유가 없으면 수의계약이 가능합니다. 응급 복구 범위로 한정하고 2인 "
            "이상 견적으로 가격의 적정성을 확인해야 합니다.",
        ),
    ),
    Plan(
        key="subsidy",
        unit="소상공인지원과",
        path="under_review",
        age=25,
        due_in=-2,
        title="소상공인 경영안정자금 보조금 집행 기준 해석(폐업 후 재창업자)",
        background="경영안정자금 보조금을 받은 뒤 6개월 안에 폐업하고 같은 업종으로 재창업한 경우 환수 대상인지 문의가 많습니다.",
        statutes="「보조금 관리에 관한 법률」 제31조, 「부산광역시 지방보조금 관리 조례」 제21조, 사업 시행지침",
        issues="폐업 후 같은 업종으로 재창업한 경우 보조 목적이 유지된 것으로 보아 환수하지 않을 수 있는지",
        proposed="1안: 재창업 확인 시 환수 면제 / 2안: 잔여 기간 비율만큼 환수",
        checks={
            LAWS: "보조금법 제31조와 조례 제21조를 검토했습니다.",
            BUDGET: "환수 면제 대상은 연 30건 내외로 추정합니다.",
        },
    ),
    Plan(
        key="bridge",
        unit="부산시설공단/시설관리처",
        path="referred",
        age=20,
        title="광안대교 경관조명 연출 시간 연장과 민간 후원 광고 허용 여부",
        background=(
            "광안대교 경관조명을 자정 이후까지 연장하고, 연장 운영비를 민간 후원으로 충당하는 방안(후원사 로고 연출 포함)을 "
            "검토하고 있습니다. 시민 다수와 인근 주민에게 영향이 큽니다."
        ),
        statutes="「옥외광고물 등의 관리와 옥외광고산업 진흥에 관한 법률」 제3조, 「인공조명에 의한 빛공해 방지법」 제10조",
        issues="교량 경관조명에 후원사 로고를 연출하는 것이 옥외광고물에 해당하는지, 빛공해 기준을 넘지 않는지",
        proposed="1안: 후원사 로고 없이 감사 문구만 연출 / 2안: 주 1회 로고 연출",
        checks={
            LAWS: "옥외광고물법과 빛공해방지법의 적용 범위를 검토했습니다.",
            STAKEHOLDERS: "수영구 주민 설명회를 한 차례 열었습니다(찬반 의견 있음).",
            COMPLAINTS: "야간 빛 공해 민원이 늘어날 수 있습니다.",
        },
    ),
    Plan(
        key="station",
        unit="부산교통공사/영업처",
        path="escalated",
        age=12,
        title="도시철도 역사 유휴공간의 청년 창업공간 무상 임대 가능 여부",
        background="도시철도 역사 안 유휴 상가 12곳을 청년 창업자에게 1년간 무상으로 빌려주는 사업을 추진하려 합니다.",
        statutes="「지방공기업법」 제64조의2, 「부산교통공사 자산관리 규정」, 「공유재산 및 물품 관리법」 제24조",
        issues="공사 소유 자산을 특정 계층(청년)에게 무상으로 임대하는 것이 지방공기업법상 허용되는지",
        proposed="1안: 1년 무상 후 감정가 50% 임대 / 2안: 처음부터 감정가 50% 임대",
        checks={
            LAWS: "지방공기업법과 공사 자산관리 규정을 검토했습니다.",
            PRECEDENTS: "서울교통공사 청년 창업공간 사례를 확인했습니다.",
            BUDGET: "연간 임대수입 약 1억 2천만 원이 줄어듭니다.",
        },
        extra={"escalation": "지방공기업의 자산 무상 임대 허용 범위에 대한 행정안전부의 유권해석을 요청합니다."},
    ),
    Plan(
        key="market",
        unit="해운대구/행정지원과",
        path="submitted",
        age=1,
        title="전통시장 공영주차장 야간 무료 개방 가능 여부",
        background="전통시장 공영주차장을 밤 9시 이후 인근 주민에게 무료로 개방해 달라는 요구가 많습니다.",
        statutes="「주차장법」 제9조, 「해운대구 주차장 설치 및 관리 조례」 제5조",
        issues="조례에 정한 요금을 야간에만 받지 않는 것이 조례 위반인지",
        proposed="1안: 조례 개정 전 시범 운영 / 2안: 조례 개정 후 시행",
        checks={LAWS: "주차장법과 구 조례를 검토했습니다.", COMPLAINTS: "상인회는 찬성, 일부 주민은 반대합니다."},
    ),
    Plan(
        key="school_zone",
        unit="official",
        path="awaiting_approval",
        title="어린이보호구역 무인단속카메라 설치 위치 조정 가능 여부",
        background="학교 정문이 옮겨져 기존 단속카메라가 보호구역 끝에 남게 되었습니다. 카메라를 새 정문 앞으로 옮기려 합니다.",
        statutes="「도로교통법」 제12조, 「어린이·노인 및 장애인 보호구역 지정 및 관리에 관한 규칙」 제9조",
        issues="경찰청 협의 없이 시가 카메라 위치를 먼저 옮기고 사후 협의할 수 있는지",
        proposed="1안: 부산경찰청과 사전 협의 후 이전 / 2안: 임시 이동식 단속 병행 후 이전",
        checks={
            LAWS: "도로교통법과 보호구역 관리 규칙을 검토했습니다.",
            STAKEHOLDERS: "학교와 학부모회 의견을 들었습니다.",
        },
    ),
    Plan(
        key="shelter",
        unit="official",
        path="draft",
        title="스마트 버스 쉘터 광고 수익의 운영비 충당 가능 여부",
        background="스마트 버스 쉘터 30곳의 냉난방 운영비를 쉘터 광고 수익으로 충당하려 합니다.",
        statutes="「옥외광고물법」 제5조",
        issues="",
        proposed="",
        checks={LAWS: ""},
    ),
    Plan(
        key="welfare_contract",
        unit="복지정책과",
        path="returned",
        age=30,
        return_reason="already_decided",
        return_note="이미 체결한 용역계약의 적법성 확인은 사전컨설팅 대상이 아닙니다. 자체 감사 부서와 협의하십시오.",
        title="이미 체결한 복지시설 위탁 용역계약의 적법성 확인",
        background="지난달 체결한 복지시설 위탁 용역계약에서 수탁기관 선정 절차에 하자가 있었는지 확인하고자 합니다.",
        statutes="「사회복지사업법」 제34조",
        issues="이미 체결한 계약의 선정 절차가 적법했는지",
        proposed="계약 유지",
        checks={LAWS: "사회복지사업법과 위탁 조례를 검토했습니다."},
    ),
    Plan(
        key="tax",
        unit="세원관리과",
        path="returned",
        age=28,
        return_reason="proceedings",
        return_note="같은 사안에 대해 행정심판이 진행 중이므로 사전컨설팅 대상에서 제외합니다.",
        title="지방세 감면 대상 법인의 추징 유예 가능 여부",
        background="감면받은 법인이 유예기간 안에 용도를 바꾸어 추징 대상이 되었으나, 해당 법인이 행정심판을 청구했습니다.",
        statutes="「지방세특례제한법」 제178조",
        issues="행정심판 결과가 나올 때까지 추징을 유예할 수 있는지",
        proposed="심판 결과 확인 후 추징",
        checks={LAWS: "지방세특례제한법 제178조를 검토했습니다."},
    ),
    Plan(
        key="senior",
        unit="해운대구/주민복지과",
        path="returned",
        age=9,
        return_reason="insufficient_review",
        return_note="관계 법령 검토 내용이 구체적이지 않습니다. 지원 근거 조례와 예산 과목을 확인하여 보완해 주십시오.",
        title="경로당 여름철 냉방비 추가 지원 가능 여부",
        background="폭염으로 경로당 냉방비가 예산을 넘어 추가 지원을 검토하고 있습니다.",
        statutes="「노인복지법」",
        issues="예산 범위를 넘는 냉방비를 예비비로 지원할 수 있는지",
        proposed="예비비 지출",
        checks={LAWS: "노인복지법을 확인했습니다."},
    ),
    Plan(
        key="camping",
        unit="기장군/기획감사실",
        path="withdrawn",
        age=40,
        title="폐교 부지 임시 캠핑장 운영 가능 여부",
        background="폐교 부지를 여름 한 철 임시 캠핑장으로 운영하려 했으나 교육청과 매입 협의가 먼저 필요해졌습니다.",
        statutes="「폐교재산의 활용촉진을 위한 특별법」 제11조",
        issues="매입 전 임시 사용 가능 여부",
        proposed="교육청과 대부계약",
        checks={LAWS: "폐교재산법을 검토했습니다."},
    ),
    Plan(
        key="beach",
        unit="해운대구/안전도시과",
        path="accepted",
        age=2,
        title="해수욕장 파라솔 대여 사업 주민 단체 위탁 방식",
        background="해수욕장 파라솔 대여 사업을 주민 단체에 위탁하면서 수익 일부를 마을 발전기금으로 쓰려 합니다.",
        statutes="「해수욕장의 이용 및 관리에 관한 법률」 제18조, 같은 법 시행령 제9조",
        issues="공모 없이 주민 단체에 위탁할 수 있는지, 수익을 발전기금으로 쓸 수 있는지",
        proposed="1안: 공모 후 위탁 / 2안: 주민 단체 수의 위탁",
        checks={
            LAWS: "해수욕장법과 시행령을 검토했습니다.",
            PRECEDENTS: "강원 지역 해수욕장 위탁 사례를 확인했습니다.",
        },
    ),
    Plan(
        key="bike",
        unit="대중교통과",
        path="published_implemented",
        age=90,
        followed=False,
        title="공공자전거 이용권의 지역화폐(동백전) 결제 허용 여부",
        background="공공자전거 이용권을 동백전으로 결제할 수 있게 해 달라는 요구가 많습니다.",
        statutes="「지역사랑상품권 이용 활성화에 관한 법률」 제10조",
        issues="시가 직접 운영하는 공공자전거 이용료를 지역사랑상품권으로 받을 수 있는지",
        proposed="1안: 동백전 결제 허용 / 2안: 캐시백 방식",
        checks={LAWS: "지역사랑상품권법을 검토했습니다.", BUDGET: "결제 수수료 연 300만 원이 추가됩니다."},
        conclusion="지방자치단체가 받는 사용료·이용료도 지역사랑상품권으로 납부받을 수 있도록 조례에 근거를 두면 허용됩니다.",
        reasons="법 제10조는 지자체가 수납하는 공공요금을 상품권으로 받을 수 있게 하고 있으며, 구체적인 대상은 조례로 정합니다.",
        implementation="조례 개정에 시간이 걸려 올해는 캐시백 방식(2안)으로 먼저 시행했습니다. 조례 개정은 내년 상반기에 추진합니다.",
        publication=(
            "공공자전거 이용료의 지역화폐 결제",
            "시가 운영하는 공공자전거 이용료를 지역사랑상품권으로 받을 수 있는지 물었습니다.",
            "공공요금을 상품권으로 받을 수 있도록 조례에 근거를 두면 허용됩니다.",
        ),
    ),
    Plan(
        key="fish",
        unit="수산정책과",
        path="published_answered",
        age=35,
        title="수산물 위판장 야간 경매 시간 조정에 따른 수수료 감면",
        background="여름철 어획물 신선도 유지를 위해 위판장 경매를 새벽으로 당기면서 야간 할증 수수료 감면을 검토합니다.",
        statutes="「농수산물 유통 및 가격안정에 관한 법률」 제42조, 위판장 업무규정",
        issues="업무규정 개정 전에 수수료를 한시적으로 감면할 수 있는지",
        proposed="1안: 업무규정 개정 후 감면 / 2안: 3개월 한시 감면",
        checks={
            LAWS: "농안법 제42조와 업무규정을 검토했습니다.",
            STAKEHOLDERS: "수협과 중도매인 조합 의견을 들었습니다.",
        },
        conclusion="업무규정에 감면 근거가 없으면 한시 감면도 어렵습니다. 개정 절차를 먼저 거치되 긴급성이 있으면 개정 공포 즉시 시행하십시오.",
        reasons="수수료는 업무규정으로 정하여 승인받은 범위에서만 받을 수 있으므로, 근거 없는 감면은 재정 손실로 지적될 수 있습니다.",
        publication=(
            "위판장 수수료의 한시 감면",
            "위판장 경매 시간을 당기면서 규정 개정 전에 수수료를 한시적으로 감면할 수 있는지 물었습니다.",
            "규정에 감면 근거가 없으면 한시 감면도 어렵습니다. 규정을 먼저 개정하고 공포 즉시 시행하는 방법이 있습니다.",
        ),
    ),
    Plan(
        key="drone",
        unit="첨단산업과",
        path="joint_review",
        age=14,
        due_in=2,
        title="드론 배송 실증사업의 공원 상공 비행 허용 여부",
        background="규제자유특구 드론 배송 실증을 위해 도시공원 상공을 지나는 항로가 필요합니다.",
        statutes="「항공안전법」 제127조, 「도시공원 및 녹지 등에 관한 법률」 제49조, 「규제자유특구법」",
        issues="공원 관리청 허가 없이 특구 실증 특례로 공원 상공을 비행할 수 있는지",
        proposed="1안: 공원 관리청 사전 협의 후 비행 / 2안: 특례 적용",
        checks={
            LAWS: "항공안전법, 공원녹지법, 규제자유특구법의 특례 조항을 검토했습니다.",
            STAKEHOLDERS: "공원 관리 부서와 협의 중입니다.",
            COMPLAINTS: "소음 민원이 생길 수 있습니다.",
        },
    ),
    Plan(
        key="ferry",
        unit="official",
        path="under_review",
        age=6,
        title="수상택시 정류장 임시 설치를 위한 공유수면 점용허가 절차",
        background="여름철 수상택시 시범 운항을 위해 임시 부잔교 정류장을 설치하려 합니다.",
        statutes="「공유수면 관리 및 매립에 관한 법률」 제8조",
        issues="3개월 임시 시설도 점용·사용허가가 필요한지",
        proposed="1안: 점용허가 후 설치 / 2안: 협의로 갈음",
        checks={LAWS: "공유수면법 제8조를 검토했습니다.", PRECEDENTS: "통영시 수상택시 사례를 확인했습니다."},
    ),
)


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
    for unit in units.filter(name=spec, kind=OrgUnitKind.DEPARTMENT):
        if not any(unit.path.startswith(p) for p in bodies):
            return unit
    return None


# --- Walking a plan ------------------------------------------------------------------------------------------


def _input(plan: Plan) -> request_services.RequestInput:
    return request_services.RequestInput(
        title=plan.title,
        background=plan.background,
        statutes=plan.statutes,
        issues=plan.issues,
        proposed_handling=plan.proposed,
        self_check={item: {"checked": True, "note": note} for item, note in plan.checks.items()},
        contact_phone="",
        contact_email="",
    )


REACHES = {
    "draft": 0,
    "awaiting_approval": 1,
    "submitted": 2,
    "withdrawn": 2,
    "returned": 2,
    "accepted": 3,
    "under_review": 4,
    "joint_review": 4,
    "escalated": 4,
    "referred": 4,
    "published_answered": 5,
    "implemented": 6,
    "published_implemented": 6,
}


def _walk(plan: Plan, requester: User, head: User | None, auditor: User) -> ConsultingRequest:
    req = request_services.create_request(actor=requester, data=_input(plan))
    depth = REACHES[plan.path]
    if depth >= 1:
        req = request_services.send_request(actor=requester, req=req)
        if req.state == S.AWAITING_APPROVAL and depth >= 2 and head is not None:
            req = request_services.decide_approval(actor=head, req=req, approve=True, comment="검토 부탁드립니다.")
    if plan.path == "withdrawn":
        return request_services.withdraw_request(
            actor=requester, req=req, reason="교육청과 매입 협의를 먼저 진행하기로 함"
        )
    if plan.path == "returned":
        return review_services.return_request(actor=auditor, req=req, reason=plan.return_reason, note=plan.return_note)
    if depth >= 3:
        req = review_services.accept_request(actor=auditor, req=req)
    if depth >= 4:
        req = review_services.assign_reviewers(actor=auditor, req=req, reviewers=[auditor])
    if plan.path == "joint_review":
        review_services.record_joint_review(
            actor=auditor,
            req=req,
            held_on=timezone.localdate(),
            participant_kinds=["lawyers", "regulatory_reform", "department"],
            participants="고문변호사 1명, 규제혁신팀장, 공원관리 부서 담당 사무관",
            notes="특구 특례로 항공안전법상 승인은 갈음되나 공원 관리청의 사용 협의는 별도로 필요하다는 의견이 다수였음.",
        )
    if plan.path == "escalated":
        req = review_services.escalate_request(actor=auditor, req=req, to="mois", question=plan.extra["escalation"])
    if plan.path == "referred":
        req = review_services.refer_to_committee(
            actor=auditor,
            req=req,
            reason="광안대교는 부산의 대표 경관으로 시민 다수와 인근 주민에게 영향이 커 적극행정위원회의 심의가 필요합니다.",
        )
    if depth >= 5:
        req = review_services.issue_opinion(actor=auditor, req=req, conclusion=plan.conclusion, reasons=plan.reasons)
    if depth >= 6:
        req = request_services.report_implementation(
            actor=requester, req=req, followed=plan.followed, acted_on=timezone.localdate(), note=plan.implementation
        )
    if plan.publication is not None:
        title, question, answer = plan.publication
        publication_services.save_publication(actor=auditor, req=req, title=title, question=question, answer=answer)
        publication_services.publish(actor=auditor, req=req, masking_confirmed=True)
    return req


def _backdate(req: ConsultingRequest, plan: Plan) -> None:
    """Move the request's dates back by ``plan.age`` days (the services stamped today), then set the due date."""
    days = datetime.timedelta(days=plan.age)
    if plan.age:
        ConsultingRequest.objects.filter(pk=req.pk).update(
            sent_on=F("sent_on") - days,
            submitted_on=F("submitted_on") - days,
            screened_on=F("screened_on") - days,
            received_on=F("received_on") - days,
            paused_on=F("paused_on") - datetime.timedelta(days=min(plan.age, 5)),
        )
        Event.objects.filter(request=req).update(on=F("on") - days)
        half = datetime.timedelta(days=max(plan.age // 3, 1))
        Opinion.objects.filter(request=req).update(issued_on=F("issued_on") - half)
        Implementation.objects.filter(request=req).update(
            acted_on=F("acted_on") - half, reported_on=F("reported_on") - half
        )
        Publication.objects.filter(request=req).update(published_on=F("published_on") - half)
        JointReview.objects.filter(request=req).update(held_on=F("held_on") - datetime.timedelta(days=3))
        Escalation.objects.filter(request=req).update(sent_on=F("sent_on") - datetime.timedelta(days=5))
        Referral.objects.filter(request=req).update(referred_on=F("referred_on") - datetime.timedelta(days=5))
    req.refresh_from_db()
    if req.received_on is None:
        return
    settings = current_settings()
    today = timezone.localdate()
    if plan.due_in is not None:
        due = (
            deadlines.add_days(today, plan.due_in, business=settings.business_days)
            if plan.due_in >= 0
            else _business_days_before(today, -plan.due_in)
        )
    else:
        due = deadlines.add_days(req.received_on, settings.review_days, business=settings.business_days)
    ConsultingRequest.objects.filter(pk=req.pk).update(due_on=due)
    DeadlineChange.objects.filter(request=req).delete()


def _business_days_before(day: datetime.date, count: int) -> datetime.date:
    while count:
        day -= datetime.timedelta(days=1)
        if deadlines.is_business_day(day):
            count -= 1
    return day


def write_consulting_demo() -> int:
    """Write the demo's pre-consulting requests if there are none yet; returns how many were written."""
    if ConsultingRequest.objects.exists():
        return 0
    official, depthead, auditor = _user("official"), _user("depthead"), _user("auditor")
    if official is None or auditor is None:
        return 0
    written = 0
    with transaction.atomic():
        for plan in PLANS:
            requester: User | None
            if plan.unit == "official":
                requester, head = official, depthead
            else:
                unit = _unit(plan.unit)
                requester = (
                    unit_head_account(
                        unit,
                        username=f"consult.{unit.code}",
                        starts_on=timezone.localdate() - datetime.timedelta(days=400),
                        note="demo (pre-consulting requester)",
                    )
                    if unit is not None
                    else None
                )
                head = requester
            if requester is None:
                continue
            req = _walk(plan, requester, head, auditor)
            _backdate(req, plan)
            written += 1
    return written
