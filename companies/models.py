"""Training and network companies, their cooperation agreements with programmes, and mentors."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jobsporet.core.bounds import in_bounds
from jobsporet.core.choices import Sector
from jobsporet.programmes.models import Programme

from .cvr import validate_cvr


class CompanyQuerySet(models.QuerySet):
    def visible_to(self, user) -> CompanyQuerySet:
        """Companies are shared across programmes: any role that reads companies sees them all."""
        if not user.has_perm("companies.view_company"):
            return self.none()
        return self


class Company(models.Model):
    cvr = models.CharField(_("CVR number"), max_length=8, unique=True, validators=[validate_cvr])
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # Companies ask for one fixed contact at the jobcenter.
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("company consultant"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(cvr__regex=r"^[0-9]{8}$"), name="company_cvr_digits")
        ]
        # The company list's order: a page is read from the index, not sorted from every row.
        indexes = [models.Index(fields=["name", "id"], name="company_name_order")]

    def __str__(self) -> str:
        return self.name


def places_in_use(*, company: OuterRef | int, programme: OuterRef | Programme | int) -> Coalesce:
    """How many of the programme's participants train at the company now (its open training
    placements), as a subquery. The placement model is reached through the reverse relation,
    so that companies need not import placements."""
    placement = Company.placements.rel.related_model
    trainings = (
        placement.objects.training()
        .open()
        .filter(company=company, participant__programme=programme)
        .order_by()
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(trainings, output_field=IntegerField()), 0)


def with_place_flags(queryset: models.QuerySet) -> models.QuerySet:
    """The training-places rule, in one place. Adds has_free_place, over_capacity and
    free_places to rows that carry is_training, training_capacity (None: no fixed number) and
    places_in_use. Capacity is a planning figure: history may exceed it, and then it shows."""
    capacity = F("training_capacity")
    return queryset.annotate(
        has_free_place=ExpressionWrapper(
            Q(is_training=True)
            & (Q(training_capacity__isnull=True) | Q(places_in_use__lt=capacity)),
            output_field=BooleanField(),
        ),
        over_capacity=ExpressionWrapper(
            Q(training_capacity__isnull=False) & Q(places_in_use__gt=capacity),
            output_field=BooleanField(),
        ),
        free_places=Case(
            When(training_capacity__isnull=True, then=Value(None)),
            default=Greatest(capacity - F("places_in_use"), 0),
            output_field=IntegerField(),
        ),
    )


def places_wording(row) -> str:
    """The training places of a row annotated by with_place_flags, worded one way everywhere
    (the company list and page, the training form): "2 of 2 in use · 0 free", or "3 in use · no
    fixed number of places" for an agreement without a fixed number."""
    if row.training_capacity is None:
        return gettext("%(used)s in use · no fixed number of places") % {"used": row.places_in_use}
    return gettext("%(used)s of %(capacity)s in use · %(free)s free") % {
        "used": row.places_in_use,
        "capacity": row.training_capacity,
        "free": row.free_places,
    }


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgreementQuerySet:
        """Agreements with the programmes the user works in (the company list shows them)."""
        return self.filter(programme__in=Programme.objects.visible_to(user))

    def in_force_on(self, day: datetime.date) -> AgreementQuerySet:
        return self.filter(signed_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def with_places(self) -> AgreementQuerySet:
        """Each agreement with places_in_use (the programme's open trainings at the company)
        and the rule's has_free_place, over_capacity and free_places (see with_place_flags)."""
        in_use = places_in_use(company=OuterRef("company_id"), programme=OuterRef("programme_id"))
        return with_place_flags(self.annotate(places_in_use=in_use))


class Agreement(models.Model):
    """A company's cooperation agreement with a programme: trains, hires, or both."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("company")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("programme")
    )
    is_training = models.BooleanField(_("training company"), default=False)
    is_network = models.BooleanField(_("network company (hires)"), default=False)
    training_capacity = models.PositiveSmallIntegerField(
        _("training places"),
        null=True,
        blank=True,
        help_text=_("How many trainees the company takes at once."),
    )
    signed_on = models.DateField(_("signed"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["company__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "programme"], name="one_agreement_per_company_and_programme"
            ),
            models.CheckConstraint(
                condition=Q(is_training=True) | Q(is_network=True), name="agreement_has_a_role"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("signed_on")),
                name="agreement_ends_after_signing",
            ),
            *in_bounds("agreement", "signed_on", "ends_on"),
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.programme}"

    @property
    def role_labels(self) -> list[str]:
        labels = []
        if self.is_training:
            labels.append(str(_("Training")))
        if self.is_network:
            labels.append(str(_("Network")))
        return labels


class MentorQuerySet(models.QuerySet):
    def visible_to(self, user) -> MentorQuerySet:
        """Mentors of the companies the user may read."""
        return self.filter(company__in=Company.objects.visible_to(user))


class Mentor(models.Model):
    """A person at a company who helps participants on the job."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="mentors", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MentorQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
