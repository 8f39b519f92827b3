"""The daily e-mail digest: each job broker and case worker is told what falls due for them
(the start page's windows), as counts and names with links to the app. Never a CPR number, a
barrier or a note's text: the mail leaves the jobcenter's systems.

digests_send() is the whole run, in a fixed number of queries however many users there are;
beat calls it every morning through tasks.send_digests, `manage.py send_digests` by hand.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from jobsporet.accounts.models import User
from jobsporet.core.oplog import log_event

from .due import RECIPIENT_ROLES, DueItem, Kind, Window, due_for_users
from .models import ReminderSettings

logger = logging.getLogger(__name__)

# The names listed per kind; the count says how many there are in all.
NAMES_PER_KIND = 10


def digest_windows(today: datetime.date) -> dict[Kind, Window]:
    """The start page's windows (reporting/worklist.py): follow-ups and reviews due within a
    week, trainings ending within two weeks, six-month follow-ups due by today; overdue ones
    until they are done."""
    week, fortnight = datetime.timedelta(days=7), datetime.timedelta(days=14)
    return {
        Kind.FOLLOW_UP: Window(None, today + week),
        Kind.REVIEW: Window(None, today + week),
        Kind.TRAINING_ENDING: Window(None, today + fortnight),
        Kind.SIX_MONTH: Window(None, today),
    }


def absolute(path: str) -> str:
    return settings.SITE_URL + path


@dataclass
class Section:
    kind: Kind
    label: str
    count: int
    items: list[tuple[DueItem, str]]  # (item, link to its case)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def digest_message(
    user: User, language: str, due: dict[Kind, list[DueItem]], today: datetime.date
) -> EmailMultiAlternatives:
    """One user's digest, plain text with an HTML alternative, in their language."""
    with translation.override(language):
        sections = [
            Section(
                kind=kind,
                label=str(kind.label),
                count=len(due[kind]),
                items=[
                    (item, absolute(reverse("participants:detail", args=[item.participant_id])))
                    for item in due[kind][:NAMES_PER_KIND]
                ],
            )
            for kind in Kind
            if due.get(kind)
        ]
        total = sum(section.count for section in sections)
        context = {
            "user": user,
            "today": today,
            "sections": sections,
            "total": total,
            "home_url": absolute(reverse("reporting:home")),
            "settings_url": absolute(reverse("reminders:settings")),
        }
        subject = ngettext(
            "Jobsporet: %(count)s item falls due",
            "Jobsporet: %(count)s items fall due",
            total,
        ) % {"count": total}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("reminders/digest.txt", context),
            to=[user.email],
        )
        message.attach_alternative(render_to_string("reminders/digest.html", context), "text/html")
    return message


def _claim(today: datetime.date) -> list[ReminderSettings]:
    """The recipients who have not had today's digest, marked as having had it (so a run
    delivered twice, or two runs at once, send one mail a day): active job brokers and case
    workers with an e-mail address who have not turned the digest off."""
    candidates = list(
        User.objects.filter(is_active=True, groups__name__in=RECIPIENT_ROLES)
        .exclude(email="")
        .exclude(reminder_settings__digest_enabled=False)
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )
    if not candidates:
        return []
    ReminderSettings.objects.bulk_create(
        [ReminderSettings(user_id=pk) for pk in candidates], ignore_conflicts=True
    )
    with transaction.atomic():
        claimed = list(
            ReminderSettings.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(user_id__in=candidates, digest_enabled=True)
            .filter(Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=today))
            .select_related("user")
        )
        ReminderSettings.objects.filter(pk__in=[row.pk for row in claimed]).update(
            digest_sent_on=today
        )
    return claimed


def digests_send(*, today: datetime.date) -> int:
    """Mail today's digest to every recipient with something due; returns how many were sent.
    A mail that fails is logged and its user is left unmarked, so a later run tries again."""
    claimed = _claim(today)
    due = due_for_users([row.user_id for row in claimed], digest_windows(today))
    messages = [
        (row.user_id, digest_message(row.user, row.language, due[row.user_id], today))
        for row in claimed
        if due.get(row.user_id)
    ]
    sent: set[int] = set()
    if messages:
        try:
            with get_connection() as connection:
                for user_id, message in messages:
                    try:
                        connection.send_messages([message])
                    except Exception:
                        logger.exception("The reminder digest to user %s was not sent", user_id)
                    else:
                        sent.add(user_id)
        except Exception:  # the mail server could not be reached at all
            logger.exception("No reminder digests were sent")
    failed = [user_id for user_id, _message in messages if user_id not in sent]
    if failed:
        ReminderSettings.objects.filter(pk__in=failed).update(digest_sent_on=None)
    log_event(
        "reminders.digests_sent",
        recipients=len(claimed),
        sent=len(sent),
        failed=len(failed),
    )
    return len(sent)
