"""The private calendar feed (iCalendar) of a job broker's or case worker's follow-ups,
reviews, trainings ending and six-month follow-ups, for Outlook and other calendar clients.

Each item is an all-day event whose UID stays the same while the item is open, so a client
that refreshes the feed moves an event whose date changed and drops one that was done. An
event carries the citizen's name, the case number, what is due and a link to the case; never
a CPR number, a barrier or a note's text.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from jobsporet.accounts.models import User

from .due import DueItem, Kind, Window, due_for_users

EVENT_LABELS = {
    Kind.FOLLOW_UP: _("Follow-up"),
    Kind.REVIEW: _("Development-plan review"),
    Kind.TRAINING_ENDING: _("Training ends"),
    Kind.SIX_MONTH: _("Six-month follow-up"),
}
# Open items from a month back to a year ahead; older overdue ones are on the start page.
FEED_PAST = datetime.timedelta(days=30)
FEED_AHEAD = datetime.timedelta(days=365)


def feed_windows(today: datetime.date) -> dict[Kind, Window]:
    window = Window(today - FEED_PAST, today + FEED_AHEAD)
    return dict.fromkeys(Kind, window)


def _event(item: DueItem, host: str, stamp: datetime.datetime) -> Event:
    link = settings.SITE_URL + reverse("participants:detail", args=[item.participant_id])
    event = Event()
    event.add("uid", f"{item.kind}-{item.record_id}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.on)
    event.add("dtend", item.on + datetime.timedelta(days=1))
    event.add("summary", f"{EVENT_LABELS[item.kind]}: {item.name} ({item.reference})")
    event.add("description", link)
    event.add("url", link)
    # An all-day reminder, not a meeting: it does not make the user look busy.
    event.add("transp", "TRANSPARENT")
    return event


def calendar_for(user: User, language: str, today: datetime.date) -> bytes:
    """The user's calendar as iCalendar bytes: a fixed number of queries."""
    items = due_for_users([user.pk], feed_windows(today)).get(user.pk, {})
    host = urlsplit(settings.SITE_URL).hostname or "jobsporet"
    stamp = timezone.now()
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Jobsporet//Reminders//DA")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", str(_("Jobsporet: what falls due")))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for kind in Kind:
            for item in items.get(kind, []):
                calendar.add_component(_event(item, host, stamp))
    return calendar.to_ical()
