"""Data protection: the record of each anonymisation an administrator approved.

The access report and the data-subject export read other apps' data and store nothing; their
permissions live on AnonymisationRun's Meta because Django keeps permissions on a model.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnonymisationRun(models.Model):
    """One approved anonymisation: the persons it covers were fixed when it was approved (the
    administrator saw exactly that list), and it records what it did."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved, waiting to run")
        DONE = "done", _("Done")

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), auto_now_add=True)
    cutoff = models.DateField(_("left before"))
    person_ids = models.JSONField(_("persons"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPROVED, editable=False
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    anonymised = models.PositiveIntegerField(_("persons anonymised"), default=0, editable=False)
    skipped = models.PositiveIntegerField(_("persons skipped"), default=0, editable=False)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-approved_at", "-pk"]
        default_permissions = ("view",)
        permissions = [
            ("view_access_report", _("Can see who read or changed a citizen's data")),
            ("export_subject_data", _("Can export everything stored about a citizen")),
            ("approve_anonymisation", _("Can approve the anonymisation of old cases")),
        ]

    def __str__(self) -> str:
        return str(_("Anonymisation approved %(day)s")) % {"day": f"{self.approved_at:%Y-%m-%d}"}
