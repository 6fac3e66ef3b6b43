from django.urls import path

from proactive.nominations.views import committee as views

urlpatterns = [
    path("committee/", views.committee_list, name="committee-list"),
    path("committee/<int:pk>/", views.committee_score, name="committee-score"),
    path("committee/<int:pk>/recuse/", views.committee_recuse, name="committee-recuse"),
    path("rounds/<int:round_pk>/committee/assign/", views.committee_assign, name="committee-assign"),
    path("rounds/<int:round_pk>/committee/meeting/", views.committee_meeting, name="committee-meeting"),
    path("rounds/<int:round_pk>/committee/ranking/", views.committee_ranking, name="committee-ranking"),
    path("rounds/<int:round_pk>/committee/propose/", views.committee_propose, name="committee-propose"),
    path("rounds/<int:round_pk>/committee/confirm/", views.committee_confirm, name="committee-confirm"),
    path("committee/awards/<int:pk>/adjust/", views.committee_adjust, name="committee-adjust"),
]
