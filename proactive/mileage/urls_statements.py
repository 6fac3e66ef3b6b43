from django.urls import path

from proactive.mileage.views import statements as views

urlpatterns = [
    path("", views.statement, name="statement"),
    path("reports/", views.report, name="report"),
    path("reports/export.<str:fmt>", views.report_export, name="report-export"),
]
