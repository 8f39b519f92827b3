from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set (seed_demo): it writes every app's data, so it sits above them all and
    no app imports it."""

    name = "demo"
    verbose_name = "Demo"
