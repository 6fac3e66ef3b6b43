"""Staff handling pages live under ``/reporting/`` (namespace ``reporting:``); the public reporter pages under
``/report/`` (namespace ``report:``, see ``urls_public``), where the privacy middleware strips request metadata."""

from proactive.reporting.urls_casestudies import urlpatterns as casestudy_urls
from proactive.reporting.urls_handling import urlpatterns as handling_urls
from proactive.reporting.urls_statistics import urlpatterns as statistics_urls

app_name = "reporting"
urlpatterns = [*handling_urls, *statistics_urls, *casestudy_urls]
