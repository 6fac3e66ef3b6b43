"""Factories of the selection domain (shared by the round and the nomination tests)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from proactive.nominations.enums import Benefit, Grade, Half, RoundStatus, ScoredStage
from proactive.nominations.models import Criterion, GradeRule, SelectionRound


def _now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


class SelectionRoundFactory(factory.django.DjangoModelFactory):
    """A published round whose nomination window is open now; every later step lies ahead, in order.

    ``SelectionRoundFactory(status=RoundStatus.DRAFT)`` gives a draft; pass ``nominations_open_at`` etc. to move
    windows. Later dates are derived from ``nominations_open_at``/``nominations_close_at`` unless given.
    """

    class Meta:
        model = SelectionRound

    year = factory.Sequence(lambda n: 2030 + n // 2)
    half = factory.Sequence(lambda n: Half.FIRST if n % 2 == 0 else Half.SECOND)
    status = RoundStatus.PUBLISHED
    summary = "적극행정 우수공무원 선발 공모"
    results_from = factory.LazyAttribute(
        lambda o: datetime.date(o.year, 1, 1) if o.half == 1 else datetime.date(o.year, 7, 1)
    )
    results_to = factory.LazyAttribute(
        lambda o: datetime.date(o.year, 6, 30) if o.half == 1 else datetime.date(o.year, 12, 31)
    )
    nominations_open_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=1))
    nominations_close_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=14))
    verification_end_at = factory.LazyAttribute(lambda o: o.nominations_close_at + datetime.timedelta(days=14))
    working_review_end_at = factory.LazyAttribute(lambda o: o.verification_end_at + datetime.timedelta(days=7))
    vote_start_at = factory.LazyAttribute(lambda o: o.working_review_end_at + datetime.timedelta(days=1))
    vote_end_at = factory.LazyAttribute(lambda o: o.vote_start_at + datetime.timedelta(days=7))
    committee_at = factory.LazyAttribute(lambda o: o.vote_end_at + datetime.timedelta(days=7))
    announce_at = factory.LazyAttribute(lambda o: o.committee_at + datetime.timedelta(days=7))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(SelectionRoundFactory)
    stage = ScoredStage.COMMITTEE
    name = factory.Sequence(lambda n: f"평가항목{n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    max_points = Decimal("25")
    guidance = "평가 안내"
    order = factory.Sequence(lambda n: n)


class GradeRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GradeRule

    round = factory.SubFactory(SelectionRoundFactory)
    grade = Grade.TOP
    quota = 3
    prize_money = 2_000_000
    benefits = factory.LazyFunction(lambda: [Benefit.SPECIAL_PROMOTION.value, Benefit.SPECIAL_STEP.value])
