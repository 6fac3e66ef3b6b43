"""Legal support lives under ``/legal-support/`` (namespace ``legalsupport:``)."""

from django.urls import path

from proactive.legalsupport.views import applications, handling, settings

app_name = "legalsupport"

urlpatterns = [
    # The applicant (and the protection officer filing on someone's behalf).
    path("", applications.mine, name="mine"),
    path("new/", applications.create, name="create"),
    path("<int:pk>/", applications.detail, name="detail"),
    path("<int:pk>/edit/", applications.edit, name="edit"),
    path("<int:pk>/submit/", applications.submit, name="submit"),
    path("<int:pk>/withdraw/", applications.withdraw, name="withdraw"),
    path("<int:pk>/comment/", applications.comment, name="comment"),
    path("<int:pk>/files/", applications.add_files, name="add-files"),
    path("<int:pk>/document/<str:kind>/", applications.document, name="document"),
    # The staff.
    path("queue/", handling.queue, name="queue"),
    path("<int:pk>/fact-finding/", handling.fact_finding, name="fact-finding"),
    path("<int:pk>/extend/", handling.extend, name="extend"),
    path("<int:pk>/committee/", handling.committee, name="committee"),
    path("<int:pk>/table/", handling.table, name="table"),
    path("<int:pk>/amount/", handling.amount, name="amount"),
    path("<int:pk>/render/", handling.render_again, name="render"),
    path("<int:pk>/payments/", handling.payments_page, name="payments"),
    path("<int:pk>/invoices/", handling.invoice_add, name="invoice-add"),
    path("<int:pk>/invoices/<int:invoice_pk>/pay/", handling.payment_add, name="payment-add"),
    path("<int:pk>/close/", handling.close, name="close"),
    path("<int:pk>/cancel/", handling.cancel, name="cancel"),
    path("<int:pk>/refund/", handling.refund, name="refund"),
    # Settings and the yearly summary.
    path("settings/", settings.settings, name="settings"),
    path("summary/", settings.summary, name="summary"),
    path("summary/export.<str:fmt>", settings.summary_export, name="summary-export"),
]
