"""Publishing an answered request anonymised: drafts, the names that block publishing, the confirmation, taking it
down; refusals."""

import pytest

from proactive.accounts.enums import Role
from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.opinions.models import Event
from proactive.opinions.services import publication as services
from tests.conftest import make_staff
from tests.opinions.support import corporation_official, decided, secretariat, submitted

pytestmark = pytest.mark.django_db

CLEAN = {
    "title": "해수욕장 야간 개장",
    "summary": "야간 개장 절차가 불명확한 사안",
    "answer": "기존 신고 범위에서 운영 가능",
}


def test_a_summary_is_saved_then_published_with_confirmation():
    request = decided()
    handler = secretariat()
    publication = services.save_publication(actor=handler, request=request, **CLEAN)
    assert not publication.is_published
    with pytest.raises(DomainError) as refused:
        services.save_publication(actor=handler, request=request, publish=True, **CLEAN)
    assert refused.value.code == "not_confirmed"
    publication = services.save_publication(actor=handler, request=request, publish=True, confirmed=True, **CLEAN)
    assert publication.is_published
    assert publication.published_on is not None
    assert AuditEvent.objects.filter(verb="opinions.published").exists()
    assert Event.objects.filter(request=request, verb="published").exists()


@pytest.mark.parametrize("field", ["title", "summary", "answer"])
def test_the_requesters_and_departments_names_block_publishing(field):
    request = decided()
    for name in (request.requester_name, request.unit_name):
        values = CLEAN | {field: f"{CLEAN[field]} ({name})"}
        with pytest.raises(DomainError) as refused:
            services.save_publication(actor=secretariat(), request=request, publish=True, confirmed=True, **values)
        assert refused.value.code == "names_found"
        assert name in refused.value.message


def test_names_are_found_whatever_the_spacing():
    request = decided()
    spaced = " ".join(request.unit_name)
    with pytest.raises(DomainError):
        services.save_publication(
            actor=secretariat(), request=request, publish=True, confirmed=True, **(CLEAN | {"answer": spaced})
        )


def test_a_public_enterprises_name_identifies_its_staff():
    request = decided(corporation_official())
    assert "부산교통공사" in services.identifying_names(request)
    with pytest.raises(DomainError):
        services.save_publication(
            actor=secretariat(),
            request=request,
            publish=True,
            confirmed=True,
            **(CLEAN | {"summary": "부산교통공사 역사 내"}),
        )


def test_hints_point_at_fragments_that_often_identify():
    hints = services.anonymisation_hints("담당 박정민 주무관(051-888-1234)에게 문의", "a@b.kr")
    fragments = [fragment for _label, fragment in hints]
    assert "박정민 주무관" in fragments
    assert "051-888-1234" in fragments
    assert "a@b.kr" in fragments


def test_saving_a_draft_takes_a_published_answer_down_and_unpublish_does_too():
    request = decided()
    handler = secretariat()
    services.save_publication(actor=handler, request=request, publish=True, confirmed=True, **CLEAN)
    publication = services.save_publication(actor=handler, request=request, **CLEAN)
    assert not publication.is_published
    publication = services.save_publication(actor=handler, request=request, publish=True, confirmed=True, **CLEAN)
    publication = services.unpublish(actor=handler, publication=publication)
    assert not publication.is_published
    with pytest.raises(DomainError):
        services.unpublish(actor=handler, publication=publication)


def test_only_answered_requests_are_published():
    with pytest.raises(DomainError) as refused:
        services.save_publication(actor=secretariat(), request=submitted(), **CLEAN)
    assert refused.value.code == "not_answered"


@pytest.mark.parametrize("field", ["title", "summary", "answer"])
def test_every_part_is_needed(field):
    with pytest.raises(DomainError):
        services.save_publication(actor=secretariat(), request=decided(), **(CLEAN | {field: " "}))


@pytest.mark.parametrize("role", [Role.AUDIT_OFFICER, Role.COMMITTEE_CHAIR, Role.SYSADMIN])
def test_only_the_secretariat_publishes(role):
    request = decided()
    with pytest.raises(PermissionDeniedError):
        services.save_publication(actor=make_staff(role), request=request, **CLEAN)
    with pytest.raises(PermissionDeniedError):
        services.save_publication(actor=request.requester, request=request, **CLEAN)
