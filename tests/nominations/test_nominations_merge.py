"""Merging the same achievement nominated twice, and clearing a wrong duplicate flag."""

import pytest
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.nominations.enums import NominationState
from proactive.nominations.models import Nomination
from proactive.nominations.services import nominations as services
from proactive.notifications.models import Notification
from tests.conftest import login_verified, make_staff
from tests.factories.documents import DocumentFactory
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_nominations_support import (  # noqa: F401  (_kinds is an autouse fixture)
    _kinds,
    nomination,
    secretariat,
)

pytestmark = pytest.mark.django_db
S = NominationState


def pair():
    kept = nomination(state=S.VERIFIED, members=1)
    dup = nomination(state=S.SUBMITTED, selection_round=kept.round, members=2, title=kept.title)
    dup.duplicate_of = kept
    dup.save()
    return kept, dup


def test_merging_moves_missing_members_and_evidence_and_closes_the_duplicate():
    kept, dup = pair()
    shared = kept.members.first().official
    dup.members.create(official=shared, contribution=10)  # already on the kept team: not added twice
    doc = DocumentFactory()
    dup.evidence.add(doc)
    services.merge_nomination(actor=secretariat(), nomination=dup, into=kept, reason="같은 실적")
    dup.refresh_from_db()
    assert dup.state == S.MERGED
    assert dup.duplicate_of_id == kept.pk
    assert dup.decision_reason == "같은 실적"
    assert kept.members.count() == 3
    assert list(kept.evidence.all()) == [doc]
    assert AuditEvent.objects.filter(verb="nominations.merged", target_id=str(dup.pk)).exists()
    assert AuditEvent.objects.filter(verb="nominations.merged_in", target_id=str(kept.pk)).exists()
    told = set(Notification.objects.filter(kind=services.KIND_MERGED).values_list("recipient_id", flat=True))
    assert {dup.nominated_by_id, kept.nominated_by_id} <= told


def test_a_merged_nomination_cannot_change_any_more():
    kept, dup = pair()
    services.merge_nomination(actor=secretariat(), nomination=dup, into=kept)
    with pytest.raises(DomainError):
        services.verify_nomination(actor=secretariat(), nomination=dup)


@pytest.mark.parametrize("case", ["self", "other_round", "withdrawn", "none"])
def test_merge_targets_are_checked(case):
    kept, dup = pair()
    if case == "self":
        into = dup
    elif case == "other_round":
        into = nomination(state=S.SUBMITTED, selection_round=SelectionRoundFactory(year=2030))
    elif case == "withdrawn":
        into = nomination(state=S.WITHDRAWN, selection_round=kept.round)
    else:
        into = None
    with pytest.raises(DomainError):
        services.transition_nomination(dup, to=S.MERGED, actor=secretariat(), into=into)
    dup.refresh_from_db()
    assert dup.state == S.SUBMITTED


def test_only_the_secretariat_merges():
    kept, dup = pair()
    with pytest.raises(PermissionDeniedError):
        services.merge_nomination(actor=dup.nominated_by, nomination=dup, into=kept)


def test_dismissing_the_flag_clears_it_and_is_audited():
    kept, dup = pair()
    services.dismiss_duplicate_flag(actor=secretariat(), nomination=dup)
    dup.refresh_from_db()
    assert dup.duplicate_of_id is None
    assert AuditEvent.objects.filter(verb="nominations.duplicate_dismissed").exists()
    with pytest.raises(DomainError):
        services.dismiss_duplicate_flag(actor=secretariat(), nomination=dup)


def test_merge_page_merges_and_keeps_input_on_error(client):
    kept, dup = pair()
    login_verified(client, secretariat())
    url = reverse("nominations:nomination-merge", args=[dup.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert kept.title in page.content.decode()
    bad = client.post(url, {"into": dup.pk, "reason": "메모 보존"})
    assert bad.status_code == 400
    assert "메모 보존" in bad.content.decode()
    done = client.post(url, {"into": kept.pk, "reason": ""})
    assert done.status_code == 302
    assert Nomination.objects.get(pk=dup.pk).state == S.MERGED


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.COMMITTEE_CHAIR, Role.HR_OFFICER])
def test_merge_pages_are_denied_to_others(client, role):
    kept, dup = pair()
    login_verified(client, make_staff(role))
    assert client.get(reverse("nominations:nomination-merge", args=[dup.pk])).status_code in (403, 404)
    response = client.post(reverse("nominations:nomination-not-duplicate", args=[dup.pk]))
    assert response.status_code in (403, 404)
    dup.refresh_from_db()
    assert dup.duplicate_of_id == kept.pk


def test_the_nominator_cannot_merge(client):
    kept, dup = pair()
    client.force_login(dup.nominated_by)
    assert client.get(reverse("nominations:nomination-merge", args=[dup.pk])).status_code == 403


def test_not_duplicate_button_clears_the_flag(client):
    kept, dup = pair()
    login_verified(client, secretariat())
    response = client.post(reverse("nominations:nomination-not-duplicate", args=[dup.pk]))
    assert response.status_code == 302
    dup.refresh_from_db()
    assert dup.duplicate_of_id is None
