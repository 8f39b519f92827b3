from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobsporet.jobs"
    label = "jobs"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Each app declares the reports it can make in its own `jobkinds.py` (registry.py).
        autodiscover_modules("jobkinds")
