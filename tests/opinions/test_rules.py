"""Who may see and act on a request (django-rules): each permission allowed where it must be and denied to another
official, an audit officer not asked, a committee member not called, a system administrator and a superuser."""

import pytest

from proactive.accounts.enums import Role
from proactive.documents.models import Document
from proactive.opinions.enums import RequestState
from proactive.opinions.models import OpinionRequest
from proactive.opinions.services import requests as services
from proactive.opinions.services.common import may
from tests.committee.support import members
from tests.conftest import make_staff
from tests.opinions.support import accepted, auditor, decided, draft, official, on_agenda, secretariat, submitted

pytestmark = pytest.mark.django_db
VIEW = "opinions.view_request"


def test_the_requester_sees_and_edits_their_draft_nobody_else_does():
    request = draft()
    assert may(request.requester, VIEW, request)
    assert may(request.requester, "opinions.edit_request", request)
    assert may(request.requester, "opinions.submit_request", request)
    assert may(request.requester, "opinions.withdraw_request", request)
    for other in (official(), auditor(), make_staff(Role.COMMITTEE_MEMBER), make_staff(Role.SYSADMIN)):
        for permission in (VIEW, "opinions.edit_request", "opinions.submit_request", "opinions.withdraw_request"):
            assert not may(other, permission, request), (other, permission)


def test_a_submitted_request_is_no_longer_editable():
    request = submitted()
    assert not may(request.requester, "opinions.edit_request", request)


def test_the_secretariat_sees_every_request():
    assert may(secretariat(), VIEW, submitted())


def test_a_superuser_sees_nothing_even_as_secretariat():
    user = make_staff(Role.SECRETARIAT, is_superuser=True)
    request = submitted()
    assert not may(user, VIEW, request)
    assert not may(user, "opinions.handle_request", request)


def test_a_superuser_requester_is_refused_too():
    request = draft()
    request.requester.is_superuser = True
    request.requester.save()
    assert not may(request.requester, VIEW, request)


def test_an_audit_officer_sees_only_what_was_asked_of_them_and_answered_requests():
    handler = secretariat()
    asked, other = auditor(), auditor()
    request = services.ask_audit_opinion(actor=handler, request=accepted(handler=handler), audit_officer=asked)
    assert may(asked, VIEW, request)
    assert may(asked, "opinions.give_audit_opinion", request)
    assert not may(other, VIEW, request)
    assert not may(other, "opinions.give_audit_opinion", request)
    assert not may(other, VIEW, accepted())
    assert may(other, VIEW, decided())  # the register of past answers is the audit office's reference too


def test_the_secretariat_cannot_answer_for_the_audit_office():
    handler = secretariat()
    request = services.ask_audit_opinion(actor=handler, request=accepted(handler=handler), audit_officer=auditor())
    assert not may(handler, "opinions.give_audit_opinion", request)


def test_committee_members_see_the_requests_of_meetings_they_are_called_to():
    request = on_agenda()
    outsider = make_staff(Role.COMMITTEE_MEMBER)
    assert not may(outsider, VIEW, request)
    request = decided()
    called = members()[0].user
    assert may(called, VIEW, request)
    assert not may(called, "opinions.edit_request", request)
    assert not may(outsider, VIEW, request)
    assert not may(called, VIEW, on_agenda())  # another matter, not on a meeting they are called to


def test_only_the_requester_records_the_action_and_withdraws():
    request = decided()
    assert may(request.requester, "opinions.record_action", request)
    for other in (official(), secretariat(), make_staff(Role.SYSADMIN)):
        assert not may(other, "opinions.record_action", request)
        assert not may(other, "opinions.withdraw_request", request)


def test_documents_of_a_request_are_read_by_those_who_see_the_request():
    request = decided()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.documents import pdf_bytes

    services.record_action(
        actor=request.requester,
        request=request,
        acted_on=request.decided_on,
        what="처리",
        files=[SimpleUploadedFile("증빙.pdf", pdf_bytes(), content_type="application/pdf")],
    )
    document = Document.objects.get(purpose="opinions.action_evidence")
    assert document.owner == request.requester
    assert secretariat().has_perm("documents.view_document", document)
    assert not official().has_perm("documents.view_document", document)
    assert not make_staff(Role.SYSADMIN).has_perm("documents.view_document", document)
    assert OpinionRequest.objects.get(pk=request.pk).state == RequestState.ACTED_ON
