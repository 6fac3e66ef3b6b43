"""URLs of the committee's opinion requests and ratifications (``/opinions/``, namespace ``opinions:``)."""

from django.urls import path

from proactive.opinions.views import audit, handling, register, requests, settings

app_name = "opinions"
urlpatterns = [
    path("", requests.mine, name="mine"),
    path("new/", requests.request_create, name="request-create"),
    path("new/ratification/", requests.ratification_create, name="ratification-create"),
    path("<int:pk>/", requests.request_detail, name="request-detail"),
    path("<int:pk>/edit/", requests.request_edit, name="request-edit"),
    path("<int:pk>/submit/", requests.request_submit, name="request-submit"),
    path("<int:pk>/withdraw/", requests.request_withdraw, name="request-withdraw"),
    path("<int:pk>/files/", requests.request_files, name="request-files"),
    path("<int:pk>/files/<uuid:document_pk>/remove/", requests.request_file_remove, name="request-file-remove"),
    path("<int:pk>/act/", requests.request_act, name="request-act"),
    path("<int:pk>/decision/", requests.decision_pdf, name="decision-pdf"),
    # The secretariat.
    path("queue/", handling.queue, name="queue"),
    path("<int:pk>/screen/", handling.request_screen, name="request-screen"),
    path("<int:pk>/audit/ask/", handling.request_ask_audit, name="request-ask-audit"),
    path("<int:pk>/table/", handling.request_table, name="request-table"),
    path("<int:pk>/extend/", handling.request_extend, name="request-extend"),
    path("<int:pk>/decision/render/", handling.decision_render, name="decision-render"),
    path("<int:pk>/publication/", register.publication_edit, name="publication-edit"),
    path("<int:pk>/publication/withdraw/", register.publication_withdraw, name="publication-withdraw"),
    path("settings/", settings.settings_page, name="settings"),
    # The audit office.
    path("audit/", audit.audit_list, name="audit-list"),
    path("<int:pk>/audit/opinion/", audit.audit_opinion, name="audit-opinion"),
    # The register of past answers (public).
    path("register/", register.register_page, name="register"),
    path("register/<int:pk>/", register.register_entry, name="register-entry"),
]
