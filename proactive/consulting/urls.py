"""URLs of the pre-consulting audit (``/consulting/``, namespace ``consulting:``). The published answers are public;
everything else needs sign-in and checks a permission in the view."""

from django.urls import path

from proactive.consulting.views import office, published, requests

app_name = "consulting"

urlpatterns = [
    path("", requests.my_requests, name="my-requests"),
    path("new/", requests.request_create, name="request-create"),
    path("approvals/", requests.approvals, name="approvals"),
    path("<int:pk>/", requests.request_detail, name="request-detail"),
    path("<int:pk>/edit/", requests.request_edit, name="request-edit"),
    path("<int:pk>/files/<int:file_pk>/remove/", requests.request_file_remove, name="request-file-remove"),
    path("<int:pk>/send/", requests.request_send, name="request-send"),
    path("<int:pk>/withdraw/", requests.request_withdraw, name="request-withdraw"),
    path("<int:pk>/revise/", requests.request_revise, name="request-revise"),
    path("<int:pk>/approve/", requests.request_approve, name="request-approve"),
    path("<int:pk>/implementation/", requests.request_implementation, name="request-implementation"),
    path("<int:pk>/opinion.pdf", requests.opinion_pdf, name="opinion-pdf"),
    path("office/", office.queue, name="queue"),
    path("<int:pk>/screen/", office.request_screen, name="request-screen"),
    path("<int:pk>/assign/", office.request_assign, name="request-assign"),
    path("<int:pk>/joint-review/", office.request_joint_review, name="request-joint-review"),
    path("<int:pk>/escalate/", office.request_escalate, name="request-escalate"),
    path("<int:pk>/escalation-reply/", office.request_escalation_reply, name="request-escalation-reply"),
    path("<int:pk>/refer/", office.request_refer, name="request-refer"),
    path("<int:pk>/extend/", office.request_extend, name="request-extend"),
    path("<int:pk>/opinion/", office.request_opinion, name="request-opinion"),
    path("<int:pk>/publication/", office.publication_edit, name="publication-edit"),
    path("<int:pk>/publication/publish/", office.publication_publish, name="publication-publish"),
    path("<int:pk>/publication/take-down/", office.publication_take_down, name="publication-take-down"),
    path("settings/", office.settings_page, name="settings"),
    path("published/", published.published_list, name="published-list"),
    path("published/<int:pk>/", published.published_detail, name="published-detail"),
]
