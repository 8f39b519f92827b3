"""The FollowUp model (imported by placements.models, so Django finds it)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company
from jobsporet.core.bounds import in_bounds
from jobsporet.programmes.models import Programme
from participants.models import Participant

from ..models import HOURS_VALIDATORS, MAX_WEEKLY_HOURS

SIX_MONTHS = relativedelta(months=6)


def due_after(exit_on: datetime.date) -> datetime.date:
    """Six calendar months after the exit (31 August -> 28 February)."""
    return exit_on + SIX_MONTHS


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user) -> FollowUpQuerySet:
        if not user.has_perm("placements.view_followup"):
            return self.none()
        return self.filter(participant__programme__in=Programme.objects.visible_to(user))

    def scheduled(self) -> FollowUpQuerySet:
        """Not cancelled by a reopening."""
        return self.filter(cancelled_at__isnull=True)

    def due_by(self, day: datetime.date) -> FollowUpQuerySet:
        """Scheduled, not recorded, and due on or before the day."""
        return self.scheduled().filter(outcome="", due_on__lte=day)


class FollowUp(models.Model):
    """What became of a participant six months after leaving (one per exit)."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter")
        REGISTER = "register", _("Register data")

    class Outcome(models.TextChoices):
        ORDINARY_JOB = "ordinary_job", _("Ordinary job")
        PART_TIME = "part_time", _("Part-time job")
        FLEX_JOB = "flex_job", _("Flex job")
        SMALL_JOB = "small_job", _("Small job (a few hours)")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        EDUCATION = "education", _("Education")
        UNEMPLOYED = "unemployed", _("Unemployed")
        NOT_REACHED = "not_reached", _("Not reached")

    # In employment six months on (the ESF counts the self-employed too); an employee's
    # outcome names an employer.
    EMPLOYED = (
        Outcome.ORDINARY_JOB,
        Outcome.PART_TIME,
        Outcome.FLEX_JOB,
        Outcome.SMALL_JOB,
        Outcome.SELF_EMPLOYED,
    )
    EMPLOYEE = EMPLOYED[:4]

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("participant"),
    )
    exit_on = models.DateField(_("left"))
    due_on = models.DateField(_("follow-up due"))
    contacted_on = models.DateField(_("date of contact"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=20, choices=Method.choices, blank=True)
    outcome = models.CharField(
        _("status six months on"), max_length=20, choices=Outcome.choices, blank=True
    )
    employer = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("employer"),
    )
    employer_name = models.CharField(_("employer (name)"), max_length=200, blank=True)
    weekly_hours = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=HOURS_VALIDATORS,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("six-month follow-up")
        verbose_name_plural = _("six-month follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(cancelled_at__isnull=True),
                name="followup_one_scheduled_per_participant",
            ),
            # Recorded <=> a date of contact, a method and an outcome.
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(contacted_on__isnull=True) & Q(method=""))
                | (~Q(outcome="") & Q(contacted_on__isnull=False) & ~Q(method="")),
                name="followup_recorded_consistent",
            ),
            models.CheckConstraint(
                condition=Q(employer__isnull=True) | Q(employer_name=""),
                name="followup_one_kind_of_employer",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__isnull=True)
                | Q(weekly_hours__gt=0, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="followup_weekly_hours_range",
            ),
            *in_bounds("followup", "exit_on", "due_on", "contacted_on"),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                name="followup_open_due",
                condition=Q(outcome="", cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Six-month follow-up of %(reference)s")) % {
            "reference": self.participant.reference
        }

    @property
    def is_due(self) -> bool:
        """It has fallen due: it may be recorded from today."""
        return self.due_on <= timezone.localdate()

    @property
    def is_recorded(self) -> bool:
        return bool(self.outcome)

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name
