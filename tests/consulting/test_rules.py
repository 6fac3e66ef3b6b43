"""Every object permission of the pre-consulting audit: who is granted, and that it is denied to another official,
another unit's head, another body's audit officer, a system administrator and a superuser."""

import pytest

from proactive.consulting.enums import RequestState
from proactive.consulting.rules import can_read_opinion_document, can_read_request_file
from proactive.consulting.services import requests as request_services
from tests.consulting import support
from tests.factories.accounts import UserFactory
from tests.factories.documents import pdf_bytes

pytestmark = pytest.mark.django_db
S = RequestState

OUTSIDERS = ["colleague", "stranger", "other_head", "district_auditor", "sysadmin", "committee_member"]


@pytest.fixture
def office():
    return support.arrange()


def who(office, name):
    if name == "superuser":
        return UserFactory(is_superuser=True)
    return getattr(office, name)


def allowed(office, perm, req):
    from proactive.consulting.services.common import may

    return {
        name for name in [*OUTSIDERS, "official", "head", "auditor", "superuser"] if may(who(office, name), perm, req)
    }


def test_a_draft_is_the_requesters_alone(office):
    req = support.draft(office)
    assert allowed(office, "consulting.view_request", req) == {"official"}
    assert allowed(office, "consulting.edit_request", req) == {"official"}
    assert allowed(office, "consulting.send_request", req) == {"official"}
    assert allowed(office, "consulting.submit_request_directly", req) == set()
    assert allowed(office, "consulting.withdraw_request", req) == {"official"}


def test_a_head_submits_directly_but_does_not_send_to_themself(office):
    req = support.draft(office, requester=office.head)
    assert office.head.has_perm("consulting.submit_request_directly", req)
    assert not office.head.has_perm("consulting.send_request", req)
    assert not office.head.has_perm("consulting.approve_request", req)


def test_a_request_awaiting_approval_is_seen_by_the_head(office):
    req = support.awaiting_approval(office)
    assert allowed(office, "consulting.view_request", req) == {"official", "head"}
    assert allowed(office, "consulting.approve_request", req) == {"head"}
    assert allowed(office, "consulting.edit_request", req) == set()


def test_a_submitted_request_is_seen_by_the_audit_office(office):
    req = support.submitted(office)
    assert allowed(office, "consulting.view_request", req) == {"official", "head", "auditor"}
    assert allowed(office, "consulting.screen_request", req) == {"auditor"}
    assert allowed(office, "consulting.review_request", req) == set()


def test_the_review_steps_are_the_audit_offices(office):
    req = support.under_review(office)
    for perm in ("consulting.review_request", "consulting.extend_deadline", "consulting.issue_opinion"):
        assert allowed(office, perm, req) == {"auditor"}, perm
    assert allowed(office, "consulting.screen_request", req) == set()
    assert allowed(office, "consulting.withdraw_request", req) == set()


def test_the_opinion_is_downloaded_by_the_requester_their_head_and_the_office(office):
    req = support.answered(office)
    assert allowed(office, "consulting.download_opinion", req) == {"official", "head", "auditor"}
    assert allowed(office, "consulting.report_implementation", req) == {"official"}
    assert allowed(office, "consulting.publish_request", req) == {"auditor"}


def test_nobody_downloads_an_opinion_before_it_exists(office):
    req = support.under_review(office)
    assert allowed(office, "consulting.download_opinion", req) == set()
    assert allowed(office, "consulting.publish_request", req) == set()


def test_revision_is_only_for_returns_for_insufficient_review(office):
    assert allowed(office, "consulting.revise_request", support.returned(office)) == {"official"}
    assert allowed(office, "consulting.revise_request", support.returned(office, reason="settled_by_law")) == set()


def test_committee_members_see_a_referred_request_only(office):
    from proactive.consulting.services import review

    req = support.under_review(office)
    assert not office.committee_member.has_perm("consulting.view_request", req)
    review.refer_to_committee(actor=office.auditor, req=req, reason="영향이 큼")
    assert office.committee_member.has_perm("consulting.view_request", req)
    assert not office.committee_member.has_perm("consulting.review_request", req)


def test_the_files_of_a_request_follow_the_request(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    req = support.draft(office)
    row = request_services.attach_file(
        actor=office.official, req=req, uploaded_file=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")
    )
    document = row.document
    assert office.official.has_perm("documents.view_document", document)  # the owner
    assert not can_read_request_file(office.auditor, document)  # still a draft
    for name in OUTSIDERS:
        assert not who(office, name).has_perm("documents.view_document", document), name
    request_services.send_request(actor=office.official, req=req)
    request_services.decide_approval(actor=office.head, req=req, approve=True)
    assert office.auditor.has_perm("documents.view_document", document)
    assert office.head.has_perm("documents.view_document", document)
    assert not office.sysadmin.has_perm("documents.view_document", document)
    assert not can_read_request_file(UserFactory(is_superuser=True), document)


def test_the_opinion_document_follows_the_download_permission(office):
    from django.core.files.base import ContentFile

    from proactive.consulting.rules import OPINION_PURPOSE
    from proactive.documents.services import store_upload

    req = support.answered(office)
    document = store_upload(
        actor=None, uploaded_file=ContentFile(pdf_bytes(), name="o.pdf"), purpose=OPINION_PURPOSE, allowed={"pdf"}
    )
    req.opinion.document = document
    req.opinion.save()
    for name in ("official", "head", "auditor"):
        assert who(office, name).has_perm("documents.view_document", document), name
    for name in OUTSIDERS:
        assert not who(office, name).has_perm("documents.view_document", document), name
    assert not can_read_opinion_document(UserFactory(is_superuser=True), document)
