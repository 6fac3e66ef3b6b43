from proactive.mileage.urls_appeals import urlpatterns as appeal_urls
from proactive.mileage.urls_catalogue import urlpatterns as catalogue_urls
from proactive.mileage.urls_claims import urlpatterns as claim_urls
from proactive.mileage.urls_redemptions import urlpatterns as redemption_urls
from proactive.mileage.urls_statements import urlpatterns as statement_urls

app_name = "mileage"
urlpatterns = [*statement_urls, *claim_urls, *redemption_urls, *appeal_urls, *catalogue_urls]
