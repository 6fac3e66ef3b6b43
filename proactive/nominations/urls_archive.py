"""URLs of the import of past cases (namespace ``nominations:``)."""

from django.urls import path

from proactive.nominations.views import archive as views

urlpatterns = [
    path("archive/", views.archive_import, name="archive-import"),
    path("archive/template.<str:fmt>", views.archive_template, name="archive-template"),
]
