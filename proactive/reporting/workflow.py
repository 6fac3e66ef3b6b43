"""The report's transition table (core.workflow). ``services.handling.transition_report`` applies it.

RECEIVED ─triage─► FORWARDED (not passive administration: sent to the responsible department as an ordinary
complaint; the reporter is told why)                                                   [end]
RECEIVED ─triage─► INVESTIGATING (assignee, due date from the centre's deadline rule; extensions with reasons)
INVESTIGATING ─finding─► SUBSTANTIATED ─action─► ACTION_TAKEN ─reporter told─► CLOSED  [end]
INVESTIGATING ─finding─► UNSUBSTANTIATED ─reporter told─► CLOSED                        [end]
"""

from proactive.reporting.enums import ReportState as S

HANDLE = "reporting.handle_report"

REPORT_TRANSITIONS = {
    S.RECEIVED: {S.FORWARDED: HANDLE, S.INVESTIGATING: HANDLE},
    S.INVESTIGATING: {S.SUBSTANTIATED: HANDLE, S.UNSUBSTANTIATED: HANDLE},
    S.SUBSTANTIATED: {S.ACTION_TAKEN: HANDLE},
    S.UNSUBSTANTIATED: {S.CLOSED: HANDLE},
    S.ACTION_TAKEN: {S.CLOSED: HANDLE},
}
