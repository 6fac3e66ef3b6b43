from django.urls import path

from proactive.nominations.views import statistics as views

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("rounds/<int:round_pk>/exports/", views.round_exports, name="round-exports"),
    path("rounds/<int:round_pk>/exports/<str:kind>.<str:fmt>", views.round_export, name="round-export"),
]
