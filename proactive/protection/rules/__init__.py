"""Permissions of the exemption reviews and the protection officer (django-rules autodiscovers this package).

Who may:
- **apply** for exemption (``apply_for_exemption`` on a ``Concerned`` row): the official concerned, or the
  department head whose unit covers the official's unit. Both, and whoever filed it, **act for** the application:
  read it, edit it while it is a draft or returned (``edit_application``), submit and withdraw it.
- **the audit office** (audit officers): audits, findings, the disposition register, screening, board sessions,
  the decision, the settings (``manage_audits``, ``manage_sessions``, ``screen_application``,
  ``decide_application``, ``manage_settings``). It never sees a draft: only what was submitted.
- **the board** (members of ``Role.EXEMPTION_BOARD``): the sessions they are invited to and the applications on
  them (``view_session``, ``view_application``); a member present votes (``vote_on_application``), except on an
  application about themself; the session's chair may also record the decision.
- **the protection officer**: the applications assigned to them (read; comment and suggest text on a draft;
  an opinion for the board), their caseload, counselling cases (``record_counselling``), the guide
  (``edit_guide``).
- **counselling** (``view_counselling_case``): the official who asked and the protection officers only.
- **the guide** (``view_guide``): every official and staff member, not the public.
System administrators hold none of the content permissions; a superuser is refused by the views and services.
"""

import rules

from proactive.accounts.enums import Role
from proactive.accounts.queries import role_units
from proactive.accounts.rules import (
    is_audit_officer,
    is_department_head,
    is_official,
    is_protection_officer,
    is_staff_member,
    role_predicate,
)
from proactive.protection.enums import DECIDED_STATES, EDITABLE_STATES, ApplicationState, CounsellingState
from proactive.protection.models import Audit, Concerned, ExemptionApplication, Finding
from proactive.protection.queries import serves_the_city, serves_unit

is_exemption_board = role_predicate(Role.EXEMPTION_BOARD)
S = ApplicationState


def _official_of(obj):
    """The official an object concerns: a ``Concerned`` row's, or an application's."""
    if isinstance(obj, ExemptionApplication):
        obj = obj.concerned
    return obj.official if isinstance(obj, Concerned) else None


def heads_unit(user, official) -> bool:
    """Whether ``user`` is a department head whose scope covers ``official``'s unit."""
    if official is None:
        return False
    path = official.unit.path
    return any(h.unit_path and path.startswith(h.unit_path) for h in role_units(user, Role.DEPARTMENT_HEAD))


def _audited_unit(obj):
    """The audited unit of an audit, a finding, an official concerned or an application."""
    if isinstance(obj, ExemptionApplication):
        obj = obj.concerned
    if isinstance(obj, Concerned):
        obj = obj.finding
    if isinstance(obj, Finding):
        obj = obj.audit
    return obj.audited_unit if isinstance(obj, Audit) else None


@rules.predicate
def serves_the_audit(user, obj) -> bool:
    """An audit officer whose office covers the audited unit (the city's audit office covers every unit)."""
    return obj is not None and serves_unit(user, _audited_unit(obj))


@rules.predicate
def serves_city(user) -> bool:
    return serves_the_city(user)


@rules.predicate
def is_the_official_concerned(user, obj) -> bool:
    official = _official_of(obj)
    own = getattr(user, "official_id", None)
    return official is not None and own is not None and official.pk == own


@rules.predicate
def heads_the_official_concerned(user, obj) -> bool:
    return obj is not None and heads_unit(user, _official_of(obj))


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and application.applicant_id == user.pk


@rules.predicate
def is_assigned_officer(user, application) -> bool:
    return application is not None and application.protection_officer_id == user.pk


@rules.predicate
def is_submitted(user, application) -> bool:
    return application is not None and application.state != S.DRAFT


@rules.predicate
def is_editable(user, application) -> bool:
    return application is not None and application.state in EDITABLE_STATES


@rules.predicate
def is_decided(user, application) -> bool:
    return application is not None and application.state in DECIDED_STATES


@rules.predicate
def is_opinion_time(user, application) -> bool:
    return application is not None and application.state in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNDER_REVIEW)


def _session_of(obj):
    return obj.session if isinstance(obj, ExemptionApplication) else obj


@rules.predicate
def is_session_member(user, obj) -> bool:
    """Invited to the session (an application's, or the session itself)."""
    session = _session_of(obj)
    return session is not None and session.members.filter(member=user).exists()


@rules.predicate
def is_present_member(user, application) -> bool:
    session = _session_of(application)
    return session is not None and session.members.filter(member=user, present=True).exists()


@rules.predicate
def is_session_chair(user, obj) -> bool:
    session = _session_of(obj)
    return session is not None and session.chair_id == user.pk


@rules.predicate
def is_under_review(user, application) -> bool:
    return application is not None and application.state == S.UNDER_REVIEW


@rules.predicate
def is_client(user, case) -> bool:
    return case is not None and case.client_id == user.pk


@rules.predicate
def is_open_case(user, case) -> bool:
    return case is not None and case.state == CounsellingState.OPEN


acts_for = is_official & (
    is_applicant | is_the_official_concerned | (is_department_head & heads_the_official_concerned)
)
can_view_application = (
    acts_for
    | (is_protection_officer & is_assigned_officer)
    | (is_audit_officer & serves_the_audit & is_submitted)
    | (is_exemption_board & is_session_member)
)

# Global permissions.
rules.add_perm("protection.view_my_exemptions", is_official)
rules.add_perm("protection.manage_audits", is_audit_officer)
rules.add_perm("protection.manage_sessions", is_audit_officer & serves_city)
rules.add_perm("protection.vote_as_board_member", is_exemption_board)
rules.add_perm("protection.view_sessions", (is_audit_officer & serves_city) | is_exemption_board)
rules.add_perm("protection.manage_settings", is_audit_officer & serves_city)
rules.add_perm("protection.view_caseload", is_protection_officer)
rules.add_perm("protection.record_counselling", is_protection_officer)
rules.add_perm("protection.request_counselling", is_official)
rules.add_perm("protection.view_guide", is_official | is_staff_member)
rules.add_perm("protection.edit_guide", is_protection_officer)

# Object permissions on an audit (and its findings and officials concerned).
rules.add_perm("protection.handle_audit", is_audit_officer & serves_the_audit)

# Object permissions on a Concerned row.
rules.add_perm(
    "protection.apply_for_exemption",
    is_official & (is_the_official_concerned | (is_department_head & heads_the_official_concerned)),
)

# Object permissions on an application.
rules.add_perm("protection.view_application", can_view_application)
rules.add_perm("protection.edit_application", acts_for & is_editable)
rules.add_perm("protection.submit_application", acts_for)
rules.add_perm("protection.withdraw_application", acts_for)
rules.add_perm("protection.comment_on_application", is_protection_officer & is_assigned_officer & is_editable)
rules.add_perm("protection.give_officer_opinion", is_protection_officer & is_assigned_officer & is_opinion_time)
rules.add_perm("protection.screen_application", is_audit_officer & serves_the_audit & is_submitted)
rules.add_perm("protection.assign_officer", is_audit_officer & serves_the_audit)
rules.add_perm(
    "protection.vote_on_application",
    is_exemption_board & is_under_review & is_present_member & ~is_the_official_concerned,
)
rules.add_perm(
    "protection.decide_application",
    (is_audit_officer & serves_the_audit) | (is_exemption_board & is_session_chair & is_present_member),
)
rules.add_perm("protection.download_decision", can_view_application & is_decided)

# Object permissions on a board session.
rules.add_perm("protection.view_session", (is_audit_officer & serves_city) | (is_exemption_board & is_session_member))

# Object permissions on a counselling case.
rules.add_perm("protection.view_counselling_case", (is_official & is_client) | is_protection_officer)
rules.add_perm("protection.write_counselling_note", is_protection_officer & is_open_case)
rules.add_perm("protection.close_counselling_case", is_protection_officer & is_open_case)

from proactive.protection.rules import documents  # noqa: E402, F401  (who reads the evidence and the decisions)
