from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set (``manage.py load_demo``): a composition root that may use every domain's services."""

    name = "proactive.demo"
    label = "demo"
