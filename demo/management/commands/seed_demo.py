"""`manage.py seed_demo [--participants N]`: the demo data set (see demo/generator.py)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from demo.generator import (
    DEMO_PASSWORD,
    DEMO_USERS,
    PUBLISHED_PARTICIPANTS,
    SeedingUnfinished,
    seed,
)


class Command(BaseCommand):
    help = "Create the demo programmes, companies, participants and users (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants",
            type=int,
            default=PUBLISHED_PARTICIPANTS,
            help="size of the Jobsporet cohort (default: the published 121); scales the rest",
        )

    def handle(self, *args, participants: int, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates users whose password is "
                f"'{DEMO_PASSWORD}'. It is for development and demonstrations only."
            )
        if participants < 8:
            raise CommandError("--participants must be at least 8.")
        started = time.monotonic()
        written = 0

        def progress(cases: int) -> None:
            # Each chunk is committed: a run that stops has written what was reported.
            nonlocal written
            written += cases
            self.stdout.write(f"{written:,} cases written ({time.monotonic() - started:.0f} s)")

        try:
            report = seed(today=timezone.localdate(), participants=participants, progress=progress)
        except SeedingUnfinished as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        for slug in report.created_programmes:
            self.stdout.write(f"Created programme {slug}.")
        for slug in report.skipped_programmes:
            self.stdout.write(f"Programme {slug} already has data; left as it is.")
        self.stdout.write(
            f"{report.participants} participants and {report.companies} companies created "
            f"in {seconds:.1f} s."
        )
        logins = ", ".join(username for username, *_rest in DEMO_USERS)
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): {logins}")
