"""Background tasks the broker refused: kept here until a retry gets them through."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxTaskQuerySet(models.QuerySet):
    def pending(self) -> "OutboxTaskQuerySet":
        return self.filter(sent_at__isnull=True)


class OutboxTask(models.Model):
    """One Celery task that could not be queued when its transaction committed.

    Only the task's name and its arguments (ids, never personal data) are kept, so a row says
    what will be done, not about whom.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("first tried"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    last_attempt_at = models.DateTimeField(_("last tried"), auto_now=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("queued"), null=True, blank=True)

    objects = OutboxTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task waiting for the broker")
        verbose_name_plural = _("tasks waiting for the broker")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
