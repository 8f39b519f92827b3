from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jobsporet.core"
    label = "core"
    verbose_name = _("Audit and imports")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the operational-log receivers)
