from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MileageConfig(AppConfig):
    name = "proactive.mileage"
    label = "mileage"
    verbose_name = _("Proactive-administration mileage")
