from proactive.nominations.urls_nominations import urlpatterns as nomination_urls
from proactive.nominations.urls_rounds import urlpatterns as round_urls

app_name = "nominations"
urlpatterns = [*round_urls, *nomination_urls]
