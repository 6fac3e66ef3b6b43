"""The committee's transition tables (core.workflow).

Meetings (``services.meetings.transition_meeting``)::

    planned ─open (in person: attendance and quorum; written: the window opens)─▶ held
    held ─close (minutes approved; undecided items go back to the queue)─▶ closed      [end: a record]
    planned ─cancel (reason; its items go back to the queue)─▶ cancelled                [end]

Agenda items (``services.agenda``)::

    pending ─schedule─▶ tabled ─decide (the vote carried the proposal)─▶ decided      [end: a record]
    tabled ─unschedule / carried over─▶ pending
    pending | tabled ─withdraw (by the app that tabled it)─▶ withdrawn                   [end]

Challenges (기피, ``services.recusals.decide_challenge``)::

    pending ─the chair decides─▶ effective | rejected
"""

from proactive.committee.enums import AgendaState as A
from proactive.committee.enums import MeetingState as M
from proactive.committee.enums import RecusalState as R
from proactive.core.workflow import TransitionTable

MANAGE = "committee.manage_meetings"
DECIDE_CHALLENGE = "committee.decide_challenge"

MEETING_TRANSITIONS: TransitionTable = {
    M.PLANNED: {M.HELD: MANAGE, M.CANCELLED: MANAGE},
    M.HELD: {M.CLOSED: MANAGE},
}

AGENDA_TRANSITIONS: TransitionTable = {
    A.PENDING: {A.TABLED: MANAGE},
    A.TABLED: {A.PENDING: MANAGE, A.DECIDED: MANAGE},
}

CHALLENGE_TRANSITIONS: TransitionTable = {
    R.PENDING: {R.EFFECTIVE: DECIDE_CHALLENGE, R.REJECTED: DECIDE_CHALLENGE},
}
