"""Operational events that come from Django and Celery rather than from our services: refused
logins and failed background tasks (see oplog.py). Connected in CoreConfig.ready()."""

from __future__ import annotations

import logging

from celery.signals import task_failure
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .oplog import log_event


@receiver(user_login_failed)
def log_refused_login(sender, credentials: dict, request=None, **kwargs) -> None:
    """The username tried (never the password: Django has blanked it) and where from."""
    log_event(
        "login.refused",
        level=logging.WARNING,
        username=str(credentials.get("username", ""))[:150],
        ip=request.META.get("REMOTE_ADDR", "") if request is not None else "",
    )


@task_failure.connect
def log_failed_task(sender=None, task_id: str = "", exception: BaseException | None = None, **kw):
    """Which task failed and with what kind of error; its arguments are ids, but the error's
    text is left out, since it may quote data."""
    log_event(
        "task.failed",
        level=logging.ERROR,
        task=getattr(sender, "name", str(sender)),
        task_id=task_id,
        error=type(exception).__name__ if exception is not None else "",
    )
