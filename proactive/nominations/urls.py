from proactive.nominations.urls_archive import urlpatterns as archive_urls  # issue 7: import of past cases
from proactive.nominations.urls_awards import urlpatterns as award_urls
from proactive.nominations.urls_certificates import urlpatterns as certificate_urls
from proactive.nominations.urls_committee import urlpatterns as committee_urls
from proactive.nominations.urls_incentives import urlpatterns as incentive_urls
from proactive.nominations.urls_nominations import urlpatterns as nomination_urls
from proactive.nominations.urls_reviews import urlpatterns as review_urls
from proactive.nominations.urls_rounds import urlpatterns as round_urls
from proactive.nominations.urls_statistics import urlpatterns as statistics_urls
from proactive.nominations.urls_vote import urlpatterns as vote_urls

app_name = "nominations"
urlpatterns = [
    *round_urls,
    *nomination_urls,
    *review_urls,
    *vote_urls,
    *committee_urls,
    *award_urls,
    *incentive_urls,
    *certificate_urls,
    *statistics_urls,
    *archive_urls,
]
