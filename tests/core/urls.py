"""The health check mounted exactly as config/urls.py mounts it, for tests that must not depend on other routes."""

from django.urls import include, path

urlpatterns = [path("healthz", include("proactive.core.urls"))]
