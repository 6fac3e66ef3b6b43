"""Outreach lives under ``/outreach/`` (namespace ``outreach:``)."""

from django.urls import path

from proactive.outreach.views import activities, figures, liaison, training

app_name = "outreach"

urlpatterns = [
    # Campaigns and promotion.
    path("activities/", activities.activity_list, name="activities"),
    path("activities/new/", activities.activity_edit, name="activity-create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity-edit"),
    # Training.
    path("training/", training.session_list, name="sessions"),
    path("training/new/", training.session_edit, name="session-create"),
    path("training/mine/", training.my_training, name="my-training"),
    path("training/hours/", training.training_totals, name="training-totals"),
    path("training/<int:pk>/", training.session_detail, name="session-detail"),
    path("training/<int:pk>/edit/", training.session_edit, name="session-edit"),
    path("training/<int:pk>/officials/", training.partial_officials, name="partial-officials"),
    path("training/<int:pk>/attendees/", training.attendees_add, name="attendees-add"),
    path("training/<int:pk>/department/", training.department_add, name="department-add"),
    path("training/<int:pk>/attendees/<int:attendance_pk>/hours/", training.attendance_hours, name="attendance-hours"),
    path(
        "training/<int:pk>/attendees/<int:attendance_pk>/remove/", training.attendance_remove, name="attendance-remove"
    ),
    # Liaison meetings and their action items.
    path("liaison/", liaison.meeting_list, name="meetings"),
    path("liaison/new/", liaison.meeting_edit, name="meeting-create"),
    path("liaison/<int:pk>/", liaison.meeting_detail, name="meeting-detail"),
    path("liaison/<int:pk>/edit/", liaison.meeting_edit, name="meeting-edit"),
    path("liaison/<int:pk>/actions/", liaison.action_add, name="action-add"),
    path("liaison/actions/", liaison.action_list, name="actions"),
    path("liaison/actions/<int:pk>/move/", liaison.action_move, name="action-move"),
    # The programme's figures and the MOIS evaluation export.
    path("figures/", figures.figures, name="figures"),
    path("figures/mois.xlsx", figures.figures_export, name="figures-export"),
]
