"""URLs of the proactive-administration committee, under ``/committee/`` (namespace ``committee:``)."""

from django.urls import path

from proactive.committee.views import home, items, meetings, members, queue, roster

app_name = "committee"

urlpatterns = [
    path("", home.home, name="home"),
    # The roster and the settings.
    path("members/", roster.member_list, name="member-list"),
    path("members/new/", roster.member_create, name="member-create"),
    path("members/<int:pk>/", roster.member_detail, name="member-detail"),
    path("members/<int:pk>/edit/", roster.member_edit, name="member-edit"),
    path("members/<int:pk>/terms/", roster.term_appoint, name="term-appoint"),
    path("terms/<int:pk>/end/", roster.term_end, name="term-end"),
    path("settings/", roster.settings_page, name="settings"),
    # Meetings.
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/invite/", meetings.meeting_invite, name="meeting-invite"),
    path("meetings/<int:pk>/uninvite/<int:member_pk>/", meetings.meeting_uninvite, name="meeting-uninvite"),
    path("meetings/<int:pk>/open/", meetings.meeting_open, name="meeting-open"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/minutes/approve/", meetings.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes.pdf", meetings.minutes_pdf, name="minutes-pdf"),
    path("meetings/<int:pk>/close/", meetings.meeting_close, name="meeting-close"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    # Items on a meeting's agenda.
    path("items/<int:pk>/", items.item_detail, name="item-detail"),
    path("items/<int:pk>/challenge/", items.item_challenge, name="item-challenge"),
    path("items/<int:pk>/resolution.pdf", items.resolution_pdf, name="resolution-pdf"),
    path("items/<int:pk>/propose/", meetings.item_propose, name="item-propose"),
    path("items/<int:pk>/votes/", meetings.item_votes, name="item-votes"),
    path("items/<int:pk>/decide/", meetings.item_decide, name="item-decide"),
    path("items/<int:pk>/unschedule/", meetings.item_unschedule, name="item-unschedule"),
    path("items/<int:pk>/exclusion/", meetings.item_exclusion, name="item-exclusion"),
    path("items/<int:pk>/challenge-staff/", meetings.item_challenge_staff, name="item-challenge-staff"),
    path("items/<int:pk>/field/", queue.item_field, name="item-field"),
    path("recusals/<int:pk>/decide/", meetings.challenge_decide, name="challenge-decide"),
    # The queue.
    path("queue/", queue.queue, name="queue"),
    path("queue/<int:pk>/schedule/", queue.queue_schedule, name="queue-schedule"),
    path("queue/selection-round/", queue.queue_table_round, name="queue-table-round"),
    # A member's own meetings.
    path("my/", members.my_meetings, name="my-meetings"),
    path("my/<int:pk>/", members.my_meeting, name="my-meeting"),
    path("my/items/<int:pk>/vote/", members.my_vote, name="my-vote"),
    path("my/items/<int:pk>/avoid/", members.my_avoidance, name="my-avoidance"),
    # The yearly reorganisation.
    path("reorganisation/", home.reorganisation, name="reorganisation"),
    path("reorganisation/start/", home.reorganisation_start, name="reorganisation-start"),
    path("reorganisation/steps/<int:pk>/", home.reorganisation_step, name="reorganisation-step"),
]
