from django.urls import path

from proactive.nominations.views import vote as views

urlpatterns = [
    path("<int:round_pk>/vote/", views.vote_page, name="vote"),
    path("<int:round_pk>/vote/results/", views.vote_results, name="vote-results"),
    path("<int:round_pk>/vote/freeze/", views.vote_freeze, name="vote-freeze"),
]
