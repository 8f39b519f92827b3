"""The audit trail: who read or changed which citizen's data, and when."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        STATUS = "status", _("status changed")
        DELETED = "deleted", _("deleted")
        VIEWED = "viewed", _("viewed")
        CPR_REVEALED = "cpr_revealed", _("CPR number shown")
        EXPORTED = "exported", _("exported")
        IMPORTED = "imported", _("imported")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
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
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    summary = models.CharField(_("summary"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        # Not the summary: this name is shown wherever the event is (admin titles, breadcrumbs),
        # also to readers who may not see what a record about a citizen says.
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or '–'}: {self.get_action_display()}"
