"""Korean full-text search across cases, opinions and case studies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "proactive.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from proactive.search import receivers  # the apps registry is ready only now

        # A derived read index (decision 0021): the source models' saves and deletes queue a re-index.
        receivers.connect()
