from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "proactive.core"
    label = "core"
