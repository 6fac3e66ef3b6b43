"""Permissions of the pre-consulting audit (django-rules autodiscovers this package).

Who may:
- **ask** (``create_request``, ``view_my_requests``): every official, of the city, a 구·군, a corporation or an
  affiliated body. A draft is the requester's alone (``edit_request``); they **send** it to their department head
  (``send_request``), or, when they head their own unit themselves, **submit** it directly
  (``submit_request_directly``); they may **withdraw** it until the audit office answers, **revise** it when it was
  returned for insufficient own review, and **report** how they acted on the opinion.
- **approve** (``view_approvals``, ``approve_request``): the department head whose scope covers the requester's unit
  (a ``DEPARTMENT_HEAD`` membership scoped to that unit or one above it). They see the request from the moment it is
  sent to them.
- **screen, review, answer, extend, publish** (``view_queue``, ``screen_request``, ``review_request``,
  ``extend_deadline``, ``issue_opinion``, ``publish_request``, ``manage_settings``): the city's audit office
  (``queries.serves_audit_office``; an audit officer of a 구·군 or a corporation is not part of it). The office sees a
  request once it has been submitted to it.
- **see a referred request**: committee members, the chair and the secretariat, once it was referred to the
  committee (the agenda links to it).
- **download the opinion** (``download_opinion``): the requester, their head and the audit office.

System administrators hold none of these (their role grants no content); a superuser is refused by the services and
views as well (``services.common.may``). Published answers are public pages: no permission.
"""

import rules

from proactive.accounts.rules import (
    is_audit_officer,
    is_committee_member,
    is_department_head,
    is_official,
    is_secretariat,
)
from proactive.consulting.enums import (
    ANSWERED_STATES,
    CLOCK_STATES,
    IN_REVIEW_STATES,
    REVISABLE_REASONS,
    WITHDRAWABLE_STATES,
)
from proactive.consulting.enums import RequestState as S
from proactive.consulting.queries import heads_unit, serves_audit_office
from proactive.documents.rules import register_access_rule

REQUEST_FILE_PURPOSE = "consulting.request_file"
OPINION_PURPOSE = "consulting.opinion"


def _state(request, *states) -> bool:
    return request is not None and request.state in states


@rules.predicate
def serves_office(user) -> bool:
    return serves_audit_office(user)


@rules.predicate
def is_requester(user, request) -> bool:
    return request is not None and getattr(user, "pk", None) is not None and request.requester_id == user.pk


@rules.predicate
def heads_requesters_unit(user, request) -> bool:
    """The department head of the requester's unit (never the requester themself)."""
    return request is not None and request.requester_id != getattr(user, "pk", None) and heads_unit(user, request.unit)


@rules.predicate
def requester_heads_own_unit(user, request) -> bool:
    return request is not None and heads_unit(user, request.unit)


@rules.predicate
def was_sent_to_head(user, request) -> bool:
    return request is not None and (request.sent_on is not None or request.submitted_on is not None)


@rules.predicate
def was_submitted(user, request) -> bool:
    return request is not None and request.submitted_on is not None


@rules.predicate
def was_referred(user, request) -> bool:
    return request is not None and request.pk is not None and request.referrals.exists()


@rules.predicate
def is_draft(user, request) -> bool:
    return _state(request, S.DRAFT)


@rules.predicate
def awaits_approval(user, request) -> bool:
    return _state(request, S.AWAITING_APPROVAL)


@rules.predicate
def is_withdrawable(user, request) -> bool:
    return _state(request, *WITHDRAWABLE_STATES)


@rules.predicate
def is_revisable(user, request) -> bool:
    return _state(request, S.RETURNED) and request.return_reason in REVISABLE_REASONS


@rules.predicate
def awaits_screening(user, request) -> bool:
    return _state(request, S.SUBMITTED)


@rules.predicate
def is_in_review(user, request) -> bool:
    return _state(request, *IN_REVIEW_STATES)


@rules.predicate
def clock_runs(user, request) -> bool:
    return _state(request, *CLOCK_STATES)


@rules.predicate
def is_under_review(user, request) -> bool:
    return _state(request, S.UNDER_REVIEW)


@rules.predicate
def opinion_awaits_report(user, request) -> bool:
    return _state(request, S.OPINION_ISSUED)


@rules.predicate
def is_answered(user, request) -> bool:
    return _state(request, *ANSWERED_STATES)


is_office = is_audit_officer & serves_office
is_own = is_official & is_requester
is_head = is_department_head & heads_requesters_unit

rules.add_perm("consulting.create_request", is_official)
rules.add_perm("consulting.view_my_requests", is_official)
rules.add_perm("consulting.view_approvals", is_department_head)
rules.add_perm("consulting.view_queue", is_office)
rules.add_perm("consulting.manage_settings", is_office)

rules.add_perm(
    "consulting.view_request",
    is_own
    | (is_head & was_sent_to_head)
    | (is_office & was_submitted)
    | ((is_committee_member | is_secretariat) & was_referred),
)
rules.add_perm("consulting.edit_request", is_own & is_draft)
rules.add_perm("consulting.send_request", is_own & is_draft & ~requester_heads_own_unit)
rules.add_perm("consulting.submit_request_directly", is_own & is_draft & is_department_head & requester_heads_own_unit)
rules.add_perm("consulting.withdraw_request", is_own & is_withdrawable)
rules.add_perm("consulting.revise_request", is_own & is_revisable)
rules.add_perm("consulting.approve_request", is_head & awaits_approval)
rules.add_perm("consulting.screen_request", is_office & awaits_screening)
rules.add_perm("consulting.review_request", is_office & is_in_review)
rules.add_perm("consulting.extend_deadline", is_office & clock_runs)
rules.add_perm("consulting.issue_opinion", is_office & is_under_review)
rules.add_perm("consulting.report_implementation", is_own & opinion_awaits_report)
rules.add_perm("consulting.download_opinion", is_answered & (is_own | is_head | is_office))
rules.add_perm("consulting.publish_request", is_office & is_answered)


def can_read_request_file(user, document) -> bool:
    """A request's files: whoever may see the request."""
    from proactive.consulting.models import RequestFile  # noqa: PLC0415  (rules load before models)

    if not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return False
    row = RequestFile.objects.select_related("request__unit").filter(document=document).first()
    return row is not None and user.has_perm("consulting.view_request", row.request)


def can_read_opinion_document(user, document) -> bool:
    """An opinion's PDF: whoever may download the opinion."""
    from proactive.consulting.models import Opinion  # noqa: PLC0415  (rules load before models)

    if not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return False
    opinion = Opinion.objects.select_related("request__unit").filter(document=document).first()
    return opinion is not None and user.has_perm("consulting.download_opinion", opinion.request)


register_access_rule(REQUEST_FILE_PURPOSE, can_read_request_file, sysadmin_access=False)
register_access_rule(OPINION_PURPOSE, can_read_opinion_document, sysadmin_access=False)
