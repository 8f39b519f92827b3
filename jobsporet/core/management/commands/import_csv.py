"""`manage.py import_csv KIND FILE [--dry-run]`: import a spreadsheet saved as CSV.

A file is imported whole or not at all. Every error is printed as 'line N, column: message' and
the command exits with status 1; nothing is written. See docs/import.md for the file formats.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from jobsporet.core.imports.errors import ImportRefused
from jobsporet.core.imports.registry import importer_for, kinds
from jobsporet.core.oplog import log_event


class Command(BaseCommand):
    help = "Import programs, companies, participants, placements, hours or funding from CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(kinds()), help="what the file holds")
        parser.add_argument("file", help="the CSV file (UTF-8 or Windows-1252, ',' or ';')")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; write nothing"
        )

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options) -> None:
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        with translation.override(settings.LANGUAGE_CODE):
            try:
                result = importer_for(kind).run(data, dry_run=dry_run)
            except ImportRefused as refused:
                for error in refused.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    f"{path.name}: {len(refused.errors)} error(s); nothing was imported."
                ) from None
            except Exception as error:
                # The traceback goes to the operational log; the user gets one line.
                log_event(
                    "import.failed", level=logging.ERROR, exc_info=True, kind=kind, file=path.name
                )
                raise CommandError(
                    f"{path.name}: the import failed ({error}); nothing was imported."
                ) from None
            prefix = "Dry run, nothing written. " if dry_run else ""
            self.stdout.write(prefix + result.summary())
