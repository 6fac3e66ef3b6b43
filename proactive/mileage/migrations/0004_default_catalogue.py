"""The default mileage catalogue: the activities that earn (or take) points and the rewards points buy.

Busan has not published its point table (DOMAIN.md §4.5 [N]); the values follow the reference designs there and
the secretariat changes them on the catalogue screen (a change adds a version of the terms, never edits one):

* 1–3 points per activity: the MPM standard ("1–3 points per activity type") [DOMAIN §4.5, F S42] for proactive
  work, regulatory improvement and collaboration across departments (신안군's and 중랑구's items).
* 1–2 points for using the committee-opinion (의견제시) and pre-consulting (사전컨설팅) routes: smaller, as an
  incentive to use the schemes rather than a reward for results (부산 동구 gives extra points for using them;
  신안군 lists pre-consulting) [F S43]. 1 point for submitting a best-practice case, 1–2 for a citizen's
  recommendation (신안군, 부산 북구) [F S43].
* 10 points when a case is selected as a best practice: the MPM "bonus when selected" has no published figure;
  10 is the top of 서울 중구's 1–10 range [F S43]. Posted automatically by the selection round to each member in
  full (no team split; the secretariat may switch splitting on, and the round then passes each contribution).
* −5 when passive administration is upheld: the MPM figure [F S42]; posted automatically by the reporting centre,
  never split, and never taking an official below zero (the ledger takes at most what is there).
* Rewards at the policy's value of a point (default 1,000원): 동백전 credits of 10,000–100,000원 and mobile
  coupons in price bands of 10,000, 30,000 and 50,000원 (부산 북구: vouchers of 20–100k; 안성: 30–100k), and
  1 day of reward leave per 50 points (울산 북구) [F S43].

Versions start on 2023-01-01, the year Busan piloted mileage [F S23], so work done since then finds its terms.
Reversible: going back removes what this migration added, except what is already in use (a claim, an entry or a
redemption refers to it), which stays so that no history is lost.
"""

import datetime

from django.db import migrations

VALID_FROM = datetime.date(2023, 1, 1)
DEFAULT_WON_PER_POINT = 1000

# code, name, English name, description, points at least, at most, evidence required, team split, automatic
ACTIVITIES = [
    (
        "proactive-work",
        "적극행정 실천",
        "Proactive work",
        "관행에서 벗어나 창의적이고 적극적으로 업무를 처리해 성과를 낸 경우",
        1,
        3,
        "업무 처리 내역과 결과를 보여 주는 자료(공문, 보고서, 민원 회신 등)",
        True,
        False,
    ),
    (
        "best-practice-submitted",
        "적극행정 우수사례 제출",
        "Best-practice case submitted",
        "적극행정 우수사례를 발굴해 제출(추천)한 경우",
        1,
        1,
        "제출한 우수사례 또는 추천서",
        True,
        False,
    ),
    (
        "best-practice-selected",
        "적극행정 우수사례 선정",
        "Selected as a best practice",
        "선발 회차에서 적극행정 우수사례로 선정된 경우(선정 결과에 따라 자동 부여)",
        10,
        10,
        "선정 결과(자동 반영, 별도 증빙 불필요)",
        False,
        True,
    ),
    (
        "committee-opinion",
        "적극행정위원회 의견제시 활용",
        "Used the committee-opinion route",
        "적극행정위원회에 의견제시를 요청하고 그 의견에 따라 업무를 처리한 경우",
        1,
        2,
        "의견제시 요청서와 위원회 의견",
        True,
        False,
    ),
    (
        "pre-consulting",
        "사전컨설팅 감사 활용",
        "Used pre-consulting",
        "사전컨설팅 감사를 신청하고 그 의견에 따라 업무를 처리한 경우",
        1,
        2,
        "사전컨설팅 신청서와 의견서",
        True,
        False,
    ),
    (
        "regulation-improved",
        "규제·제도 개선",
        "Regulation improved",
        "불합리한 규제나 제도, 관행을 찾아 개선한 경우",
        1,
        3,
        "개선 전후 비교와 근거(개정 규정, 공문 등)",
        True,
        False,
    ),
    (
        "cross-department-collaboration",
        "부서 간 협업",
        "Collaboration across departments",
        "여러 부서가 협업해 현안을 해결한 경우(기여도에 따라 나눔)",
        1,
        3,
        "협업한 부서와 각자의 역할, 결과",
        True,
        False,
    ),
    (
        "citizen-recommended",
        "국민추천",
        "Recommended by citizens",
        "시민이 적극행정 공무원으로 추천한 경우",
        1,
        2,
        "추천 내용",
        True,
        False,
    ),
    (
        "passive-administration-upheld",
        "소극행정 확인(감점)",
        "Passive administration upheld (deduction)",
        "소극행정 신고센터에서 소극행정으로 확인된 경우(자동 차감, 잔여 점수 한도)",
        -5,
        -5,
        "소극행정 신고센터의 확인 결과(자동 반영)",
        False,
        True,
    ),
]

# kind, name, English name, points (None: value ÷ value of a point), value in 원 (None: points × value of a
# point), days of leave
REWARDS = [
    ("dongbaek", "동백전 1만원", "Dongbaekjeon 10,000 won", 10, None, 0),
    ("dongbaek", "동백전 3만원", "Dongbaekjeon 30,000 won", 30, None, 0),
    ("dongbaek", "동백전 5만원", "Dongbaekjeon 50,000 won", 50, None, 0),
    ("dongbaek", "동백전 10만원", "Dongbaekjeon 100,000 won", 100, None, 0),
    ("coupon", "모바일 쿠폰 1만원권", "Mobile coupon, 10,000 won band", None, 10_000, 0),
    ("coupon", "모바일 쿠폰 3만원권", "Mobile coupon, 30,000 won band", None, 30_000, 0),
    ("coupon", "모바일 쿠폰 5만원권", "Mobile coupon, 50,000 won band", None, 50_000, 0),
    ("leave", "포상휴가 1일", "Reward leave, 1 day", 50, 0, 1),
]


def _won_per_point(apps) -> int:
    policy = apps.get_model("mileage", "MileagePolicy").objects.order_by("-year").first()
    return policy.won_per_point if policy is not None else DEFAULT_WON_PER_POINT


def add_catalogue(apps, schema_editor):
    ActivityType = apps.get_model("mileage", "ActivityType")
    ActivityRule = apps.get_model("mileage", "ActivityRule")
    RewardOption = apps.get_model("mileage", "RewardOption")
    for order, (code, name, name_en, description, low, high, evidence, split, automatic) in enumerate(
        ACTIVITIES, start=1
    ):
        activity, created = ActivityType.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "description": description, "order": order * 10},
        )
        if created:
            ActivityRule.objects.create(
                activity=activity,
                version=1,
                points_min=low,
                points_max=high,
                evidence_required=evidence,
                team_split=split,
                automatic=automatic,
                valid_from=VALID_FROM,
            )
    rate = _won_per_point(apps)
    for order, (kind, name, name_en, given_points, given_value, days) in enumerate(REWARDS, start=1):
        if RewardOption.objects.filter(kind=kind, name=name).exists():
            continue
        # A coupon band costs its value in points (rounded up); a 동백전 credit is worth its points.
        points = given_points if given_points is not None else max(1, -(-given_value // rate))
        value = given_value if given_value is not None else points * rate
        RewardOption.objects.create(
            kind=kind, name=name, name_en=name_en, points=points, value_won=value, leave_days=days, order=order * 10
        )


def remove_catalogue(apps, schema_editor):
    ActivityType = apps.get_model("mileage", "ActivityType")
    ActivityRule = apps.get_model("mileage", "ActivityRule")
    RewardOption = apps.get_model("mileage", "RewardOption")
    for activity in ActivityType.objects.filter(code__in=[a[0] for a in ACTIVITIES]):
        rules = ActivityRule.objects.filter(activity=activity)
        if rules.filter(entries__isnull=False).exists() or rules.filter(claims__isnull=False).exists():
            continue  # in use: keeping it keeps the history meaningful
        rules.delete()
        activity.delete()
    for kind, name, *_rest in REWARDS:
        RewardOption.objects.filter(kind=kind, name=name, redemptions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("mileage", "0003_redemption_handling_and_appeal_ground")]

    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
