"""`manage.py kpi_snapshot [--program SLUG] [--as-of YYYY-MM-DD]`: store KPI snapshots by hand,
as the nightly task does (reporting/snapshots.py)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jobsporet.programmes.models import Programme
from reporting.snapshots import kpi_snapshots_store

from .kpis import _date


class Command(BaseCommand):
    help = (
        "Store the outcome figures of a date (default today) as a snapshot, for one programme "
        "or for every programme running on that date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", default=None, help="the programme's slug (default: all)")
        parser.add_argument("--as-of", type=str, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, program: str | None, as_of: str | None, **options) -> None:
        today = timezone.localdate()
        day = _date(as_of) if as_of else today
        if day > today:
            raise CommandError(
                f"--as-of {day.isoformat()} is in the future: its figures can still change."
            )
        try:
            stored = kpi_snapshots_store(as_of=day, slug=program)
        except Programme.DoesNotExist:
            known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"No programme {program!r}. Known programmes: {known or 'none'}."
            ) from None
        self.stdout.write(f"Stored {stored} snapshot(s) for {day.isoformat()}.")
