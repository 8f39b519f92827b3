"""Placements: a participant training at a company, or employed by one, and hours over time."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company, Mentor
from jobsporet.core.bounds import in_bounds
from jobsporet.programmes.models import Programme
from participants.models import Participant

MAX_WEEKLY_HOURS = Decimal(48)
HOURS_VALIDATORS = [MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_WEEKLY_HOURS)]


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlacementQuerySet:
        if not user.has_perm("placements.view_placement"):
            return self.none()
        return self.filter(participant__programme__in=Programme.objects.visible_to(user))

    def training(self) -> PlacementQuerySet:
        return self.filter(kind=Placement.Kind.TRAINING)

    def employment(self) -> PlacementQuerySet:
        return self.filter(kind=Placement.Kind.EMPLOYMENT)

    def open(self) -> PlacementQuerySet:
        return self.filter(ended_on__isnull=True)

    def covering(self, day: datetime.date) -> PlacementQuerySet:
        """Started on or before the day and not ended before it."""
        return self.filter(starts_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )


class Placement(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        EMPLOYMENT = "employment", _("Employment")

    class EmploymentType(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary job")
        PART_TIME = "part_time", _("Part-time job")
        FLEX_JOB = "flex_job", _("Flex job")
        HOURLY_SMALL_JOB = "hourly_small_job", _("Hourly small job")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("participant"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="placements", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    employment_type = models.CharField(
        _("type of employment"), max_length=20, choices=EmploymentType.choices, blank=True
    )
    starts_on = models.DateField(_("starts"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    mentor = models.ForeignKey(
        Mentor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("mentor"),
    )
    weekly_hours = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=HOURS_VALIDATORS,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "company", "kind", "starts_on"],
                name="placement_natural_key",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(planned_end_on__gte=models.F("starts_on")),
                name="placement_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(kind="training") & Q(employment_type=""))
                | (Q(kind="employment") & ~Q(employment_type="")),
                name="placement_employment_type_only_for_employment",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__isnull=True)
                | Q(weekly_hours__gt=0, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="placement_weekly_hours_range",
            ),
            *in_bounds("placement", "starts_on", "planned_end_on", "ended_on"),
        ]
        indexes = [
            models.Index(fields=["company", "kind", "ended_on"], name="placement_company_open"),
            models.Index(fields=["kind", "planned_end_on"], name="placement_kind_planned_end"),
            # What the KPI engine reads of trainings (in training on a day, trained at each
            # company or in each sector) and of employments (each hire's first job, ranked by
            # start, and its hours), so it reads them from these indexes alone.
            models.Index(
                fields=["participant", "starts_on", "ended_on", "company"],
                condition=Q(kind="training"),
                name="placement_trainings",
            ),
            models.Index(
                fields=["participant", "starts_on", "id", "weekly_hours"],
                condition=Q(kind="employment"),
                name="placement_employments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.participant.person} @ {self.company}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class HoursChange(models.Model):
    """A change in the weekly hours of an employment: the ladder towards self-support."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="hours_changes",
        verbose_name=_("employment"),
    )
    changed_on = models.DateField(_("from"))
    weekly_hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change of hours")
        verbose_name_plural = _("changes of hours")
        ordering = ["placement", "changed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "changed_on"], name="one_hours_change_per_day"
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="hours_change_range",
            ),
            *in_bounds("hours_change", "changed_on"),
        ]

    def __str__(self) -> str:
        return f"{self.changed_on}: {self.weekly_hours}"


# The six-month follow-up has its own package; imported here so Django finds the model.
from .followups.models import FollowUp  # noqa: E402, F401
