from django.urls import path

from proactive.web.views import pages

app_name = "web"
urlpatterns = [
    path("", pages.home, name="home"),
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("language/", pages.set_language, name="set-language"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
]
