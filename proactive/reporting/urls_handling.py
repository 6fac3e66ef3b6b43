"""URLs of the reporting centre's handling area (staff, under ``/reporting/``)."""

from django.urls import path

from proactive.reporting.views import handling as views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/triage/", views.report_triage, name="report-triage"),
    path("<int:pk>/extend/", views.report_extend, name="report-extend"),
    path("<int:pk>/finding/", views.report_finding, name="report-finding"),
    path("<int:pk>/action/", views.report_action, name="report-action"),
    path("<int:pk>/close/", views.report_close, name="report-close"),
    path("<int:pk>/message/", views.report_message, name="report-message"),
    path("<int:pk>/reveal/", views.report_reveal, name="report-reveal"),
    path("<int:pk>/files/<int:file_pk>/", views.attachment_download, name="attachment"),
]
