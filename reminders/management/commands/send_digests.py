"""`manage.py send_digests`: today's reminder digests by hand (beat sends them every morning)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.digests import digests_send


class Command(BaseCommand):
    help = "Mail today's reminder digests to job brokers and case workers (once a day each)."

    def handle(self, *args, **options) -> None:
        sent = digests_send(today=timezone.localdate())
        self.stdout.write(f"{sent} digest(s) sent.")
