"""Public reporter pages (``/report/``, namespace ``report:``): the intake area's URLs."""

from proactive.reporting.urls_intake import urlpatterns as intake_urls

app_name = "report"
urlpatterns = [*intake_urls]
