from django.urls import path

from proactive.nominations.views import public, rounds

urlpatterns = [
    path("", public.board, name="board"),
    path("<int:year>/<int:half>/", public.round_public, name="round-public"),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round-edit"),
    path("rounds/<int:pk>/publish/", rounds.round_publish, name="round-publish"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round-close"),
]
