"""The action item's transition table (core.workflow). ``services.liaison.transition_action_item`` applies it.

open ─start─► in_progress ─complete─► done                        [end]
open | in_progress ─drop (with a reason)─► dropped                 [end]
in_progress ─back─► open;  done | dropped ─reopen─► in_progress

Every move is the secretariat's (``outreach.manage_liaison``): it follows the bodies' action items up.
"""

from proactive.outreach.enums import ActionState as S

MANAGE = "outreach.manage_liaison"

ACTION_TRANSITIONS = {
    S.OPEN: {S.IN_PROGRESS: MANAGE, S.DONE: MANAGE, S.DROPPED: MANAGE},
    S.IN_PROGRESS: {S.DONE: MANAGE, S.DROPPED: MANAGE, S.OPEN: MANAGE},
    S.DONE: {S.IN_PROGRESS: MANAGE},
    S.DROPPED: {S.IN_PROGRESS: MANAGE},
}
