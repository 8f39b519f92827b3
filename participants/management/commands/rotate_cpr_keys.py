"""Re-encrypt every stored CPR number under the newest key in CPR_ENCRYPTION_KEYS.

Rotation: put a new Fernet key first in CPR_ENCRYPTION_KEYS (keep the old ones after it), deploy,
run this command, then remove the old keys. The keyed hash (CPR_HASH_KEY) is not affected.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from participants import cpr
from participants.models import Person

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt all CPR numbers with the first key in CPR_ENCRYPTION_KEYS."

    def handle(self, *args, **options) -> None:
        rotated = 0
        last_pk = 0
        while True:
            with transaction.atomic():
                batch = list(
                    Person.objects.select_for_update()
                    .filter(pk__gt=last_pk)
                    .exclude(cpr_encrypted="")  # anonymised: no number left to encrypt
                    .order_by("pk")
                    .only("pk", "cpr_encrypted")[:BATCH]
                )
                if not batch:
                    break
                for person in batch:
                    person.cpr_encrypted = cpr.rotate(person.cpr_encrypted)
                Person.objects.bulk_update(batch, ["cpr_encrypted"])
                rotated += len(batch)
                last_pk = batch[-1].pk
        self.stdout.write(f"{rotated} CPR numbers re-encrypted with the newest key.")
