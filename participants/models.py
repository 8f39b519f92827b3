"""Citizens and their enrolments, development plans, case notes and parallel efforts.

A Person is the citizen, once, whatever programmes they take part in; a Participant is one
enrolment of that person in one programme. Status fields change only through services.py.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jobsporet.core.bounds import in_bounds
from jobsporet.core.choices import Sector
from jobsporet.programmes.models import Programme

from . import cpr, esf


class Barrier(models.TextChoices):
    PHYSICAL = "physical", _("Physical or health")
    SOCIAL = "social", _("Social")
    LANGUAGE = "language", _("Language")
    OTHER = "other", _("Other")


class PersonQuerySet(models.QuerySet):
    def with_cpr(self, raw_cpr: str) -> PersonQuerySet:
        """Exact look-up by CPR through the keyed hash (raises ValidationError if malformed)."""
        return self.filter(cpr_digest=cpr.digest(cpr.normalise(raw_cpr)))


class Person(models.Model):
    """The citizen. The CPR number is stored encrypted; cpr_digest makes it unique and findable."""

    cpr_encrypted = models.TextField(_("CPR number (encrypted)"), editable=False)
    cpr_digest = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["cpr_encrypted", "cpr_digest"])
    objects = PersonQuerySet.as_manager()

    # An anonymised person's digest (privacy/anonymisation.py): unique, and never an HMAC.
    ANONYMISED_PREFIX = "anonymised-"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name"]
        # The participant list's default order reads persons in this index's order. The name
        # search has trigram indexes on PostgreSQL (migration 0002), which SQLite does without.
        # The id with the names: a name search walks this index in name order and matches the
        # names read from it alone (PostgreSQL's index-only scan), stopping at the first page's
        # rows instead of sorting every match (participants.filters).
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_order_id")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_anonymised(self) -> bool:
        return self.cpr_digest.startswith(self.ANONYMISED_PREFIX)

    @property
    def cpr(self) -> str:
        """The CPR number in clear, DDMMYY-SSSS. Only for a user allowed to see it (audited).
        Empty once the person is anonymised (the number is gone)."""
        if self.is_anonymised:
            return ""
        return cpr.format_cpr(cpr.decrypt(self.cpr_encrypted))

    @property
    def masked_cpr(self) -> str:
        # The date part is also in birth_date, so masking needs no decryption.
        return f"{self.birth_date:%d%m%y}-xxxx"

    def set_cpr(self, raw_cpr: str) -> None:
        digits = cpr.normalise(raw_cpr)
        self.cpr_encrypted = cpr.encrypt(digits)
        self.cpr_digest = cpr.digest(digits)
        self.birth_date = cpr.birth_date(digits)

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user) -> ParticipantQuerySet:
        """Enrolments in programmes the user is a member of, if their role reads cases."""
        if not user.has_perm("participants.view_participant"):
            return self.none()
        return self.filter(programme__in=Programme.objects.visible_to(user))

    def active(self) -> ParticipantQuerySet:
        return self.filter(exit_on__isnull=True)

    def enrolled_by(self, day: datetime.date) -> ParticipantQuerySet:
        return self.filter(enrolled_on__lte=day)

    def with_person(self) -> ParticipantQuerySet:
        # The plan is one-to-one and every case has one: the case page reads it from this join.
        return self.select_related(
            "person", "programme", "job_broker", "case_worker", "development_plan"
        )


class Participant(models.Model):
    """One person's enrolment in one programme: the case a job broker runs."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        IN_TRAINING = "in_training", _("In training")
        EXITED = "exited", _("Left")

    class ExitOutcome(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment")
        EDUCATION = "education", _("Education")
        DROPOUT = "dropout", _("Stopped")

    class BenefitType(models.TextChoices):
        CASH_BENEFIT = "cash_benefit", _("Cash benefit")
        EDUCATION_BENEFIT = "education_benefit", _("Education benefit")
        UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("Unemployment benefit")
        SICKNESS_BENEFIT = "sickness_benefit", _("Sickness benefit")
        RESOURCE_COURSE = "resource_course", _("Resource course")
        JOB_CLARIFICATION = "job_clarification", _("Job clarification course")
        FLEX_JOB_BENEFIT = "flex_job_benefit", _("Flex-job unemployment benefit")
        INTEGRATION_BENEFIT = "integration_benefit", _("Self-support and integration benefit")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("person")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("programme"),
    )
    reference = models.CharField(_("case number"), max_length=30)
    enrolled_on = models.DateField(_("enrolled"))
    job_broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("job broker"),
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_worker_for",
        verbose_name=_("case worker"),
    )
    benefit_type = models.CharField(
        _("benefit"), max_length=30, choices=BenefitType.choices, blank=True
    )
    barrier_physical = models.BooleanField(_("physical or health barriers"), default=False)
    barrier_social = models.BooleanField(_("social barriers"), default=False)
    barrier_language = models.BooleanField(_("language barriers"), default=False)
    barrier_other = models.BooleanField(_("other barriers"), default=False)
    barrier_notes = models.TextField(_("about the barriers"), blank=True)
    target_sectors = models.JSONField(_("target sectors"), default=list, blank=True)
    consent_on = models.DateField(_("consent given"), null=True, blank=True)
    # The EU Social Fund's characteristics at entry and on leaving (participants/esf.py).
    gender = models.CharField(_("gender"), max_length=10, choices=esf.Gender.choices, blank=True)
    labour_market_status = models.CharField(
        _("labour-market status at entry"),
        max_length=30,
        choices=esf.LabourMarketStatus.choices,
        blank=True,
    )
    unemployed_since = models.DateField(_("unemployed since"), null=True, blank=True)
    education_level = models.CharField(
        _("highest completed education"),
        max_length=20,
        choices=esf.EducationLevel.choices,
        blank=True,
    )
    disadvantaged_migrant = models.BooleanField(
        esf.DISADVANTAGED["disadvantaged_migrant"], null=True, blank=True
    )
    disadvantaged_disability = models.BooleanField(
        esf.DISADVANTAGED["disadvantaged_disability"], null=True, blank=True
    )
    disadvantaged_other = models.BooleanField(
        esf.DISADVANTAGED["disadvantaged_other"], null=True, blank=True
    )
    disadvantaged_homeless = models.BooleanField(
        esf.DISADVANTAGED["disadvantaged_homeless"], null=True, blank=True
    )
    disadvantaged_rural = models.BooleanField(
        esf.DISADVANTAGED["disadvantaged_rural"], null=True, blank=True
    )
    job_searching_at_exit = models.BooleanField(
        _("job searching on leaving"), null=True, blank=True
    )
    qualification_at_exit = models.BooleanField(
        _("gained a qualification on leaving"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED, editable=False
    )
    exit_on = models.DateField(_("left"), null=True, blank=True, editable=False)
    exit_outcome = models.CharField(
        _("outcome"), max_length=20, choices=ExitOutcome.choices, blank=True, editable=False
    )
    exit_reason = models.TextField(_("reason for leaving"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-enrolled_on", "reference"]
        permissions = [
            ("reveal_cpr", _("Can see full CPR numbers")),
            (
                "view_sensitive",
                _("Can see barriers, case notes, development plans and parallel efforts"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="participant_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["person", "programme"],
                condition=Q(exit_on__isnull=True),
                name="one_active_enrolment_per_person_and_programme",
            ),
            models.CheckConstraint(
                condition=Q(exit_on__isnull=True) | Q(exit_on__gte=models.F("enrolled_on")),
                name="participant_exit_after_enrolment",
            ),
            # Left <=> has an exit date and an outcome; active <=> neither.
            models.CheckConstraint(
                condition=(Q(status="exited") & Q(exit_on__isnull=False) & ~Q(exit_outcome=""))
                | (~Q(status="exited") & Q(exit_on__isnull=True) & Q(exit_outcome="")),
                name="participant_exit_consistent",
            ),
            # The unemployment began before the enrolment, and only the unemployed have one.
            models.CheckConstraint(
                condition=Q(unemployed_since__isnull=True)
                | (
                    Q(labour_market_status="unemployed")
                    & Q(unemployed_since__lte=models.F("enrolled_on"))
                ),
                name="participant_unemployed_since_consistent",
            ),
            *in_bounds("participant", "enrolled_on", "consent_on", "exit_on", "unemployed_since"),
        ]
        indexes = [
            models.Index(fields=["programme", "status"], name="participant_prog_status"),
            # The programme's cases by enrolment (the lists' order), with every column the KPI
            # engine counts them by: its figures are read from the index alone (PostgreSQL's
            # index-only scan), not from the wide rows.
            models.Index(
                fields=["programme", "enrolled_on", "exit_on", "exit_outcome", "job_broker", "id"],
                name="participant_prog_enrolled_exit",
            ),
            models.Index(fields=["job_broker", "status"], name="participant_broker_status"),
            # A person's case in a programme, with its id, read from the index alone: the list
            # in name order goes from each person (the name index) to their case here.
            models.Index(fields=["person", "programme", "id"], name="participant_person_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.reference})"

    @property
    def is_active(self) -> bool:
        return self.exit_on is None

    @property
    def barriers(self) -> list[Barrier]:
        return [barrier for barrier in Barrier if getattr(self, f"barrier_{barrier.value}")]

    @property
    def age_at_entry(self) -> int:
        return self.person.age_on(self.enrolled_on)

    @property
    def disadvantaged_groups(self) -> list[tuple[str, bool | None]]:
        """(label, yes/no/not stated) per disadvantaged group: sensitive (view_sensitive)."""
        return [(label, getattr(self, name)) for name, label in esf.DISADVANTAGED.items()]

    @property
    def target_sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.target_sectors]


class DevelopmentPlan(models.Model):
    """The professional and personal development plan: goals, and reviews on a schedule."""

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="development_plan",
        verbose_name=_("participant"),
    )
    summary = models.TextField(_("summary"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        constraints = in_bounds("development_plan", "next_review_on")

    def __str__(self) -> str:
        return str(_("Development plan for %(name)s")) % {"name": self.participant.person}


class Goal(models.Model):
    class Area(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        PERSONAL = "personal", _("Personal")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    title = models.CharField(_("goal"), max_length=200)
    barrier = models.CharField(
        _("barrier addressed"), max_length=20, choices=Barrier.choices, blank=True
    )
    actions = models.TextField(_("actions"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    target_on = models.DateField(_("target date"), null=True, blank=True)
    # How far the goal has come, as the latest review put it (set with the goal's status).
    progress = models.CharField(_("progress"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["area", "target_on", "pk"]
        constraints = in_bounds("goal", "target_on")

    def __str__(self) -> str:
        return self.title

    @property
    def is_past_target(self) -> bool:
        """Still open (planned or in progress) after its target date: flagged on the case page."""
        open_statuses = (self.Status.PLANNED, self.Status.IN_PROGRESS)
        return (
            self.status in open_statuses
            and self.target_on is not None
            and self.target_on < timezone.localdate()
        )


class Review(models.Model):
    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("plan")
    )
    reviewed_on = models.DateField(_("review date"))
    progress = models.TextField(_("progress"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True)
                | Q(next_review_on__gt=models.F("reviewed_on")),
                name="review_next_after_this",
            ),
            *in_bounds("review", "reviewed_on", "next_review_on"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewed_on}"


class CaseNoteQuerySet(models.QuerySet):
    def follow_ups_due(self, by: datetime.date) -> CaseNoteQuerySet:
        return self.filter(follow_up_on__lte=by, follow_up_done_at__isnull=True)


class CaseNote(models.Model):
    """The contact log: every conversation, call, visit and e-mail with or about a participant."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        PHONE = "phone", _("Phone call")
        COMPANY_VISIT = "company_visit", _("Company visit")
        EMAIL = "email", _("E-mail")
        INFO_MEETING = "info_meeting", _("Info meeting")
        INTAKE_INTERVIEW = "intake_interview", _("Intake interview")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="notes", verbose_name=_("participant")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_notes",
        verbose_name=_("written by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    text = models.TextField(_("note"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    # Closing a case ends its open follow-ups (follow_up_done_at is when): they are no longer
    # due, but were not done either, and reopening the case opens them again.
    follow_up_ended_by_exit = models.BooleanField(
        _("follow-up ended when the case was closed"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(
                fields=["follow_up_on"],
                name="casenote_open_follow_up",
                condition=Q(follow_up_done_at__isnull=True),
            ),
        ]
        constraints = in_bounds("case_note", "follow_up_on", instants=("occurred_at",))

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class ParallelEffort(models.Model):
    """An intervention the jobcenter runs beside the placement."""

    class Kind(models.TextChoices):
        HEALTH = "health", _("Health")
        LANGUAGE = "language", _("Language")
        DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")
        OTHER = "other", _("Other")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="parallel_efforts",
        verbose_name=_("participant"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parallel effort")
        verbose_name_plural = _("parallel efforts")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="parallel_effort_ends_after_start",
            ),
            *in_bounds("parallel_effort", "starts_on", "ends_on"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
