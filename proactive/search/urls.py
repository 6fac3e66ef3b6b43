"""Search lives under ``/search/`` (namespace ``search:``)."""

from django.urls import path

from proactive.search.views import search as views

app_name = "search"

urlpatterns: list = [
    path("", views.search, name="search"),
]
