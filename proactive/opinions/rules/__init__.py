"""Permissions of the committee's opinion requests and ratifications (django-rules autodiscovers this package).

Who may:
- **ask** (``request_opinion``): any official, also the staff of a local public enterprise (their accounts are
  officials' accounts too); they see, edit (draft or returned), submit, withdraw and record how they acted on
  **their own** requests (``view_request``, ``edit_request``, ``submit_request``, ``withdraw_request``,
  ``record_action``).
- **handle** (``view_queue``, ``handle_request``): the programme secretariat (전담부서, the committee's 간사) screens,
  asks the audit office, tables, extends deadlines and publishes anonymised summaries; it also keeps the settings
  (``change_settings``).
- **the audit office** (``view_audit_requests``, ``give_audit_opinion``): an audit officer sees the requests whose
  opinion was asked of them, and answers them; like the secretariat, they read every answered request (the
  register of past answers is the audit office's reference too), never another's pending one.
- **committee members** read the requests on the agenda of a meeting they are called to (``committee.queries.
  called_to_decide``).
- **system administrators** and **superusers** see no request content (SECURITY.md AC-05): the views and services
  refuse superusers explicitly, since Django grants them every permission.

The files of a request, the evidence of how it was acted on and the decision PDF are private documents readable
by whoever may view the request (``register_access_rule``, system administrators not admitted).
"""

import rules
from django.db.models import Q

from proactive.accounts.rules import is_audit_officer, is_committee_member, is_official, is_secretariat
from proactive.documents.rules import register_access_rule
from proactive.opinions.enums import ANSWERED_STATES, EDITABLE_STATES

FILE_PURPOSE = "opinions.request_file"
EVIDENCE_PURPOSE = "opinions.action_evidence"
DECISION_PURPOSE = "opinions.decision"
PURPOSES = (FILE_PURPOSE, EVIDENCE_PURPOSE, DECISION_PURPOSE)


@rules.predicate
def is_requester(user, request) -> bool:
    return request is not None and getattr(user, "pk", None) is not None and request.requester_id == user.pk


@rules.predicate
def request_is_editable(user, request) -> bool:
    return request is not None and request.state in EDITABLE_STATES


@rules.predicate
def request_is_answered(user, request) -> bool:
    return request is not None and request.state in ANSWERED_STATES


@rules.predicate
def is_asked_audit_officer(user, request) -> bool:
    return request is not None and request.audit_officer_id is not None and request.audit_officer_id == user.pk


@rules.predicate
def is_called_to_decide(user, request) -> bool:
    """A committee member called to a meeting where the request is (or was) on the agenda."""
    if request is None or request.pk is None:
        return False
    from proactive.committee.queries import called_to_decide  # rules load before the committee's models are ready

    return called_to_decide(user, request.kind, request.pk)


rules.add_perm("opinions.request_opinion", is_official)
rules.add_perm("opinions.view_queue", is_secretariat)
rules.add_perm("opinions.handle_request", is_secretariat)
rules.add_perm("opinions.change_settings", is_secretariat)
rules.add_perm("opinions.view_audit_requests", is_audit_officer)
rules.add_perm(
    "opinions.view_request",
    is_requester
    | is_secretariat
    | (is_audit_officer & (is_asked_audit_officer | request_is_answered))
    | (is_committee_member & is_called_to_decide),
)
rules.add_perm("opinions.edit_request", is_requester & request_is_editable)
rules.add_perm("opinions.submit_request", is_requester & is_official)
rules.add_perm("opinions.withdraw_request", is_requester)
rules.add_perm("opinions.record_action", is_requester)
rules.add_perm("opinions.give_audit_opinion", is_audit_officer & is_asked_audit_officer)


def can_read_request_document(user, document) -> bool:
    """A request's files, its evidence and its decision PDF: whoever may view the request (never a superuser)."""
    from proactive.opinions.models import OpinionRequest  # rules load before models in the import order

    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    # The request the document belongs to, whatever its purpose.
    owners = Q(files=document) | Q(action_files=document) | Q(decision_document=document)
    return any(user.has_perm("opinions.view_request", r) for r in OpinionRequest.objects.filter(owners).distinct())


for _purpose in PURPOSES:
    register_access_rule(_purpose, can_read_request_document, sysadmin_access=False)
