"""KPI snapshots: store programme_kpis for a date, and read it back only while it can be trusted.

A snapshot is the engine's own output (every field of Kpis, as JSON), so a page that reads one
shows exactly what computing would show, as long as nothing the figures count has changed since.
The rule (docs/architecture.md, "KPI snapshots"): a snapshot is trusted only if the programme's
audit trail records no change (created, changed, status changed, deleted, imported) from an hour
before it was made onwards, and the programme's slug, targets and basis are still the ones it
was made with. Every write to a case, a placement, an agreement, a follow-up or a funding line
goes through a service that writes such an audit row with the programme, so a correction of the
past (an exit registered late, a funding line corrected) makes that programme's snapshots
stale at once, whatever date they are for; the hour covers a write whose transaction was still
open when the snapshot was computed. A stale snapshot is ignored (the figures are computed) and
made again by the next run of the task or the command. The names of the training companies are
the ones they had when the snapshot was made (a company's new name is not a change of the
programme's data).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import DateTimeField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import Programme

from .followup import FollowUpFigures
from .kpis import (
    CompanyCounts,
    Funding,
    HoursLadder,
    Kpis,
    ParticipantCounts,
    Targets,
    TrainingCompany,
    _targets,
    programme_kpis,
)
from .models import KpiSnapshot

# A change recorded this long before a snapshot was made still makes it stale: the change's
# transaction may not have committed when the snapshot read the data.
SETTLE = datetime.timedelta(hours=1)
CHANGE_ACTIONS = [
    action for action in AuditEvent.Action.values if action not in AuditEvent.ACCESS_ACTIONS
]


def encode(kpis: Kpis) -> dict:
    """Every field of Kpis as JSON (amounts as exact decimal strings, dates ISO)."""
    return json.loads(json.dumps(dataclasses.asdict(kpis), cls=DjangoJSONEncoder))


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def decode(data: dict) -> Kpis:
    """The Kpis that encode() wrote (equal to it, field by field)."""
    money = data["funding"]
    return Kpis(
        program=data["program"],
        as_of=datetime.date.fromisoformat(data["as_of"]),
        targets=Targets(**data["targets"]),
        participants=ParticipantCounts(**data["participants"]),
        employment_rate=data["employment_rate"],
        employment_rate_of_leavers=data["employment_rate_of_leavers"],
        target_basis=data["target_basis"],
        target_rate=data["target_rate"],
        target_met=data["target_met"],
        companies=CompanyCounts(**data["companies"]),
        median_days_to_employment=data["median_days_to_employment"],
        hours=HoursLadder(**data["hours"]),
        funding=Funding(
            granted=Decimal(money["granted"]),
            budget=Decimal(money["budget"]),
            spent=Decimal(money["spent"]),
            spent_share=money["spent_share"],
            cost_per_participant=_decimal(money["cost_per_participant"]),
            cost_per_employed=_decimal(money["cost_per_employed"]),
        ),
        training_companies=[TrainingCompany(**row) for row in data["training_companies"]],
        followup=FollowUpFigures(**data["followup"]),
    )


def running_on(day: datetime.date):
    """The programmes running on `day` (started, and not ended before it)."""
    return Programme.objects.filter(starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def kpi_snapshot_store(*, programme: Programme, as_of: datetime.date) -> KpiSnapshot:
    """Compute programme_kpis for `as_of` and store it, replacing that date's snapshot. The
    time stored is taken before the figures are read, so a change made meanwhile is later."""
    made_at = timezone.now()
    kpis = programme_kpis(programme, as_of)
    snapshot, _created = KpiSnapshot.objects.update_or_create(
        programme=programme, as_of=as_of, defaults={"figures": encode(kpis), "made_at": made_at}
    )
    return snapshot


def kpi_snapshots_store(*, as_of: datetime.date, slug: str | None = None) -> int:
    """The snapshot of `as_of` for the programme `slug` (Programme.DoesNotExist if there is no
    such programme), or for every programme running on that date. Returns how many."""
    programmes = [Programme.objects.get(slug=slug)] if slug is not None else list(running_on(as_of))
    for programme in programmes:
        kpi_snapshot_store(programme=programme, as_of=as_of)
    return len(programmes)


def kpi_snapshots_store_nightly(today: datetime.date) -> int:
    """The nightly run: today's snapshot of every running programme, and the end date's of every
    ended programme that has no trusted one (the date the comparison page shows it on). Returns
    how many were stored."""
    stored = kpi_snapshots_store(as_of=today)
    ended = list(Programme.objects.filter(ends_on__lt=today))
    trusted = trusted_kpis([(programme, programme.ends_on) for programme in ended])
    for programme in ended:
        if programme.pk not in trusted:
            kpi_snapshot_store(programme=programme, as_of=programme.ends_on)
            stored += 1
    return stored


def trusted_kpis(wanted: list[tuple[Programme, datetime.date]]) -> dict[int, Kpis]:
    """The snapshots of `wanted` (programme, date) that can be trusted (see the module
    docstring), by programme id. One query."""
    if not wanted:
        return {}
    pairs = Q()
    for programme, day in wanted:
        pairs |= Q(programme_id=programme.pk, as_of=day)
    changed_since = AuditEvent.objects.filter(
        programme_id=OuterRef("programme_id"),
        action__in=CHANGE_ACTIONS,
        at__gte=ExpressionWrapper(OuterRef("made_at") - SETTLE, output_field=DateTimeField()),
    )
    rows = (
        KpiSnapshot.objects.filter(pairs)
        .annotate(stale=Exists(changed_since))
        .filter(stale=False)
        .values_list("programme_id", "as_of", "figures")
    )
    programmes = {programme.pk: programme for programme, _day in wanted}
    days = {programme.pk: day for programme, day in wanted}
    trusted = {}
    for programme_id, as_of, figures in rows:
        programme = programmes[programme_id]
        try:
            kpis = decode(figures)
        except (KeyError, TypeError, ValueError):
            continue  # made by an engine of another shape: computed instead
        same_programme = (
            kpis.program == programme.slug
            and kpis.targets == _targets(programme)
            and kpis.target_basis == programme.employment_rate_basis
        )
        if same_programme and as_of == days[programme_id]:
            trusted[programme_id] = kpis
    return trusted


def kpis_for(wanted: list[tuple[Programme, datetime.date]]) -> list[Kpis]:
    """programme_kpis of each (programme, date): read from a trusted snapshot where there is
    one, computed where there is not. One query plus the engine's for each computed."""
    trusted = trusted_kpis(wanted)
    return [
        trusted.get(programme.pk) or programme_kpis(programme, day) for programme, day in wanted
    ]
