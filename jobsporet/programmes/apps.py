from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "jobsporet.programmes"
    label = "programmes"
    verbose_name = _("Programmes and funding")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (memberships follow the separation of duties)
