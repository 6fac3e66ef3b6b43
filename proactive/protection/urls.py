"""URLs of the exemption reviews and the protection officer, under ``/protection/`` (namespace ``protection:``)."""

from django.urls import path

from proactive.protection.views import applications, audits, board, caseload, guide

app_name = "protection"
urlpatterns = [
    # The official and their department head.
    path("", applications.my_exemptions, name="my-exemptions"),
    path("findings/<int:pk>/apply/", applications.application_start, name="application-start"),
    path("applications/", applications.application_list, name="application-list"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application-edit"),
    path("applications/<int:pk>/links/", applications.application_links, name="application-links"),
    path("applications/<int:pk>/files/", applications.application_file, name="application-file"),
    path(
        "applications/<int:pk>/files/<int:file_pk>/remove/",
        applications.application_file_remove,
        name="application-file-remove",
    ),
    path(
        "applications/<int:pk>/comments/<int:comment_pk>/apply/",
        applications.application_apply_suggestion,
        name="application-apply-suggestion",
    ),
    path("applications/<int:pk>/submit/", applications.application_submit, name="application-submit"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="application-withdraw"),
    # The protection officer.
    path("applications/<int:pk>/comment/", applications.application_comment, name="application-comment"),
    path("applications/<int:pk>/opinion/", applications.application_opinion, name="application-opinion"),
    # The audit office.
    path("applications/<int:pk>/screen/", applications.application_screen, name="application-screen"),
    path("applications/<int:pk>/assign/", applications.application_assign, name="application-assign"),
    path("applications/<int:pk>/extend/", applications.application_extend, name="application-extend"),
    # The board.
    path("applications/<int:pk>/vote/", applications.application_vote, name="application-vote"),
    path("applications/<int:pk>/decide/", applications.application_decide, name="application-decide"),
    path("applications/<int:pk>/decision.pdf", applications.decision_pdf, name="decision-pdf"),
    # Audits and findings.
    path("audits/", audits.audit_list, name="audit-list"),
    path("audits/new/", audits.audit_create, name="audit-create"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit-detail"),
    path("audits/<int:pk>/edit/", audits.audit_edit, name="audit-edit"),
    path("audits/<int:pk>/findings/new/", audits.finding_create, name="finding-create"),
    path("findings/<int:pk>/dispose/", audits.finding_dispose, name="finding-dispose"),
    path("concerned/<int:pk>/extend/", audits.concerned_extend, name="concerned-extend"),
    path("settings/", audits.settings, name="settings"),
    # Board sessions.
    path("sessions/", board.session_list, name="session-list"),
    path("sessions/new/", board.session_create, name="session-create"),
    path("sessions/<int:pk>/", board.session_detail, name="session-detail"),
    path("sessions/<int:pk>/attendance/", board.session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/table/", board.session_table, name="session-table"),
    # Caseload and counselling.
    path("caseload/", caseload.caseload, name="caseload"),
    path("counselling/new/", caseload.counselling_request, name="counselling-request"),
    path("counselling/record/", caseload.counselling_record, name="counselling-record"),
    path("counselling/<int:pk>/", caseload.counselling_detail, name="counselling-detail"),
    path("counselling/<int:pk>/note/", caseload.counselling_note, name="counselling-note"),
    path("counselling/<int:pk>/close/", caseload.counselling_close, name="counselling-close"),
    # The protection guide.
    path("guide/", guide.guide, name="guide"),
    path("guide/pages/new/", guide.page_create, name="guide-page-create"),
    path("guide/pages/<int:pk>/", guide.guide_page, name="guide-page"),
    path("guide/pages/<int:pk>/edit/", guide.page_edit, name="guide-page-edit"),
    path("guide/contacts/new/", guide.contact_create, name="guide-contact-create"),
    path("guide/contacts/<int:pk>/edit/", guide.contact_edit, name="guide-contact-edit"),
]
