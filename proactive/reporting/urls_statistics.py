"""URLs of the reporting centre's statistics area (namespace ``reporting:``)."""

from django.urls import path

from proactive.reporting.views import statistics as views

urlpatterns: list = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export/<str:fmt>/", views.statistics_export, name="statistics-export"),
    path("settings/", views.settings, name="settings"),
]
