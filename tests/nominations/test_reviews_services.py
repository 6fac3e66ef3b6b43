from decimal import Decimal

import pytest

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import ScoredStage
from proactive.nominations.models import NominationMember, ReviewAssignment, StageResult
from proactive.nominations.queries.reviews import conflicts_of, waiting_panel, working_ranking
from proactive.nominations.services import reviews as services
from proactive.notifications.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.nominations import CriterionFactory, SelectionRoundFactory
from tests.nominations.test_nominations_support import secretariat
from tests.nominations.test_reviews_support import (  # noqa: F401  (_review_kinds is an autouse fixture)
    Org,
    _review_kinds,
    assign,
    reviewer,
    sheet,
    verified,
    working_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Org()


# --- Conflicts ----------------------------------------------------------------------------------------------


def test_no_conflict_across_bureaus(org):
    nom = verified(working_round(), org.a1)
    assert conflicts_of(reviewer(org.b1), nom) == []


def test_same_department_conflicts(org):
    nom = verified(working_round(), org.a1)
    reasons = conflicts_of(reviewer(org.a1), nom)
    assert any("department" in r or "부서" in r for r in reasons)
    assert reasons


def test_same_bureau_conflicts_even_from_a_team_below(org):
    nom = verified(working_round(), org.a2)
    assert len(conflicts_of(reviewer(org.a1_team), nom)) == 1
    assert conflicts_of(reviewer(org.a1), nom)


def test_same_district_conflicts_without_a_bureau(org):
    nom = verified(working_round(), org.d1)
    assert conflicts_of(reviewer(org.d2), nom)
    assert conflicts_of(reviewer(org.b1), nom) == []


def test_team_member_and_nominator_conflict(org):
    nom = verified(working_round(), org.a1)
    member = reviewer(org.b1)
    NominationMember.objects.create(nomination=nom, official=member.official, contribution=10)
    assert len(conflicts_of(member, nom)) == 1
    assert conflicts_of(nom.nominated_by, nom)


# --- Assignment ---------------------------------------------------------------------------------------------


def test_assign_by_hand_refuses_a_conflicted_reviewer_with_the_reason(org):
    nom = verified(working_round(), org.a1)
    ok, conflicted = reviewer(org.b1), reviewer(org.a2)
    with pytest.raises(DomainError) as exc:
        services.assign_reviewers(actor=secretariat(), nomination=nom, reviewers=[ok, conflicted])
    assert exc.value.code == "conflict"
    assert conflicted.display_name in exc.value.message
    assert not ReviewAssignment.objects.exists()


def test_assign_by_hand_creates_audits_and_notifies(org):
    nom = verified(working_round(), org.a1)
    rev = reviewer(org.b1)
    [assignment] = services.assign_reviewers(actor=secretariat(), nomination=nom, reviewers=[rev])
    assert assignment.stage == ScoredStage.WORKING
    assert AuditEvent.objects.filter(verb="nominations.review_assigned").count() == 1
    assert Notification.objects.filter(recipient=rev, kind=services.KIND_REVIEW_ASSIGNED).exists()
    # Assigning again is harmless.
    assert services.assign_reviewers(actor=secretariat(), nomination=nom, reviewers=[rev]) == []


def test_assign_refuses_non_reviewers_and_non_secretariat(org):
    nom = verified(working_round(), org.a1)
    with pytest.raises(DomainError):
        services.assign_reviewers(actor=secretariat(), nomination=nom, reviewers=[UserFactory()])
    with pytest.raises(PermissionDeniedError):
        services.assign_reviewers(actor=reviewer(), nomination=nom, reviewers=[reviewer(org.b1)])


def test_balanced_assignment_spreads_evenly_and_skips_conflicts(org):
    rnd = working_round()
    noms = [verified(rnd, org.b1) for _ in range(5)]
    reviewers = [reviewer(org.d1) for _ in range(4)] + [reviewer(org.b1)]  # the last conflicts with every case
    result = services.assign_in_bulk(actor=secretariat(), round=rnd, reviewers=reviewers, per_nomination=2)
    assert len(result.created) == 10
    assert result.short == []
    loads = [ReviewAssignment.objects.filter(reviewer=r).count() for r in reviewers]
    assert loads[-1] == 0
    assert sorted(loads[:4]) == [2, 2, 3, 3]
    assert all(ReviewAssignment.objects.filter(nomination=n).count() == 2 for n in noms)
    # Running it again adds nothing.
    again = services.assign_in_bulk(actor=secretariat(), round=rnd, reviewers=reviewers, per_nomination=2)
    assert again.created == []


def test_balanced_assignment_reports_cases_short_of_reviewers(org):
    rnd = working_round()
    nom = verified(rnd, org.a1)
    result = services.assign_in_bulk(actor=secretariat(), round=rnd, reviewers=[reviewer(org.b1)], per_nomination=3)
    assert result.short == [nom]
    assert len(result.created) == 1


# --- Recusal and scores -------------------------------------------------------------------------------------


def test_declare_conflict_recuses_removes_scores_and_audits(org):
    rnd = working_round()
    rev = reviewer(org.b1)
    assignment = assign(verified(rnd, org.a1), rev)
    services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, 40, 30))
    services.declare_conflict(actor=rev, assignment=assignment, reason="가족이 팀원입니다")
    assignment.refresh_from_db()
    assert assignment.recused
    assert assignment.submitted_at is None
    assert not assignment.scores.exists()
    assert AuditEvent.objects.filter(verb="nominations.review_recused").exists()
    with pytest.raises(PermissionDeniedError):
        services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, 40, 30))


def test_declare_conflict_needs_a_reason_and_the_reviewer(org):
    rnd = working_round()
    rev = reviewer(org.b1)
    assignment = assign(verified(rnd, org.a1), rev)
    with pytest.raises(DomainError):
        services.declare_conflict(actor=rev, assignment=assignment, reason="  ")
    with pytest.raises(PermissionDeniedError):
        services.declare_conflict(actor=reviewer(org.b1), assignment=assignment, reason="x")


def test_submit_scores_validates_every_criterion_and_the_maximum(org):
    rnd = working_round()
    rev = reviewer(org.b1)
    assignment = assign(verified(rnd, org.a1), rev)
    full = sheet(rnd, 40, 30)
    first = next(iter(full))
    with pytest.raises(DomainError) as exc:
        services.submit_scores(actor=rev, assignment=assignment, scores={first: full[first]})
    assert exc.value.code == "missing"
    with pytest.raises(DomainError) as exc:
        services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, 51, 30))
    assert exc.value.code == "out_of_range"
    with pytest.raises(DomainError):
        services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, -1, 30))
    assert not assignment.scores.exists()


def test_submit_and_resubmit_scores(org):
    rnd = working_round()
    rev = reviewer(org.b1)
    assignment = assign(verified(rnd, org.a1), rev)
    services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, 40, 30), comment="좋음")
    services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, 45, 30))
    assert sorted(assignment.scores.values_list("points", flat=True)) == [Decimal("30"), Decimal("45")]
    assert AuditEvent.objects.filter(verb="nominations.review_submitted").count() == 2


def test_only_the_assigned_reviewer_scores(org):
    rnd = working_round()
    assignment = assign(verified(rnd, org.a1), reviewer(org.b1))
    with pytest.raises(PermissionDeniedError):
        services.submit_scores(actor=reviewer(org.b1), assignment=assignment, scores=sheet(rnd, 1, 1))


def test_a_reviewer_with_an_org_chart_conflict_cannot_score(org):
    rnd = working_round()
    rev = reviewer(org.a2)  # same bureau as the nominating department
    assignment = assign(verified(rnd, org.a1), rev)
    with pytest.raises(DomainError) as exc:
        services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, 1, 1))
    assert exc.value.code == "conflict"


def test_scores_only_during_verification_or_working_review(org):
    rnd = SelectionRoundFactory()  # nominations still open
    criterion = CriterionFactory(round=rnd, stage=ScoredStage.WORKING, max_points=Decimal("100"))
    rev = reviewer(org.b1)
    assignment = assign(verified(rnd, org.a1), rev)
    with pytest.raises(DomainError) as exc:
        services.submit_scores(actor=rev, assignment=assignment, scores={criterion.pk: (Decimal(5), "")})
    assert exc.value.code == "closed"


# --- Shortlist ----------------------------------------------------------------------------------------------


def _scored_round(org, shortlist_size=2):
    rnd = working_round(shortlist_size=shortlist_size, weight_working=Decimal("10"))
    r1, r2 = reviewer(org.d1), reviewer(org.d2)
    noms = [verified(rnd, org.a1), verified(rnd, org.b1), verified(rnd, org.a2)]
    totals = {noms[0]: [(40, 30), (30, 20)], noms[1]: [(50, 40), (45, 45)], noms[2]: [(10, 10), None]}
    for nom, pairs in totals.items():
        for rev, pair in zip((r1, r2), pairs, strict=True):
            assignment = assign(nom, rev)
            if pair:
                services.submit_scores(actor=rev, assignment=assignment, scores=sheet(rnd, *pair))
    unscored = verified(rnd, org.b1)
    assign(unscored, r1)
    return rnd, noms, unscored


def test_confirm_shortlist_scales_ranks_and_shortlists(org):
    rnd, (n1, n2, n3), unscored = _scored_round(org)
    services.confirm_shortlist(actor=secretariat(), round=rnd)
    results = {r.nomination_id: r for r in StageResult.objects.filter(stage="working")}
    assert set(results) == {n1.pk, n2.pk, n3.pk}
    # n2: totals 90 and 90 → mean 90 → 90/100 × 10 = 9
    assert results[n2.pk].raw == Decimal("90")
    assert results[n2.pk].points == Decimal("9")
    assert results[n2.pk].rank == 1
    # n1: totals 70 and 50 → mean 60 → 6
    assert results[n1.pk].points == Decimal("6")
    assert results[n1.pk].rank == 2
    assert results[n1.pk].detail["reviewers"] == 2
    assert Decimal(next(iter(results[n1.pk].detail["criteria"].values()))) == Decimal("35")
    # n3: one review, total 20 → 2
    assert results[n3.pk].points == Decimal("2")
    assert results[n3.pk].rank == 3
    for nom, expected in ((n1, True), (n2, True), (n3, False), (unscored, False)):
        nom.refresh_from_db()
        assert nom.shortlisted is expected
    rnd.refresh_from_db()
    assert rnd.shortlist_confirmed_at is not None
    assert AuditEvent.objects.filter(verb="nominations.shortlist_confirmed").exists()
    assert Notification.objects.filter(kind=services.KIND_SHORTLISTED).count() == 2
    # The vote's running counts start at zero for the shortlisted cases only.
    from proactive.nominations.models import VOTE_STRIPES, VoteCount

    counts = VoteCount.objects.filter(nomination__round=rnd)
    assert sorted(set(counts.values_list("nomination_id", flat=True))) == sorted([n1.pk, n2.pk])
    assert counts.count() == 2 * VOTE_STRIPES
    assert not counts.filter(votes__gt=0).exists()


def test_confirm_shortlist_twice_is_refused(org):
    rnd, *_ = _scored_round(org)
    services.confirm_shortlist(actor=secretariat(), round=rnd)
    with pytest.raises(DomainError) as exc:
        services.confirm_shortlist(actor=secretariat(), round=rnd)
    assert exc.value.code == "shortlist_confirmed"
    assert StageResult.objects.count() == 3


def test_confirm_needs_reviews_and_the_secretariat(org):
    rnd = working_round()
    with pytest.raises(DomainError):
        services.confirm_shortlist(actor=secretariat(), round=rnd)
    with pytest.raises(PermissionDeniedError):
        services.confirm_shortlist(actor=reviewer(), round=rnd)


def test_scores_cannot_change_after_the_shortlist(org):
    rnd, (n1, *_), _unscored = _scored_round(org)
    services.confirm_shortlist(actor=secretariat(), round=rnd)
    assignment = ReviewAssignment.objects.filter(nomination=n1).first()
    with pytest.raises(DomainError):
        services.submit_scores(actor=assignment.reviewer, assignment=assignment, scores=sheet(rnd, 1, 1))


def test_ranking_preview_matches(org):
    rnd, (n1, n2, n3), _ = _scored_round(org)
    assert [r.nomination for r in working_ranking(rnd)] == [n2, n1, n3]


def test_waiting_panel_counts_unsubmitted(org):
    rnd, _noms, _ = _scored_round(org)
    r1 = ReviewAssignment.objects.filter(nomination__round=rnd).order_by("pk").first().reviewer
    panel = waiting_panel(r1)
    assert panel["count"] == 1
