"""`manage.py kpis --program SLUG [--as-of YYYY-MM-DD] [--format json|text]`."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from jobsporet.core.replica import reading_from_replica
from jobsporet.programmes.models import Programme
from reporting.kpis import programme_kpis, to_json_dict
from reporting.text import kpis_as_text


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date written YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Print a programme's outcome figures on a date, as JSON (default) or a Danish table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="the programme's slug")
        parser.add_argument("--as-of", type=str, default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, program: str, as_of: str | None, format: str, **options) -> None:
        day = _date(as_of) if as_of else timezone.localdate()
        programme = Programme.objects.filter(slug=program).first()
        if programme is None:
            known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No programme {program!r}. Known programmes: {known or 'none'}.")
        with reading_from_replica():
            kpis = programme_kpis(programme, day)
        if format == "json":
            self.stdout.write(json.dumps(to_json_dict(kpis), ensure_ascii=False, indent=2))
            return
        with translation.override("da"):
            self.stdout.write(kpis_as_text(kpis, programme_name=programme.name))
