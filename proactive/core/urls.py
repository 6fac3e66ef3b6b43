"""Included by config/urls.py as ``path("healthz", include("proactive.core.urls"))``: the page is ``/healthz``."""

from django.urls import path

from proactive.core import views

app_name = "core"
urlpatterns = [
    path("", views.healthz, name="healthz"),
]
