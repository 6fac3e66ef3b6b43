"""Every object permission of the protection app: who holds it and, above all, who is denied — another official,
another department's head, another body's audit officer, a board member not invited, another protection officer,
a system administrator and a superuser (who is refused by the services and views although Django grants them
everything)."""

import pytest

from proactive.protection.enums import Category
from proactive.protection.services import counselling
from tests.conftest import make_staff
from tests.protection.support import concerned_of, decided, draft, submitted, tabled

pytestmark = pytest.mark.django_db

EVERYONE = [
    "official",
    "colleague",
    "stranger",
    "head",
    "other_head",
    "auditor",
    "district_auditor",
    "officer",
    "other_officer",
    "member",
    "absent_member",
    "sysadmin",
    "secretariat",
]


def people(world, application=None):
    other_officer = world.officer
    if application is not None and application.protection_officer == world.officer:
        other_officer = world.officer2
    return {
        "official": world.official,
        "colleague": world.colleague,
        "stranger": world.stranger,
        "head": world.head,
        "other_head": world.other_head,
        "auditor": world.auditor,
        "district_auditor": world.district_auditor,
        "officer": application.protection_officer if application is not None else world.officer,
        "other_officer": other_officer,
        "member": world.members[0],
        "absent_member": world.members[2],
        "sysadmin": world.sysadmin,
        "secretariat": world.secretariat,
    }


def check(world, perm, obj, granted, application=None):
    holders = people(world, application)
    for name in EVERYONE:
        user = holders[name]
        assert user.has_perm(perm, obj) == (name in granted), (perm, name)


def test_applying(world):
    row = concerned_of(world)
    check(world, "protection.apply_for_exemption", row, {"official", "head"})


def test_a_draft_is_the_applicants_and_the_officers(world):
    application = draft(world)
    acts = {"official", "head"}
    check(world, "protection.view_application", application, acts | {"officer"}, application)
    check(world, "protection.edit_application", application, acts, application)
    check(world, "protection.submit_application", application, acts, application)
    check(world, "protection.withdraw_application", application, acts, application)
    check(world, "protection.comment_on_application", application, {"officer"}, application)
    check(world, "protection.give_officer_opinion", application, {"officer"}, application)
    check(world, "protection.screen_application", application, set(), application)
    check(world, "protection.assign_officer", application, {"auditor"}, application)
    check(world, "protection.download_decision", application, set(), application)


def test_a_submitted_application_is_also_the_audit_offices(world):
    application = submitted(world)
    check(world, "protection.view_application", application, {"official", "head", "officer", "auditor"}, application)
    check(world, "protection.edit_application", application, set(), application)
    check(world, "protection.comment_on_application", application, set(), application)
    check(world, "protection.screen_application", application, {"auditor"}, application)


def test_an_application_on_a_session_is_the_members_and_a_member_present_votes(world):
    application = tabled(world, present=world.members[:2])
    check(
        world,
        "protection.view_application",
        application,
        {"official", "head", "officer", "auditor", "member", "absent_member"},
        application,
    )
    check(world, "protection.vote_on_application", application, {"member"}, application)  # members[0] is present
    check(world, "protection.decide_application", application, {"auditor", "member"}, application)  # member is chair
    check(world, "protection.view_session", application.session, {"auditor", "member", "absent_member"})
    outsider = make_staff(__import__("proactive.accounts.enums", fromlist=["Role"]).Role.EXEMPTION_BOARD)
    assert not outsider.has_perm("protection.view_application", application)
    assert not outsider.has_perm("protection.view_session", application.session)


def test_a_decision_is_downloaded_by_those_who_read_the_application(world):
    application = decided(world)
    check(
        world,
        "protection.download_decision",
        application,
        {"official", "head", "officer", "auditor", "member", "absent_member"},
        application,
    )
    check(world, "protection.vote_on_application", application, set(), application)


def test_an_audit_is_its_audit_offices(world):
    row = concerned_of(world)
    for obj in (row, row.finding, row.finding.audit):
        check(world, "protection.handle_audit", obj, {"auditor"})


def test_counselling_is_the_officials_and_the_officers(world):
    case = counselling.request_counselling(actor=world.official, category=Category.OTHER, topic="t", question="q")
    check(world, "protection.view_counselling_case", case, {"official", "officer", "other_officer"})
    check(world, "protection.write_counselling_note", case, {"officer", "other_officer"})
    check(world, "protection.close_counselling_case", case, {"officer", "other_officer"})


def test_evidence_and_decisions_are_read_by_those_who_read_the_application(
    world, django_capture_on_commit_callbacks, fake_pdf
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from proactive.protection.services import applications
    from tests.factories.documents import pdf_bytes

    application = draft(world)
    attached = applications.add_file(
        actor=world.official,
        application=application,
        uploaded_file=SimpleUploadedFile("결재.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    evidence = attached.document
    assert world.official.has_perm("documents.view_document", evidence)  # the owner
    assert world.head.has_perm("documents.view_document", evidence)
    assert application.protection_officer.has_perm("documents.view_document", evidence)
    for user in (world.auditor, world.colleague, world.sysadmin, world.members[0]):
        assert not user.has_perm("documents.view_document", evidence)  # a draft: not even the audit office

    with django_capture_on_commit_callbacks(execute=True):
        application = decided(world, application=application)
    application.refresh_from_db()
    decision = application.decision_document
    assert world.auditor.has_perm("documents.view_document", evidence)
    for user in (world.official, world.head, world.auditor, world.members[0]):
        assert user.has_perm("documents.view_document", decision)
    for user in (world.colleague, world.district_auditor, world.sysadmin, world.other_head):
        assert not user.has_perm("documents.view_document", decision)
        assert not user.has_perm("documents.view_document", evidence)
