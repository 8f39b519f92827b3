"""A background job: a report someone asked for, its progress, and the file it made.

The file is kept in the database (encrypted with the CPR keys, core/crypto.py), not on a disk:
the worker that makes it and the web container that serves it need share nothing but
PostgreSQL, so any number of either can run. It lives for JOB_FILE_HOURS and is then deleted
with its row (tasks.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def owned_by(self, user) -> JobQuerySet:
        """The user's own jobs that have not expired: all anyone may see of jobs."""
        return self.filter(owner=user, expires_at__gt=timezone.now())

    def expired(self) -> JobQuerySet:
        return self.filter(expires_at__lte=timezone.now())

    def without_file(self) -> JobQuerySet:
        return self.defer("sealed_content")


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("asked by"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    # What the kind needs to make the file (ids, dates, filters): never a CPR number.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language the user asked in: the file's headings and figures are written in it.
    language = models.CharField(_("language"), max_length=10, default="da", editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, editable=False
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0, editable=False)
    progress_total = models.PositiveIntegerField(_("in all"), default=0, editable=False)
    # Fernet token of the file's bytes (core/crypto.py seal); empty until the job is done.
    sealed_content = models.BinaryField(_("file (encrypted)"), default=b"", editable=False)
    filename = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    # Whether the file holds data about citizens: each download is then audited.
    personal_data = models.BooleanField(_("holds personal data"), default=False, editable=False)
    error = models.CharField(_("error"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("deleted after"), db_index=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="jobs_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """0-100 for the progress bar; 100 once done."""
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def label(self) -> str:
        from .registry import kind_label

        return kind_label(self.kind)
