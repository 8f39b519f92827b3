"""Programmes (Jobsporet, its continuation, Flere skal med, ...) and their funding.

Everything a citizen or company does happens inside a programme, and staff see only the
programmes they are members of: every visible_to(user) in the project starts here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jobsporet.core.bounds import in_bounds


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgrammeQuerySet:
        """Programmes the user may work in: all for administrators, else memberships."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self
        return self.filter(members=user)


class Programme(models.Model):
    class RateBasis(models.TextChoices):
        ENROLLED = "enrolled", _("of all enrolled")
        LEAVERS = "leavers", _("of those who left")

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    target_participants = models.PositiveIntegerField(
        _("target participants"), null=True, blank=True
    )
    target_employment_rate = models.DecimalField(
        _("target employment rate"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("A fraction: 0.40 means 40 %."),
    )
    employment_rate_basis = models.CharField(
        _("target measured"),
        max_length=10,
        choices=RateBasis.choices,
        default=RateBasis.ENROLLED,
    )
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="programmes",
        blank=True,
        verbose_name=_("members"),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        permissions = [
            ("view_outcomes", _("Can see outcome dashboards and reports")),
            ("import_data", _("Can import spreadsheets")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(target_employment_rate__isnull=True)
                | Q(target_employment_rate__gte=0, target_employment_rate__lte=1),
                name="programme_target_rate_is_fraction",
            ),
            *in_bounds("programme", "starts_on", "ends_on"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingEntry(models.Model):
    """One line of a programme's economy: a grant, the budget (eligible costs) or an expense."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        BUDGET = "budget", _("Budget")
        EXPENSE = "expense", _("Expense")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="funding", verbose_name=_("programme")
    )
    reference = models.CharField(_("reference"), max_length=40)

    class Source(models.TextChoices):
        """Where a grant's money comes from (the four sources a programme reports on)."""

        ESF = "esf", _("EU Social Fund")
        BUSINESS_PROMOTION = "business_promotion", _("Decentral business-promotion funds")
        MUNICIPALITY = "municipality", _("The municipality's own budget")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (DKK)"), max_digits=14, decimal_places=2)
    description = models.TextField(_("description"), blank=True)

    # A correction leaves the line as it was (who changed it and when) in its history.
    history = HistoricalRecords()

    # What a line must name besides its amount, by kind: a grant its source, an expense its
    # category. The ledger's form (services._check) and the funding import apply this one rule.
    NAMED_BY_KIND = {Kind.GRANT: "source", Kind.EXPENSE: "category"}

    class Meta:
        verbose_name = _("funding entry")
        verbose_name_plural = _("funding entries")
        ordering = ["programme", "on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="funding_reference_unique_in_programme"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
            *in_bounds("funding_entry", "on"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_kind_display()} {self.amount} kr."

    @classmethod
    def unnamed(cls, kind: str, values: Mapping[str, object]) -> str | None:
        """The field a line of this kind must name but leaves blank, or None."""
        field = cls.NAMED_BY_KIND.get(kind)
        if field is not None and not str(values.get(field) or "").strip():
            return field
        return None
