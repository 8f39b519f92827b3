from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jobsporet.core"
    label = "core"
    verbose_name = _("Audit and imports")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the operational-log receivers)
        from .periodic import run_due_tasks

        request_finished.connect(run_due_tasks, dispatch_uid="jobsporet.periodic")
