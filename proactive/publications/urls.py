"""Publications lives under ``/publications/`` (namespace ``publications:``)."""

from django.urls import path  # noqa: F401

app_name = "publications"

urlpatterns: list = []
