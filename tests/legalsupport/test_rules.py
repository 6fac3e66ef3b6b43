"""Who may do what with an application: the official, the filer, the accountable officer, the secretariat, the
protection officer (read and comment), and the denials: another official, a system administrator, a superuser,
each staff role outside its part, and anyone on their own application."""

import pytest

from proactive.accounts.enums import Role
from proactive.legalsupport.enums import ApplicationState
from proactive.legalsupport.models import Application
from proactive.legalsupport.services.common import may
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory
from tests.legalsupport.support import arrange, draft, pdf, submitted

pytestmark = pytest.mark.django_db
S = ApplicationState

EVERYONE = ["official", "filer", "other", "accountable", "secretariat", "protection", "sysadmin", "superuser"]

# On a lodged application (submitted, and for the last few the state each step needs), who holds each permission.
LODGED: dict[str, set[str]] = {
    "view_application": {"official", "filer", "accountable", "secretariat", "protection"},
    "comment_application": {"official", "filer", "accountable", "secretariat", "protection"},
    "add_application_file": {"official", "filer", "protection"},
    "withdraw_application": {"official", "filer"},
    "edit_application": set(),
    "submit_application": set(),
    # The filer here is a protection officer, who reads the report as every protection officer does.
    "view_fact_finding": {"filer", "accountable", "secretariat", "protection"},
    "check_facts": {"accountable"},
    "extend_fact_finding": {"accountable"},
    "table_application": {"secretariat"},
    "set_approved_amount": {"secretariat"},
    "record_payment": {"accountable"},
    "close_application": {"accountable"},
    "cancel_application": {"accountable"},
    "download_decision": set(),  # nothing decided yet
    "render_decision": set(),
}
DECIDED: dict[str, set[str]] = {
    "download_decision": {"official", "filer", "accountable", "secretariat", "protection"},
    "render_decision": {"secretariat"},
}
DRAFT: dict[str, set[str]] = {
    "view_application": {"official", "filer"},
    "edit_application": {"official", "filer"},
    "submit_application": {"official", "filer"},
    "comment_application": set(),
    "add_application_file": set(),
    "view_fact_finding": set(),
    "check_facts": {"accountable"},  # the table refuses it from a draft; the permission is about the person
}


@pytest.fixture
def cast():
    people = arrange()
    filer = make_staff(Role.PROTECTION_OFFICER)
    users = {
        "official": people.official,
        "filer": filer,
        "other": people.other,
        "accountable": people.accountable,
        "secretariat": people.secretariat,
        "protection": people.protection,
        "sysadmin": people.sysadmin,
        "superuser": make_staff(Role.SECRETARIAT, is_superuser=True),
    }
    return people, users


def _application(people, users, state):
    application = draft(people, actor=users["filer"], official=people.official.official)
    if state != S.DRAFT:
        application = Application.objects.get(pk=application.pk)
        Application.objects.filter(pk=application.pk).update(state=state, receipt_number=f"T-{application.pk}")
        application.refresh_from_db()
    return application


@pytest.mark.parametrize("permission", sorted(LODGED))
def test_who_may_act_on_a_lodged_application(cast, permission):
    people, users = cast
    application = _application(people, users, S.SUBMITTED)
    allowed = {name for name in EVERYONE if may(users[name], f"legalsupport.{permission}", application)}
    assert allowed == LODGED[permission]


@pytest.mark.parametrize("permission", sorted(DECIDED))
def test_who_may_download_and_render_a_decision(cast, permission):
    people, users = cast
    application = _application(people, users, S.APPROVED)
    allowed = {name for name in EVERYONE if may(users[name], f"legalsupport.{permission}", application)}
    assert allowed == DECIDED[permission]


@pytest.mark.parametrize("permission", sorted(DRAFT))
def test_a_draft_is_only_for_the_official_and_the_filer(cast, permission):
    people, users = cast
    application = _application(people, users, S.DRAFT)
    allowed = {name for name in EVERYONE if may(users[name], f"legalsupport.{permission}", application)}
    assert allowed == DRAFT[permission]


@pytest.mark.parametrize(
    "permission",
    ["check_facts", "extend_fact_finding", "record_payment", "close_application", "cancel_application"],
)
def test_the_accountable_officer_never_acts_on_their_own_application(permission):
    people = arrange()
    own = draft(people, actor=people.accountable)
    Application.objects.filter(pk=own.pk).update(state=S.SUBMITTED)
    own.refresh_from_db()
    assert may(people.accountable, "legalsupport.view_application", own)
    assert not may(people.accountable, f"legalsupport.{permission}", own)


def test_the_secretariat_never_tables_its_own_application():
    people = arrange()
    own = draft(people, actor=people.secretariat)
    Application.objects.filter(pk=own.pk).update(state=S.FACTS_CHECKED)
    own.refresh_from_db()
    assert not may(people.secretariat, "legalsupport.table_application", own)
    assert not may(people.secretariat, "legalsupport.set_approved_amount", own)


def test_staff_roles_count_only_after_the_second_factor():
    people = arrange()
    application = submitted(people)
    people.accountable.is_verified = lambda: False
    assert not may(people.accountable, "legalsupport.view_application", application)
    assert not may(people.accountable, "legalsupport.view_queue")
    people.accountable.is_verified = lambda: True
    assert may(people.accountable, "legalsupport.view_application", application)


def test_citizens_and_anonymous_visitors_have_nothing():
    from django.contrib.auth.models import AnonymousUser

    people = arrange()
    application = submitted(people)
    for user in (CitizenFactory(), AnonymousUser()):
        assert not may(user, "legalsupport.create_application")
        assert not may(user, "legalsupport.view_application", application)


def test_the_documents_of_an_application_follow_its_readers():
    from proactive.documents.services import store_upload

    people = arrange()
    application = submitted(people)
    document = store_upload(
        actor=people.official,
        uploaded_file=pdf("소명서.pdf"),
        purpose="legalsupport.application",
    )
    application.files.add(document)

    for reader in (people.official, people.accountable, people.secretariat, people.protection):
        assert reader.has_perm("documents.view_document", document)
    for outsider in (people.other, people.sysadmin):
        assert not outsider.has_perm("documents.view_document", document)
