from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("proactive.web.urls")),
    path("accounts/", include("proactive.accounts.urls")),
    path("audit/", include("proactive.audit.urls")),
    path("notifications/", include("proactive.notifications.urls")),
    path("documents/", include("proactive.documents.urls")),
    path("programme/", include("proactive.programme.urls")),
    path("selection/", include("proactive.nominations.urls")),
    path("mileage/", include("proactive.mileage.urls")),
    path("report/", include("proactive.reporting.urls_public")),
    path("reporting/", include("proactive.reporting.urls")),
    path("committee/", include("proactive.committee.urls")),
    path("opinions/", include("proactive.opinions.urls")),
    path("consulting/", include("proactive.consulting.urls")),
    path("protection/", include("proactive.protection.urls")),
    path("legal-support/", include("proactive.legalsupport.urls")),
    path("publications/", include("proactive.publications.urls")),
    path("bulletin/", include("proactive.bulletins.urls")),
    path("search/", include("proactive.search.urls")),
    path("action-plan/", include("proactive.actionplan.urls")),
    path("outreach/", include("proactive.outreach.urls")),
    path("healthz", include("proactive.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL_PATH, admin.site.urls),
]

handler400 = "proactive.web.views.errors.bad_request"
handler403 = "proactive.web.views.errors.permission_denied"
handler404 = "proactive.web.views.errors.page_not_found"
handler500 = "proactive.web.views.errors.server_error"
