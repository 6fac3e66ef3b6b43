from django.urls import path

from proactive.nominations.views import certificates as views

urlpatterns = [
    path("certificates/", views.certificate_rounds, name="certificate-rounds"),
    path("certificates/mine/", views.my_certificates, name="my-certificates"),
    path("certificates/verify/", views.certificate_verify, name="certificate-verify"),
    path("certificates/<str:serial>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate-revoke"),
    path("rounds/<int:round_pk>/certificates/", views.certificate_list, name="certificate-list"),
    path("rounds/<int:round_pk>/certificates/issue/", views.certificate_issue, name="certificate-issue"),
]
