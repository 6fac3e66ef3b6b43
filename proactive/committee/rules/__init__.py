"""Permissions of the proactive-administration committee (django-rules autodiscovers this package).

Who may:
- **run the committee** (``manage_roster``, ``manage_meetings``, ``manage_reorganisation``, ``change_settings``):
  the secretariat (the programme's lead department, the committee's secretary 간사).
- **see the committee's pages** (``view_committee``, ``view_roster``, ``view_meetings``, ``view_my_meetings``):
  the secretariat and the committee's members and chair; a member sees only the meetings they are called to, the
  chair every meeting (``view_meeting``, ``queries.meetings.meetings_visible_to``).
- **vote and step aside** (``vote_in_meeting``, ``declare_recusal``): a member called to the meeting.
- **decide a challenge** (``decide_challenge``): the chair, unless the chair is the one challenged (then the
  vice-chair).
- **approve the minutes** (``approve_minutes``): the chair.
- **an agenda item's page** (``view_item``): the secretariat, the members called to its meeting, and whoever the
  item's kind admits (``AgendaKind.can_view``: usually the requester); **its resolution document**
  (``download_resolution``, once decided): the secretariat, the committee's members and whoever the kind admits;
  **raise a challenge** (``challenge_member``): the secretariat and whoever the kind admits
  (``AgendaKind.can_challenge``).
- **the minutes document** (``download_minutes``): the secretariat and the committee's members.

Nobody else: other officials, system administrators and superusers are refused (the views also refuse a superuser,
whom Django would otherwise grant everything: the committee deliberates officials' cases).
"""

import rules

from proactive.accounts.rules import is_committee_chair, is_committee_member, is_secretariat
from proactive.committee.agenda import find_kind
from proactive.documents.rules import register_access_rule

RESOLUTION_PURPOSE = "committee.resolution"
MINUTES_PURPOSE = "committee.minutes"


def _invited(user, meeting_id: int | None) -> bool:
    if meeting_id is None or not getattr(user, "is_authenticated", False):
        return False
    from proactive.committee.models import MeetingMember  # rules load before models in the import order

    return MeetingMember.objects.filter(meeting_id=meeting_id, member__user_id=user.pk).exists()


@rules.predicate
def is_invited_to_meeting(user, meeting) -> bool:
    return meeting is not None and _invited(user, meeting.pk)


@rules.predicate
def is_invited_to_items_meeting(user, item) -> bool:
    return item is not None and _invited(user, item.meeting_id)


@rules.predicate
def kind_admits_viewer(user, item) -> bool:
    kind = find_kind(item.kind) if item is not None else None
    return kind is not None and kind.viewer(user, item.subject_id)


@rules.predicate
def kind_admits_challenger(user, item) -> bool:
    kind = find_kind(item.kind) if item is not None else None
    return kind is not None and kind.challenger(user, item.subject_id)


@rules.predicate
def item_is_decided(user, item) -> bool:
    return item is not None and item.state == "decided"


@rules.predicate
def meeting_is_closed(user, meeting) -> bool:
    return meeting is not None and meeting.state == "closed"


@rules.predicate
def may_decide_challenge(user, recusal) -> bool:
    """The chair decides a challenge; one against the chair goes to the vice-chair."""
    if recusal is None or not getattr(user, "is_authenticated", False):
        return False
    challenged = recusal.member
    if challenged.user_id == user.pk:
        return False
    if challenged.category == "chair":
        from proactive.committee.queries.roster import is_sitting_vice_chair  # rules load before queries

        return is_sitting_vice_chair(user)
    return bool(is_committee_chair(user))


is_in_committee = is_secretariat | is_committee_member

rules.add_perm("committee.view_committee", is_in_committee)
rules.add_perm("committee.view_roster", is_in_committee)
rules.add_perm("committee.manage_roster", is_secretariat)
rules.add_perm("committee.view_meetings", is_in_committee)
rules.add_perm("committee.view_my_meetings", is_committee_member)
rules.add_perm("committee.manage_meetings", is_secretariat)
rules.add_perm("committee.manage_reorganisation", is_secretariat)
rules.add_perm("committee.change_settings", is_secretariat)
rules.add_perm("committee.approve_minutes", is_committee_chair)
# The chair presides: they see every meeting (to approve the minutes and decide challenges).
rules.add_perm(
    "committee.view_meeting", is_secretariat | is_committee_chair | (is_committee_member & is_invited_to_meeting)
)
rules.add_perm("committee.vote_in_meeting", is_committee_member & is_invited_to_meeting)
rules.add_perm("committee.declare_recusal", is_committee_member & is_invited_to_meeting)
rules.add_perm("committee.decide_challenge", is_committee_member & may_decide_challenge)
rules.add_perm(
    "committee.view_item", is_secretariat | (is_committee_member & is_invited_to_items_meeting) | kind_admits_viewer
)
rules.add_perm("committee.challenge_member", is_secretariat | kind_admits_challenger)
rules.add_perm("committee.download_resolution", item_is_decided & (is_in_committee | kind_admits_viewer))
rules.add_perm("committee.download_minutes", meeting_is_closed & is_in_committee)


def can_read_resolution_document(user, document) -> bool:
    """A resolution PDF is readable by whoever may download the resolution of the item it belongs to."""
    from proactive.committee.models import AgendaItem  # rules load before models in the import order

    item = AgendaItem.objects.filter(resolution_document=document).first()
    return item is not None and user.has_perm("committee.download_resolution", item)


def can_read_minutes_document(user, document) -> bool:
    from proactive.committee.models import Meeting  # rules load before models in the import order

    meeting = Meeting.objects.filter(minutes_document=document).first()
    return meeting is not None and user.has_perm("committee.download_minutes", meeting)


register_access_rule(RESOLUTION_PURPOSE, can_read_resolution_document)
register_access_rule(MINUTES_PURPOSE, can_read_minutes_document)
