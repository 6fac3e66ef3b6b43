"""The roster: enrolling members, terms of office (length, one reappointment, no overlap), the role memberships that
follow them, ending terms early, and the warnings before a term ends."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.accounts.models import RoleMembership
from proactive.audit.models import AuditEvent
from proactive.committee.enums import MemberCategory, MemberField
from proactive.committee.models import CommitteeSettings, Member, Term
from proactive.committee.queries.roster import RosterFilter, roster, sitting_members, terms_ending
from proactive.committee.services import roster as services
from proactive.committee.services.common import KIND_TERM_ENDING
from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.notifications.models import Notification
from tests.committee.conftest import enrol
from tests.conftest import make_staff
from tests.factories.accounts import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def secretariat():
    return make_staff(Role.SECRETARIAT)


def _roles(user, role=Role.COMMITTEE_MEMBER):
    return list(RoleMembership.objects.filter(user=user, role=role).order_by("starts_on"))


def test_add_months_and_term_end():
    assert services.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert services.term_end(datetime.date(2026, 3, 1), 24) == datetime.date(2028, 2, 29)
    assert services.term_end(datetime.date(2026, 1, 15), 24) == datetime.date(2028, 1, 14)


def test_enrolling_an_official_appoints_a_two_year_term_and_grants_the_role(secretariat):
    user = UserFactory()

    member = services.enrol_member(
        actor=secretariat,
        user=user,
        category=MemberCategory.PRIVATE,
        field=MemberField.LEGAL,
        affiliation="부산대학교 법학전문대학원 교수",
        in_pool=True,
        starts_on=TODAY,
    )

    (term,) = member.terms.all()
    assert (term.number, term.starts_on, term.ends_on) == (1, TODAY, datetime.date(2028, 2, 29))
    (membership,) = _roles(user)
    assert (membership.starts_on, membership.ends_on) == (TODAY, datetime.date(2028, 2, 29))
    assert term.membership == membership
    assert term.chair_membership is None
    assert AuditEvent.objects.filter(verb="committee.member_enrolled", target_id=str(member.pk)).exists()
    assert AuditEvent.objects.filter(verb="committee.term_appointed").exists()
    assert AuditEvent.objects.filter(verb="accounts.role_granted").exists()


def test_an_external_expert_gets_an_account_without_a_password(secretariat):
    member = services.enrol_member(
        actor=secretariat,
        name="최해양",
        email="haeyang@kmou.example",
        category=MemberCategory.PRIVATE,
        field=MemberField.MARITIME_TRANSPORT,
        affiliation="한국해양대학교 교수",
    )

    assert member.is_external
    assert member.user.name == "최해양"
    assert not member.user.has_usable_password()
    assert _roles(member.user)
    assert AuditEvent.objects.filter(verb="accounts.user_created", target_id=str(member.user.pk)).exists()


def test_an_external_expert_needs_a_name(secretariat):
    with pytest.raises(DomainError) as exc:
        services.enrol_member(actor=secretariat, category=MemberCategory.PRIVATE, field=MemberField.LEGAL)
    assert exc.value.code == "name_required"


def test_the_chair_also_holds_the_chair_role(secretariat):
    member = enrol(secretariat, category=MemberCategory.CHAIR, starts_on=TODAY)

    term = member.terms.get()
    assert term.chair_membership is not None
    assert _roles(member.user, Role.COMMITTEE_CHAIR)[0].ends_on == term.ends_on
    assert _roles(member.user, Role.COMMITTEE_MEMBER)


def test_a_second_chair_is_refused(secretariat):
    enrol(secretariat, category=MemberCategory.CHAIR)
    with pytest.raises(DomainError) as exc:
        enrol(secretariat, category=MemberCategory.CHAIR)
    assert exc.value.code == "chair_taken"


@pytest.mark.parametrize(
    ("make_user", "code"),
    [(CitizenFactory, "citizen"), (lambda: UserFactory(is_active=False), "inactive_user")],
)
def test_citizens_and_disabled_accounts_cannot_sit(secretariat, make_user, code):
    with pytest.raises(DomainError) as exc:
        services.enrol_member(
            actor=secretariat, user=make_user(), category=MemberCategory.PRIVATE, field=MemberField.LEGAL
        )
    assert exc.value.code == code


def test_a_person_is_on_the_roster_once(secretariat):
    member = enrol(secretariat)
    with pytest.raises(DomainError) as exc:
        enrol(secretariat, user=member.user)
    assert exc.value.code == "already_member"


def test_an_ex_officio_member_is_an_official_and_serves_while_in_office(secretariat):
    with pytest.raises(DomainError) as exc:
        services.enrol_member(
            actor=secretariat, name="외부인", category=MemberCategory.EX_OFFICIO, field=MemberField.REGULATION
        )
    assert exc.value.code == "ex_officio_external"

    member = enrol(secretariat, category=MemberCategory.EX_OFFICIO, field=MemberField.REGULATION)
    term = member.terms.get()
    assert term.ends_on is None
    assert _roles(member.user)[0].ends_on is None


def test_only_the_secretariat_manages_the_roster():
    with pytest.raises(PermissionDeniedError):
        services.enrol_member(
            actor=UserFactory(), user=UserFactory(), category=MemberCategory.PRIVATE, field=MemberField.LEGAL
        )


def test_reappointment_starts_the_day_after_and_a_third_term_is_refused(secretariat):
    member = enrol(secretariat, starts_on=TODAY)

    second = services.appoint_term(actor=secretariat, member=member)

    assert second.number == 2
    assert second.starts_on == datetime.date(2028, 3, 1)
    assert second.ends_on == datetime.date(2030, 2, 28)
    assert [(m.starts_on, m.ends_on) for m in _roles(member.user)] == [
        (TODAY, datetime.date(2028, 2, 29)),
        (datetime.date(2028, 3, 1), datetime.date(2030, 2, 28)),
    ]
    with pytest.raises(DomainError) as exc:
        services.appoint_term(actor=secretariat, member=member)
    assert exc.value.code == "term_limit"
    assert "2" in exc.value.message
    assert member.terms.count() == 2


def test_the_limit_and_length_follow_the_settings(secretariat):
    CommitteeSettings.objects.update_or_create(pk=1, defaults={"max_terms": 3, "term_months": 12})
    member = enrol(secretariat, starts_on=TODAY)
    services.appoint_term(actor=secretariat, member=member)
    third = services.appoint_term(actor=secretariat, member=member)

    assert third.number == 3
    assert third.ends_on == datetime.date(2029, 2, 28)


def test_terms_do_not_overlap(secretariat):
    member = enrol(secretariat, starts_on=TODAY)
    with pytest.raises(DomainError) as exc:
        services.appoint_term(actor=secretariat, member=member, starts_on=datetime.date(2027, 1, 1))
    assert exc.value.code == "term_overlap"


def test_an_open_ex_officio_term_must_end_first(secretariat):
    member = enrol(secretariat, category=MemberCategory.EX_OFFICIO)
    with pytest.raises(DomainError) as exc:
        services.appoint_term(actor=secretariat, member=member)
    assert exc.value.code == "term_open"


def test_a_role_granted_by_hand_is_adopted_and_trimmed_to_the_term(secretariat):
    user = UserFactory()
    existing = RoleMembership.objects.create(
        user=user, role=Role.COMMITTEE_MEMBER, starts_on=TODAY - datetime.timedelta(days=10)
    )

    member = enrol(secretariat, user=user, starts_on=TODAY)

    existing.refresh_from_db()
    assert member.terms.get().membership == existing
    assert existing.ends_on == datetime.date(2028, 2, 29)
    assert len(_roles(user)) == 1


def test_a_role_starting_later_than_the_term_is_a_conflict(secretariat):
    user = UserFactory()
    RoleMembership.objects.create(user=user, role=Role.COMMITTEE_MEMBER, starts_on=TODAY + datetime.timedelta(days=10))
    with pytest.raises(DomainError) as exc:
        enrol(secretariat, user=user, starts_on=TODAY)
    assert exc.value.code == "role_overlap"


def test_ending_a_term_early_ends_its_roles_the_same_day(secretariat):
    member = enrol(
        secretariat, category=MemberCategory.CHAIR, starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    term = member.terms.get()
    last = timezone.localdate()

    services.end_term(actor=secretariat, term=term, ends_on=last, reason="사임")

    term.refresh_from_db()
    assert (term.ended_on, term.end_reason, term.last_day) == (last, "사임", last)
    assert _roles(member.user)[0].ends_on == last
    assert _roles(member.user, Role.COMMITTEE_CHAIR)[0].ends_on == last
    with pytest.raises(DomainError) as exc:
        services.end_term(actor=secretariat, term=term, ends_on=last, reason="다시")
    assert exc.value.code == "already_ended"


@pytest.mark.parametrize(("offset", "reason", "code"), [(-400, "사임", "invalid_date"), (0, " ", "reason_required")])
def test_ending_a_term_needs_a_day_within_it_and_a_reason(secretariat, offset, reason, code):
    member = enrol(secretariat)
    with pytest.raises(DomainError) as exc:
        services.end_term(
            actor=secretariat,
            term=member.terms.get(),
            ends_on=timezone.localdate() + datetime.timedelta(days=offset),
            reason=reason,
        )
    assert exc.value.code == code


def test_becoming_chair_grants_the_chair_role_and_leaving_ends_it(secretariat):
    member = enrol(secretariat, field=MemberField.REGULATION)

    services.update_member(
        actor=secretariat, member=member, category=MemberCategory.CHAIR, field=MemberField.REGULATION, in_pool=False
    )

    term = member.terms.get()
    chair_role = term.chair_membership
    assert chair_role is not None
    assert chair_role.role == Role.COMMITTEE_CHAIR
    assert chair_role.ends_on == term.ends_on

    services.update_member(
        actor=secretariat, member=member, category=MemberCategory.PRIVATE, field=MemberField.REGULATION, in_pool=True
    )
    chair_role.refresh_from_db()
    assert chair_role.ends_on <= timezone.localdate()
    member.refresh_from_db()
    assert member.in_pool
    assert AuditEvent.objects.filter(verb="committee.member_changed").count() == 2


def test_moving_into_ex_officio_during_a_term_is_refused(secretariat):
    member = enrol(secretariat)
    with pytest.raises(DomainError) as exc:
        services.update_member(
            actor=secretariat, member=member, category=MemberCategory.EX_OFFICIO, field=MemberField.LEGAL, in_pool=False
        )
    assert exc.value.code == "ex_officio_running"


def test_sitting_members_and_the_roster_follow_the_terms(secretariat):
    serving = enrol(secretariat)
    former = enrol(secretariat, starts_on=timezone.localdate() - datetime.timedelta(days=800))  # ended after 24 months
    future = enrol(secretariat, starts_on=timezone.localdate() + datetime.timedelta(days=5))

    assert list(sitting_members()) == [serving]
    assert set(roster(RosterFilter(state="former"))) == {former, future}
    assert set(roster(RosterFilter(state="all"))) == {serving, former, future}
    assert Member.objects.count() == 3


def test_the_warning_goes_once_to_the_secretariat_and_the_member(secretariat):
    day = timezone.localdate()
    ending = enrol(secretariat, starts_on=services.add_months(day, -24) + datetime.timedelta(days=30))
    enrol(secretariat)  # ends in about two years
    reappointed = enrol(secretariat, starts_on=services.add_months(day, -24) + datetime.timedelta(days=20))
    services.appoint_term(actor=secretariat, member=reappointed)

    assert [t.member for t in terms_ending()] == [ending]
    assert services.warn_terms() == 1
    assert services.warn_terms() == 0

    term = ending.terms.get()
    assert term.warned_on == day
    assert Notification.objects.filter(kind=KIND_TERM_ENDING, recipient=secretariat).count() == 1
    notice = Notification.objects.get(kind=KIND_TERM_ENDING, recipient=ending.user)
    assert term.ends_on.isoformat() in notice.body


def test_the_daily_command_warns(secretariat, capsys):
    enrol(secretariat, starts_on=services.add_months(timezone.localdate(), -24) + datetime.timedelta(days=10))

    call_command("warn_committee_terms")

    assert "1 term(s)" in capsys.readouterr().out
    assert Term.objects.filter(warned_on__isnull=False).count() == 1
