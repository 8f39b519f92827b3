"""The audit trail: who read or changed which citizen's data, when, from where and why.

Audit rows are written once and never changed through the app: the model and its QuerySet
refuse updates and deletes, the admin is read-only, and on PostgreSQL a trigger refuses them in
the database too. Two jobs may touch them, inside `audit.maintenance()`: the retention job that
deletes access entries past their retention, and the anonymisation that blanks the personal
values an old change entry holds (see privacy/services.py).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import summaries
from .audit_guard import AuditRowProtected, GuardedQuerySet, guard_row_write


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        STATUS = "status", _("status changed")
        DELETED = "deleted", _("deleted")
        VIEWED = "viewed", _("viewed")
        SEARCHED = "searched", _("searched")
        ADMIN_VIEWED = "admin_viewed", _("viewed in the admin")
        CPR_REVEALED = "cpr_revealed", _("CPR number shown")
        EXPORTED = "exported", _("exported")
        IMPORTED = "imported", _("imported")

    # Reads of personal data (as opposed to changes): kept for AUDIT_ACCESS_RETENTION_MONTHS.
    ACCESS_ACTIONS = (
        Action.VIEWED,
        Action.SEARCHED,
        Action.ADMIN_VIEWED,
        Action.CPR_REVEALED,
        Action.EXPORTED,
    )

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # PROTECT: an account that has read or changed citizens' data is closed, never deleted, so
    # "by whom" stays answerable.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    target_id = models.PositiveBigIntegerField(_("record"))
    # The citizen the event concerns, so "everything that happened to this person's data"
    # is one indexed query (a citizen may ask for it).
    person_id = models.PositiveBigIntegerField(_("person"), null=True, blank=True, db_index=True)
    # The keyed hash of a CPR number searched for, found or not: a citizen who was never
    # enrolled can still be told that someone searched for them (never the number itself).
    subject_digest = models.CharField(
        _("searched CPR number (keyed hash)"), max_length=64, blank=True, db_index=True
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    summary = models.CharField(_("summary"), max_length=300)
    # The summary as a message (core/summaries.py), so the case history reads in the reader's
    # language; empty on rows written before it was kept.
    summary_message = models.JSONField(_("summary as a message"), default=dict, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    objects = GuardedQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            # A programme's latest change (every action but the reads in ACCESS_ACTIONS): one
            # step into this index, however many rows the trail holds (the start page's
            # figures are kept until it moves, reporting/views.py).
            models.Index(
                fields=["programme", "id"],
                name="audit_programme_changes",
                condition=models.Q(
                    action__in=["created", "changed", "status", "deleted", "imported"]
                ),
            ),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        # Not the summary: this name is shown wherever the event is (admin titles, breadcrumbs),
        # also to readers who may not see what a record about a citizen says.
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or '–'}: {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        guard_row_write(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRowProtected

    @property
    def summary_shown(self) -> str:
        """The summary in the active language where it was kept as a message, else as written."""
        if not self.summary_message:
            return self.summary
        return summaries.render(self.summary_message, fallback=self.summary)


class AuditListing(models.Model):
    """A citizen shown by a search or a filtered list: the list's audit event (with its
    criteria) is one row, and each person it showed is one of these, so the access report of
    any of them finds it."""

    event = models.ForeignKey(
        AuditEvent, on_delete=models.CASCADE, related_name="listings", verbose_name=_("event")
    )
    person_id = models.PositiveBigIntegerField(_("person"), db_index=True)

    objects = GuardedQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen shown in a list")
        verbose_name_plural = _("citizens shown in lists")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["event", "person_id"], name="audit_listing_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.person_id}"

    def save(self, *args, **kwargs) -> None:
        guard_row_write(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRowProtected


# An upload waiting for its import to be confirmed lives with the import toolkit.
from .imports.uploads import PendingUpload  # noqa: E402, F401
