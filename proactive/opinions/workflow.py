"""The request's transition table (core.workflow). ``services.requests.transition_request`` applies it.

draft ─submit─► submitted ─screen─► returned ─edit, resubmit─► submitted …
                          ─screen─► rejected (out of scope; the requester reads why)                  [end]
                          ─screen─► accepted (the deadline starts)
accepted ─ask the audit office─► audit_requested ─audit officer answers─► audit_given
accepted | audit_given ─table (committee.services.agenda.table_item)─► on_agenda
on_agenda ─the committee decides (AgendaKind.on_decided)─► opinion_issued | returned | ratified | not_ratified
on_agenda ─the committee withdraws the item (on_withdrawn)─► accepted
opinion_issued ─the requester records how they acted─► acted_on                                   [end]
draft … audit_given ─the requester withdraws─► withdrawn                                             [end]

``COMMITTEE`` marks the moves only the committee's decision makes (through the agenda contract, whose own service
checks who decides); no user permission can take them.
"""

from proactive.opinions.enums import RequestState as S

SUBMIT = "opinions.submit_request"
HANDLE = "opinions.handle_request"
AUDIT = "opinions.give_audit_opinion"
ACT = "opinions.record_action"
WITHDRAW = "opinions.withdraw_request"
COMMITTEE = "committee"

REQUEST_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED: SUBMIT, S.WITHDRAWN: WITHDRAW},
    S.SUBMITTED: {S.RETURNED: HANDLE, S.REJECTED: HANDLE, S.ACCEPTED: HANDLE, S.WITHDRAWN: WITHDRAW},
    S.RETURNED: {S.SUBMITTED: SUBMIT, S.WITHDRAWN: WITHDRAW},
    S.ACCEPTED: {S.AUDIT_OPINION_REQUESTED: HANDLE, S.ON_AGENDA: HANDLE, S.WITHDRAWN: WITHDRAW},
    S.AUDIT_OPINION_REQUESTED: {S.AUDIT_OPINION_GIVEN: AUDIT, S.WITHDRAWN: WITHDRAW},
    S.AUDIT_OPINION_GIVEN: {S.ON_AGENDA: HANDLE, S.WITHDRAWN: WITHDRAW},
    S.ON_AGENDA: {
        S.OPINION_ISSUED: COMMITTEE,
        S.RETURNED: COMMITTEE,
        S.RATIFIED: COMMITTEE,
        S.NOT_RATIFIED: COMMITTEE,
        S.ACCEPTED: COMMITTEE,
    },
    S.OPINION_ISSUED: {S.ACTED_ON: ACT},
}
