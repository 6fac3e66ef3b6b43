"""URLs of the reporting centre's case-study area (namespace ``reporting:``)."""

from django.urls import path

from proactive.reporting.views import casestudies as views

urlpatterns: list = [
    path("case-studies/", views.casestudy_list, name="casestudy-list"),
    path("case-studies/new/", views.casestudy_create, name="casestudy-create"),
    path("case-studies/<int:pk>/", views.casestudy_detail, name="casestudy-detail"),
    path("case-studies/<int:pk>/edit/", views.casestudy_edit, name="casestudy-edit"),
    path("case-studies/<int:pk>/publish/", views.casestudy_publish, name="casestudy-publish"),
]
