"""A run of seed_demo, so that a run which stopped part way is found by the next one.

seed_demo commits a chunk of cases at a time (demo/writer.py): at 100,000 participants one
transaction held millions of rows and every foreign-key check until the end. A run that stops
(an error, a killed process) leaves the chunks it wrote; its row here stays unfinished, says how
far it got, and the next run refuses to add to a half-made demo.
"""

from django.db import models


class Seeding(models.Model):
    participants = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    cases_written = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"seed_demo --participants {self.participants} ({self.started_at:%Y-%m-%d %H:%M})"
