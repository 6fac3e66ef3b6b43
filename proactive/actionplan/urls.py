"""Action plan lives under ``/action-plan/`` (namespace ``actionplan:``)."""

from django.urls import path  # noqa: F401

app_name = "actionplan"

urlpatterns: list = []
