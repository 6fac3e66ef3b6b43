"""The application's transition table (core.workflow). ``services.applications.transition_application`` applies it.

draft ─submit─► submitted (fact-finding deadline runs) ─facts checked─► facts_checked ─tabled─► before_committee
before_committee ─committee: approved─► approved ─settled─► closed                                        [end]
before_committee ─committee: denied─► denied                                                             [end]
before_committee ─taken off the agenda─► facts_checked (to be tabled again)
approved | closed ─support obtained falsely─► cancelled (refund due) ─refund received─► closed           [end]
submitted | facts_checked ─withdrawn by the applicant─► withdrawn                                        [end]

The committee's moves carry ``BY_COMMITTEE``: no person's permission, the committee decided
(``committee.services.agenda.decide_item`` → the agenda kind's ``on_decided``). Nobody holds it as a permission.
"""

from proactive.legalsupport.enums import ApplicationState as S

BY_COMMITTEE = "legalsupport.by_committee"
SUBMIT = "legalsupport.submit_application"
WITHDRAW = "legalsupport.withdraw_application"
CHECK_FACTS = "legalsupport.check_facts"
TABLE = "legalsupport.table_application"
CLOSE = "legalsupport.close_application"
CANCEL = "legalsupport.cancel_application"

APPLICATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED: SUBMIT},
    S.SUBMITTED: {S.FACTS_CHECKED: CHECK_FACTS, S.WITHDRAWN: WITHDRAW},
    S.FACTS_CHECKED: {S.BEFORE_COMMITTEE: TABLE, S.WITHDRAWN: WITHDRAW},
    S.BEFORE_COMMITTEE: {S.APPROVED: BY_COMMITTEE, S.DENIED: BY_COMMITTEE, S.FACTS_CHECKED: BY_COMMITTEE},
    S.APPROVED: {S.CLOSED: CLOSE, S.CANCELLED: CANCEL},
    S.CLOSED: {S.CANCELLED: CANCEL},
    S.CANCELLED: {S.CLOSED: CANCEL},
}
