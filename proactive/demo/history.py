"""The demo's past rounds, 2019 상반기 … 2024 하반기: closed rounds with verified nominations, shortlists, frozen
stage results and confirmed, graded awards whose totals reproduce Busan's published figures — 407 best
practices found and shared and 114 officials selected (as of July 2025, i.e. up to the 2024 H2 round).

These are historical records, as if the secretariat had imported the programme's past files: the rows are
written directly in bulk (no workflow, no notifications) but each is what the services would have produced —
a frozen configuration snapshot, the working-level, vote and committee stage results, awards ranked by total
with grades proposed by quota (``services.committee.propose_by_quota``) and confirmed with the committee
meeting's decision. The nominations are recorded as entered by the secretariat on the departments' behalf.
Every draw comes from a seeded generator, so the history is the same on every machine. Idempotent: nothing is
written if the 2019 H1 round exists.
"""

import datetime
import random
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from proactive.accounts.enums import OfficialStatus
from proactive.accounts.models import Official, User
from proactive.audit.services import record_event
from proactive.nominations.enums import (
    CaseType,
    Consent,
    Grade,
    NominationState,
    NominatorType,
)
from proactive.nominations.models import (
    Award,
    CommitteeMeeting,
    Criterion,
    GradeRule,
    Nomination,
    NominationMember,
    RoundConfigSnapshot,
    SelectionRound,
    StageResult,
)
from proactive.nominations.queries.committee import FORMULA as TOTAL_FORMULA
from proactive.nominations.queries.committee import TotalRow
from proactive.nominations.services.archive import past_round_fields
from proactive.nominations.services.committee import propose_by_quota
from proactive.nominations.services.rounds import config_data, default_criteria, default_grade_rules
from proactive.nominations.services.vote import FORMULA as VOTE_FORMULA

SEED = "proactive-demo-history"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
FOUR = Decimal("0.0001")
COMMITTEE_MEMBERS = 9
RUBRIC_MAX = Decimal("100")

# (year, half, verified cases, officials selected): 407 cases and 114 officials in all, as Busan published.
ROUNDS: tuple[tuple[int, int, int, int], ...] = (
    (2019, 1, 25, 8),
    (2019, 2, 27, 8),
    (2020, 1, 29, 9),
    (2020, 2, 31, 9),
    (2021, 1, 32, 9),
    (2021, 2, 33, 10),
    (2022, 1, 34, 10),
    (2022, 2, 35, 10),
    (2023, 1, 37, 10),
    (2023, 2, 38, 10),
    (2024, 1, 42, 10),
    (2024, 2, 44, 11),
)
FIRST_YEAR, FIRST_HALF = ROUNDS[0][0], ROUNDS[0][1]

# Case themes: title patterns ({subject}), the subjects they apply to and the story of the case.
THEMES: tuple[dict, ...] = (
    {
        "theme": "규제 개선",
        "subjects": ["공장 증설", "산업단지 입주", "옥외광고물 설치", "식품제조업 등록", "소규모 창업", "농지 전용"],
        "titles": [
            "{subject} 규제 개선으로 기업 부담 해소",
            "불합리한 {subject} 규제 정비",
            "{subject} 절차 간소화로 투자 유치",
            "{subject} 관련 조례 개정으로 시민 불편 해소",
        ],
        "problem": "{subject}에 적용되는 기준이 현실과 맞지 않아 시민과 기업이 불필요한 비용과 시간을 들이고 있었습니다.",
        "action": "관계 법령을 분석하고 상위 기관과 협의해 기준을 고치고, 조례와 지침을 함께 정비했습니다.",
        "outcome": "{subject} 관련 처리 기간과 비용이 크게 줄었고 같은 문제의 재발을 막았습니다.",
        "results": "처리 기간 {a}일 → {b}일, 연간 절감 비용 약 {c}억 원",
        "regulation": True,
    },
    {
        "theme": "민원 처리 기간 단축",
        "subjects": ["건축 인허가", "도로 점용 허가", "개발행위 허가", "영업 신고", "지방세 환급", "주차장 설치 협의"],
        "titles": [
            "{subject} 민원 처리 기간 단축",
            "{subject} 원스톱 처리 체계 구축",
            "관계부서 합동 검토로 {subject} 처리 기간 절반 단축",
            "{subject} 사전 상담제 도입",
        ],
        "problem": "{subject} 민원이 여러 부서를 거치며 서류 보완이 반복되어 처리가 늦어졌습니다.",
        "action": "관계부서 합동 검토 회의를 정례화하고 구비서류를 통합해 한 번에 처리하도록 바꾸었습니다.",
        "outcome": "{subject} 민원의 평균 처리 기간이 줄고 보완 요구가 크게 감소했습니다.",
        "results": "평균 처리 기간 {a}일 → {b}일, 보완 요구 {c}% 감소",
        "regulation": False,
    },
    {
        "theme": "항만·물류",
        "subjects": [
            "북항 재개발 부지",
            "신항 배후단지",
            "감천항 물류창고",
            "컨테이너 야적장",
            "항만 진입도로",
            "냉동 물류센터",
        ],
        "titles": [
            "{subject} 물류 흐름 개선",
            "{subject} 입주 기업 애로 해소",
            "{subject} 교통 혼잡 해소 대책 추진",
            "관계기관 협업으로 {subject} 활용도 제고",
        ],
        "problem": "{subject} 주변의 물류 처리 지연과 화물차 정체로 기업과 주민의 불편이 컸습니다.",
        "action": "항만공사·세관 등 관계기관과 협의체를 꾸려 운영 시간과 동선을 조정하고 제도 개선을 건의했습니다.",
        "outcome": "{subject}의 처리 물량이 늘고 대기 시간이 줄었습니다.",
        "results": "화물차 대기 시간 {c}% 감소, 처리 물량 연 {a}만 TEU 증가",
        "regulation": False,
    },
    {
        "theme": "복지 사각지대 발굴",
        "subjects": [
            "고독사 위험 1인 가구",
            "위기 청년",
            "돌봄 공백 노인",
            "주거 취약 가구",
            "한부모 가정",
            "장애인 가구",
        ],
        "titles": [
            "{subject} 발굴·지원 체계 구축",
            "빅데이터로 찾아낸 {subject} 맞춤 지원",
            "{subject} 안부 확인 서비스 도입",
            "민관 협력으로 {subject} 복지 사각지대 해소",
        ],
        "problem": "{subject}가 지원 제도를 알지 못하거나 신청하지 못해 도움을 받지 못하고 있었습니다.",
        "action": "단전·단수 등 위기 정보를 연계해 대상자를 찾고, 통장·복지관과 함께 방문 상담과 지원을 연결했습니다.",
        "outcome": "그동안 드러나지 않았던 {subject}를 찾아 필요한 지원을 받게 했습니다.",
        "results": "발굴 {a}가구, 지원 연계 {b}건",
        "regulation": False,
    },
    {
        "theme": "재난 안전",
        "subjects": [
            "침수 취약 지하차도",
            "급경사지",
            "노후 공동주택",
            "해안가 월파 구간",
            "전통시장 화재",
            "폭염 취약 지역",
        ],
        "titles": [
            "{subject} 재난 예방 체계 구축",
            "{subject} 선제 대응으로 인명 피해 예방",
            "{subject} 실시간 감시 시스템 도입",
            "{subject} 안전 점검 방식 개선",
        ],
        "problem": "{subject}에 대한 예방 조치가 부족해 재난 때마다 피해가 반복될 우려가 있었습니다.",
        "action": "위험 구간을 전수 조사하고 감지 장비와 자동 통제 설비를 설치해 현장 대응 매뉴얼을 새로 만들었습니다.",
        "outcome": "{subject}의 위험 요인을 미리 관리해 재난 피해를 막았습니다.",
        "results": "점검 대상 {a}곳, 위험 요인 {b}건 해소",
        "regulation": False,
    },
    {
        "theme": "일자리·창업",
        "subjects": ["청년 창업기업", "소상공인", "경력단절 여성", "중장년 재취업자", "사회적기업", "스타트업"],
        "titles": [
            "{subject} 맞춤형 지원으로 일자리 창출",
            "{subject} 판로 개척 지원",
            "{subject} 자금 지원 절차 개선",
            "{subject} 성장 지원 플랫폼 구축",
        ],
        "problem": "{subject}가 복잡한 지원 절차와 정보 부족으로 필요한 지원을 제때 받지 못했습니다.",
        "action": "흩어진 지원 사업을 한곳에서 안내하고 심사 서류를 줄였으며 전문가 멘토링을 연계했습니다.",
        "outcome": "{subject}의 지원 신청과 매출이 늘고 새 일자리가 생겼습니다.",
        "results": "지원 {a}개사, 신규 일자리 {b}개",
        "regulation": False,
    },
    {
        "theme": "교통",
        "subjects": ["시내버스 노선", "어린이 보호구역", "교차로 신호 체계", "공영주차장", "자전거 도로", "마을버스"],
        "titles": [
            "{subject} 개선으로 시민 이동 편의 향상",
            "데이터 분석으로 {subject} 최적화",
            "{subject} 안전 개선 사업 추진",
            "주민 참여로 {subject} 문제 해결",
        ],
        "problem": "{subject} 때문에 정체와 사고 위험이 커지고 시민 민원이 이어졌습니다.",
        "action": "교통량 자료를 분석해 개선안을 만들고 경찰·운수업체와 협의해 현장에 적용했습니다.",
        "outcome": "{subject} 주변의 통행 시간과 사고가 줄었습니다.",
        "results": "통행 시간 {c}% 단축, 교통사고 {b}건 감소",
        "regulation": False,
    },
    {
        "theme": "환경",
        "subjects": ["미세먼지 배출 사업장", "하천 수질", "폐플라스틱", "악취 민원 지역", "도심 열섬", "해양 쓰레기"],
        "titles": [
            "{subject} 관리 방식 혁신",
            "민관 협력으로 {subject} 문제 해결",
            "{subject} 저감 사업 추진",
            "{subject} 감시 체계 개선",
        ],
        "problem": "{subject} 문제로 주민 건강과 생활 환경에 대한 걱정이 커지고 있었습니다.",
        "action": "측정 장비와 현장 점검을 늘리고 기업·주민과 협약을 맺어 저감 대책을 함께 실행했습니다.",
        "outcome": "{subject} 관련 지표가 좋아지고 민원이 줄었습니다.",
        "results": "관련 민원 {c}% 감소, 개선 지점 {a}곳",
        "regulation": False,
    },
    {
        "theme": "세정",
        "subjects": ["체납 지방세", "지방세 감면", "자동차세 환급", "취득세 신고", "주민세 부과", "과오납 세금"],
        "titles": [
            "{subject} 업무 개선으로 세수 확보",
            "{subject} 안내 방식 개선",
            "시민 눈높이에 맞춘 {subject} 처리",
            "{subject} 전산 자동화",
        ],
        "problem": "{subject} 처리 과정이 복잡해 납세자의 불편과 행정 낭비가 있었습니다.",
        "action": "관련 자료를 전산으로 연계하고 안내문을 알기 쉽게 바꾸어 납세자가 한 번에 처리하도록 했습니다.",
        "outcome": "{subject} 처리가 빨라지고 납세자 만족도가 높아졌습니다.",
        "results": "처리 건수 {a}건, 징수·환급액 {c}억 원",
        "regulation": False,
    },
    {
        "theme": "디지털 행정",
        "subjects": [
            "민원 상담 챗봇",
            "모바일 전자고지",
            "공공데이터 개방",
            "비대면 민원 창구",
            "스마트 검침",
            "전자 결재 서식",
        ],
        "titles": [
            "{subject} 도입으로 행정 효율 향상",
            "{subject} 구축으로 시민 편의 제고",
            "{subject}을 활용한 업무 혁신",
            "직원 아이디어로 만든 {subject}",
        ],
        "problem": "종이와 방문 중심의 업무 처리로 시민과 직원 모두 시간이 많이 들었습니다.",
        "action": "{subject}을 직접 기획·구축하고 관련 부서와 시범 운영을 거쳐 전면 도입했습니다.",
        "outcome": "방문과 종이 서류가 줄고 처리 시간이 단축되었습니다.",
        "results": "이용 {a}만 건, 처리 시간 {c}% 단축",
        "regulation": False,
    },
    {
        "theme": "관광·문화",
        "subjects": [
            "해수욕장 운영",
            "원도심 골목 관광",
            "지역 축제",
            "야간 관광 명소",
            "공공 도서관",
            "생활 체육 시설",
        ],
        "titles": [
            "{subject} 혁신으로 방문객 증가",
            "{subject} 운영 방식 개선",
            "주민과 함께 만든 {subject}",
            "{subject} 활성화 사업 추진",
        ],
        "problem": "{subject}의 이용이 적고 운영 방식이 오래되어 활용도가 낮았습니다.",
        "action": "이용자 의견을 모아 운영 시간과 프로그램을 바꾸고 지역 상인·단체와 협력했습니다.",
        "outcome": "{subject}의 이용객이 늘고 지역 상권이 살아났습니다.",
        "results": "방문객 {c}% 증가, 지역 매출 {a}억 원 증가",
        "regulation": False,
    },
    {
        "theme": "예산 절감",
        "subjects": ["공공시설 에너지", "청사 관리", "도로 보수", "공용차량 운영", "위탁 사업", "하수 처리"],
        "titles": [
            "{subject} 비용 절감",
            "{subject} 방식 개선으로 예산 절감",
            "{subject} 관리 체계 효율화",
            "신기술 적용으로 {subject} 비용 절감",
        ],
        "problem": "{subject}에 관행적으로 많은 예산이 쓰이고 있었습니다.",
        "action": "비용 구조를 분석해 신기술과 공동 구매를 적용하고 계약 방식을 바꾸었습니다.",
        "outcome": "{subject} 비용을 줄이면서 서비스 품질은 유지했습니다.",
        "results": "연간 예산 {c}억 원 절감",
        "regulation": False,
    },
)

GENERIC_TITLES = ("현장 중심의 {subject} 문제 해결", "{subject} 분야 적극행정 추진")
MEMBER_ROLES = ("총괄", "실무 추진", "협업·지원")


@dataclass
class _Case:
    nomination: Nomination
    lead: Official
    team: list[Official]


def _seoul(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SEOUL)


def _round_row(year: int, half: int) -> SelectionRound:
    """A past round on Busan's calendar (``nominations.services.archive.past_round_fields``)."""
    shortlist = 15 if year < 2021 else 20
    return SelectionRound(
        **past_round_fields(year, half),
        summary=f"{year}년 {'상' if half == 1 else '하'}반기 실적을 대상으로 적극행정 우수사례와 도전사례를 추천받았습니다.",
        shortlist_size=shortlist,
        picks_per_ballot=10 if shortlist == 20 else 7,
    )


def _quotas(year: int, cases: int) -> dict[str, int]:
    """Grades of the round's awarded cases: 최우수 1–3, 도전 1 from 2021 on, the rest 우수 then 장려."""
    top = 1 if year < 2021 else 2 if year < 2023 else 3
    challenge = 1 if year >= 2021 else 0
    rest = cases - top - challenge
    excellent = (rest * 3 + 4) // 5
    return {
        Grade.TOP: top,
        Grade.EXCELLENT: excellent,
        Grade.ENCOURAGEMENT: rest - excellent,
        Grade.CHALLENGE: challenge,
    }


def _case_text(rng: random.Random, titles: list[tuple[dict, str, str]]) -> dict[str, Any]:
    if not titles:  # every combination used: later rounds may repeat an earlier title
        titles.extend(_all_titles(rng))
    theme, pattern, subject = titles.pop()
    a, b = rng.randint(12, 90), rng.randint(2, 11)
    values = {"subject": subject, "a": a, "b": b, "c": rng.randint(12, 65)}
    return {
        "title": pattern.format(**values),
        "summary": f"{theme['problem'].format(**values)} {theme['outcome'].format(**values)}",
        "problem": theme["problem"].format(**values),
        "action": theme["action"].format(**values),
        "outcome": theme["outcome"].format(**values),
        "quantified_results": theme["results"].format(**values),
        "regulation_improved": theme["regulation"],
        "regulation_detail": f"{subject} 관련 기준과 절차를 개정했습니다." if theme["regulation"] else "",
    }


def _all_titles(rng: random.Random) -> list[tuple[dict, str, str]]:
    patterns = lambda t: [*t["titles"], *GENERIC_TITLES]  # noqa: E731
    combos = [(t, pattern, subject) for t in THEMES for pattern in patterns(t) for subject in t["subjects"]]
    rng.shuffle(combos)
    return combos


def _team_sizes(cases: int, officials: int, rng: random.Random) -> list[int]:
    """How many officials each awarded case has (best ranks first), adding up to ``officials``."""
    sizes = [1] * cases
    extra = officials - cases
    order = list(range(cases))
    while extra > 0:
        for index in order:
            if extra == 0:
                break
            if sizes[index] < 3 and rng.random() < 0.6:
                sizes[index] += 1
                extra -= 1
    return sizes


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(FOUR, rounding=ROUND_HALF_UP)


@transaction.atomic
def write_history() -> int:
    """Create the closed rounds 2019 H1 … 2024 H2 with their cases and results unless 2019 H1 exists.

    Returns the number of nominations written (0 when the history was already there). Needs the demo's org
    chart (officials) and the ``secretariat`` account (the history is recorded as entered by the secretariat).
    Side effects: one audit event ``nominations.history_recorded`` per round.
    """
    if SelectionRound.objects.filter(year=FIRST_YEAR, half=FIRST_HALF).exists():
        return 0
    secretariat = User.objects.get(username="secretariat")
    chair = User.objects.filter(username="chair").first()
    rng = random.Random(SEED)
    pool = list(
        Official.objects.filter(status=OfficialStatus.ACTIVE, grade__gte=5, grade__lte=8)
        .select_related("unit")
        .order_by("employee_no")
    )
    by_unit: dict[int, list[Official]] = defaultdict(list)
    for person in pool:
        by_unit[person.unit_id].append(person)
    winners_used: set[int] = set()
    titles = _all_titles(rng)
    written = 0
    for year, half, verified, officials in ROUNDS:
        written += _write_round(
            rng, year, half, verified, officials, pool, by_unit, winners_used, titles, secretariat, chair
        )
    return written


def _pick_team(
    rng: random.Random, size: int, pool: list[Official], by_unit: dict[int, list[Official]], exclude: set[int]
) -> list[Official]:
    """A lead official and teammates from the same unit where possible, none of them in ``exclude``."""
    lead = rng.choice([p for p in pool if p.pk not in exclude]) if exclude else rng.choice(pool)
    team = [lead]
    colleagues = [p for p in by_unit[lead.unit_id] if p.pk not in exclude and p.pk != lead.pk]
    rng.shuffle(colleagues)
    while len(team) < size:
        if colleagues:
            team.append(colleagues.pop())
            continue
        taken = exclude | {p.pk for p in team}
        team.append(rng.choice([p for p in pool if p.pk not in taken]))
    return team


def _write_round(
    rng: random.Random,
    year: int,
    half: int,
    verified: int,
    officials: int,
    pool: list[Official],
    by_unit: dict[int, list[Official]],
    winners_used: set[int],
    titles: list[tuple[dict, str, str]],
    secretariat: User,
    chair: User | None,
) -> int:
    rnd = _round_row(year, half)
    rnd.save()
    Criterion.objects.bulk_create(
        Criterion(round=rnd, **{**c, "guidance": str(c["guidance"])}) for c in default_criteria()
    )
    awarded = officials - officials // 4  # about three officials for every four cases: some teams of two or three
    quotas = _quotas(year, awarded)
    rules = default_grade_rules()
    GradeRule.objects.bulk_create(
        GradeRule(
            round=rnd,
            grade=r["grade"],
            quota=quotas[r["grade"]],
            prize_money=r["prize_money"],
            benefits=[str(b) for b in r["benefits"]],
        )
        for r in rules
    )
    RoundConfigSnapshot.objects.create(round=rnd, version=1, data=config_data(rnd), created_by=None)

    # Verified cases, plus a few rejected and withdrawn ones that never count.
    rejected, withdrawn = rng.randint(2, 5), rng.randint(0, 2)
    states = [NominationState.VERIFIED] * verified + [NominationState.REJECTED] * rejected
    states += [NominationState.WITHDRAWN] * withdrawn
    window = rnd.nominations_close_at - rnd.nominations_open_at
    nominations = []
    for state in states:
        text = _case_text(rng, titles)
        submitted = rnd.nominations_open_at + window * rng.random()
        is_challenge = rng.random() < 0.12
        period_from = rnd.results_from + datetime.timedelta(days=rng.randint(0, 60))
        nominations.append(
            Nomination(
                round=rnd,
                case_type=CaseType.CHALLENGE if is_challenge else CaseType.BEST_PRACTICE,
                state=state,
                period_from=period_from,
                period_to=rnd.results_to - datetime.timedelta(days=rng.randint(0, 60)),
                nominator_type=NominatorType.DEPARTMENT,
                nominated_by=secretariat,
                submitted_at=submitted,
                decision_reason=(
                    "추천 기간 이전의 실적이어서 심사 대상이 아닙니다." if state == NominationState.REJECTED else ""
                ),
                **text,
            )
        )
    # The best-scoring verified cases are shortlisted; awarded teams are chosen first so winners stay distinct.
    verified_rows = [n for n in nominations if n.state == NominationState.VERIFIED]
    working = {id(n): _quantize(Decimal(rng.uniform(5.5, 10))) for n in verified_rows}
    verified_rows.sort(key=lambda n: -working[id(n)])
    shortlisted = verified_rows[: rnd.shortlist_size]
    committee_mean = {id(n): _quantize(Decimal(rng.uniform(55, 96))) for n in shortlisted}
    votes = {id(n): rng.randint(120, 2600) for n in shortlisted}
    max_votes = max(votes.values())
    ballots = round(max_votes * rng.uniform(1.6, 2.4))
    for n in shortlisted:
        n.shortlisted = True

    # Teams: decided after ranking, so the awarded cases get distinct, first-time winners.
    def total_of(n: Nomination) -> Decimal:
        vote = _quantize(Decimal(votes[id(n)]) / Decimal(max_votes) * rnd.weight_vote)
        committee = _quantize(committee_mean[id(n)] / RUBRIC_MAX * rnd.weight_committee)
        return working[id(n)] + vote + committee

    ranked = sorted(
        shortlisted,
        key=lambda n: (-total_of(n), -committee_mean[id(n)], -working[id(n)], -votes[id(n)], n.submitted_at),
    )
    # Grades follow propose_by_quota: make sure a challenge case can take the challenge award when there is one.
    cases: list[_Case] = []
    sizes = _team_sizes(awarded, officials, rng)
    expected_winners = {id(n) for n in ranked[: awarded - quotas[Grade.CHALLENGE]]}
    challenge_left = [n for n in ranked if id(n) not in expected_winners and n.case_type == CaseType.CHALLENGE]
    if quotas[Grade.CHALLENGE]:
        if challenge_left:
            expected_winners.add(id(challenge_left[0]))
        else:
            expected_winners.add(id(ranked[awarded - 1]))
    winner_order = [n for n in ranked if id(n) in expected_winners]
    size_of = {id(n): sizes[i] for i, n in enumerate(winner_order)}
    for n in nominations:
        if id(n) in size_of:
            team = _pick_team(rng, size_of[id(n)], pool, by_unit, winners_used)
            winners_used.update(p.pk for p in team)
        else:
            team = _pick_team(rng, rng.choice((1, 1, 2, 2, 3)), pool, by_unit, set())
        n.nominating_unit = team[0].unit
        cases.append(_Case(nomination=n, lead=team[0], team=team))
    Nomination.objects.bulk_create(nominations)
    if any(n.pk is None for n in nominations):  # back ends that return no ids from bulk inserts: insertion order
        for n, pk in zip(
            nominations, Nomination.objects.filter(round=rnd).order_by("pk").values_list("pk", flat=True), strict=True
        ):
            n.pk = pk

    members = []
    for case in cases:
        shares = [100 // len(case.team)] * len(case.team)
        shares[0] += 100 - sum(shares)
        won = id(case.nomination) in expected_winners
        for index, (person, share) in enumerate(zip(case.team, shares, strict=True)):
            members.append(
                NominationMember(
                    nomination=case.nomination,
                    official=person,
                    role=MEMBER_ROLES[min(index, 2)],
                    contribution=share,
                    consent=Consent.GIVEN if won or rng.random() < 0.8 else Consent.PENDING,
                    consent_at=case.nomination.submitted_at if won else None,
                )
            )
    NominationMember.objects.bulk_create(members)
    StageResult.objects.bulk_create(
        StageResult(
            nomination=n,
            stage="working",
            raw=_quantize(working[id(n)] / rnd.weight_working * RUBRIC_MAX),
            points=working[id(n)],
            rank=position,
            detail={"reviewers": 3, "rubric_max": str(RUBRIC_MAX), "weight": str(rnd.weight_working)},
            confirmed_by=secretariat,
        )
        for position, n in enumerate(verified_rows, start=1)
    )
    _write_results(rnd, ranked, working, votes, max_votes, ballots, committee_mean, quotas, secretariat, chair)
    record_event(
        actor=secretariat,
        verb="nominations.history_recorded",
        target=rnd,
        data={
            "source": "demo",
            "nominations": len(nominations),
            "verified": verified,
            "awarded": awarded,
            "officials": officials,
        },
    )
    return len(nominations)


def _write_results(
    rnd: SelectionRound,
    ranked: list[Nomination],
    working: dict[int, Decimal],
    votes: dict[int, int],
    max_votes: int,
    ballots: int,
    committee_mean: dict[int, Decimal],
    quotas: dict[str, int],
    secretariat: User,
    chair: User | None,
) -> None:
    """Stage results, awards (graded by ``propose_by_quota``) and the committee meeting with its decision."""
    decided_at = rnd.committee_at + datetime.timedelta(hours=2)
    stage_results = []
    rows = []
    vote_ranks: dict[int, int] = {}
    rank, previous = 0, None
    for position, n in enumerate(sorted(ranked, key=lambda n: (-votes[id(n)], n.pk)), start=1):
        if votes[id(n)] != previous:
            rank, previous = position, votes[id(n)]
        vote_ranks[id(n)] = rank
    for position, n in enumerate(ranked, start=1):
        vote = _quantize(Decimal(votes[id(n)]) / Decimal(max_votes) * rnd.weight_vote)
        committee = _quantize(committee_mean[id(n)] / RUBRIC_MAX * rnd.weight_committee)
        row = TotalRow(
            nomination=n,
            working=working[id(n)],
            vote=vote,
            committee_raw=committee_mean[id(n)],
            committee=committee,
            members=COMMITTEE_MEMBERS,
        )
        row.total = row.working + row.vote + row.committee
        row.rank = position
        row.inputs = {
            "formula": TOTAL_FORMULA,
            "working": str(row.working),
            "vote": str(row.vote),
            "committee_mean": str(committee_mean[id(n)]),
            "committee_rubric_max": str(RUBRIC_MAX),
            "committee_weight": str(rnd.weight_committee),
            "committee": str(committee),
            "members": COMMITTEE_MEMBERS,
            "tie_breaks": list(rnd.tie_breaks),
        }
        rows.append(row)
        stage_results += [
            StageResult(
                nomination=n,
                stage="vote",
                raw=Decimal(votes[id(n)]),
                points=vote,
                rank=vote_ranks[id(n)],
                detail={"votes": votes[id(n)], "ballots": ballots, "max_votes": max_votes, "formula": VOTE_FORMULA},
                confirmed_by=secretariat,
            ),
            StageResult(
                nomination=n,
                stage="committee",
                raw=committee_mean[id(n)],
                points=committee,
                rank=position,
                detail=row.inputs,
                confirmed_by=chair,
            ),
        ]
    proposed = propose_by_quota(rows, quotas)
    Award.objects.bulk_create(
        Award(
            nomination=row.nomination,
            total=row.total,
            rank=row.rank,
            proposed_grade=proposed[row.nomination.pk],
            grade=proposed[row.nomination.pk],
            inputs=row.inputs,
            confirmed_at=decided_at,
        )
        for row in rows
    )
    StageResult.objects.bulk_create(stage_results)
    label = f"{rnd.year}년 {'상' if rnd.half == 1 else '하'}반기"
    CommitteeMeeting.objects.create(
        round=rnd,
        held_at=rnd.committee_at,
        place="시청 회의실 (대면)",
        minutes=f"{label} 적극행정 우수공무원 선발 심사. 위원 {COMMITTEE_MEMBERS}명 참석, 본선 {len(rows)}건 심사.",
        decision=f"{label} 적극행정 우수사례 등급을 원안대로 확정함.",
        decided_at=decided_at,
    )
