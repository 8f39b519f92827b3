"""jobsporet.core.rows and update_many: the bulk services' rows, history rows and audit rows are
written as the instances' bulk_create would write them (on PostgreSQL by COPY, the trail as
tuples), and changed rows are saved as bulk_update would save them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jobsporet.core import audit
from jobsporet.core.bulk import update_many
from jobsporet.core.models import AuditEvent
from jobsporet.core.rows import _preparer, insert_history
from participants.models import CaseNote, Participant
from tests.factories import CaseNoteFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
AWARE = timezone.make_aware(datetime.datetime(2022, 5, 1, 10, 30))


def _field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    ("model", "name", "value"),
    [
        (CaseNote, "text", 'Samtale om ansættelse, "citat" og {klammer}'),
        (CaseNote, "text", ""),
        (CaseNote, "text", gettext_lazy("created")),  # lazy text: prepared the long way
        (CaseNote, "kind", None),
        (CaseNote, "id", 7),
        (CaseNote, "participant", 3),  # a foreign key: the id
        (CaseNote, "follow_up_on", datetime.date(2022, 5, 2)),
        (CaseNote, "follow_up_on", AWARE),  # a datetime for a date: prepared the long way
        (CaseNote, "occurred_at", AWARE),
        (CaseNote, "occurred_at", None),
        (Participant, "barrier_physical", True),
        (Participant, "barrier_physical", False),
        (Participant, "target_sectors", ["retail"]),  # JSON: always the long way
        (AuditEvent, "target_id", 2**40),
        (AuditEvent, "ip_address", "10.0.0.1"),
        (AuditEvent, "ip_address", None),
    ],
)
def test_a_value_is_prepared_as_get_db_prep_save_prepares_it(model, name, value):
    if connection.vendor != "postgresql":
        pytest.skip("The preparers serve COPY, on PostgreSQL; elsewhere bulk_create prepares.")
    field = _field(model, name)
    fast = _preparer(field, connection)(value)
    slow = field.get_db_prep_save(value, connection)
    assert type(fast) is type(slow) or (isinstance(fast, int) and isinstance(slow, int))
    assert str(fast) == str(slow)


def test_a_decimal_keeps_its_digits():
    from placements.models import Placement

    field = _field(Placement, "weekly_hours")
    value = Decimal("12.50")
    assert _preparer(field, connection)(value) == field.get_db_prep_save(value, connection)


def test_history_rows_as_tuples_are_the_rows_simple_history_writes(broker, colleague):
    """insert_history writes, for each row, the history row django-simple-history's own
    bulk_history_create writes (the row's own history user before the default), field for
    field."""
    notes = [CaseNoteFactory(), CaseNoteFactory(), CaseNoteFactory()]
    notes[0]._history_user = colleague
    notes[1]._history_user = None  # a row's own "nobody" is kept, not the default
    notes[2].__dict__.pop("_history_user", None)  # none of its own: the default user's
    history = CaseNote.history.model
    fields = [
        f.attname
        for f in history._meta.concrete_fields
        if f.attname not in ("history_id", "history_date")
    ]

    def written() -> list[list]:
        rows = history.objects.filter(history_type="~").order_by("history_id")
        found = [[getattr(row, name) for name in fields] for row in rows]
        rows.delete()
        return found

    CaseNote.history.bulk_history_create(notes, update=True, default_user=broker)
    by_simple_history = written()
    insert_history(CaseNote, notes, update=True, default_user=broker)
    assert written() == by_simple_history
    users = [row[fields.index("history_user_id")] for row in by_simple_history]
    assert users == [colleague.pk, None, broker.pk]


def test_audit_rows_as_tuples_carry_every_value_of_the_event(broker):
    case = ParticipantFactory()
    before = timezone.now()
    audit.record_many(
        actors=[broker, None],
        events=[
            audit.Event(
                action=AuditEvent.Action.CHANGED,
                target=case,
                summary=audit.summary("Left on %(day)s", day=datetime.date(2022, 5, 1)),
                person_id=case.person_id,
                programme_id=case.programme_id,
                changes={"status": ["", "exited"]},
            ),
            audit.Event(action=AuditEvent.Action.CREATED, target=case.person, summary="Plain"),
        ],
    )
    first, second = AuditEvent.objects.filter(at__gte=before).order_by("id")
    assert (first.actor, first.action, first.target_type.model_class(), first.target_id) == (
        broker,
        "changed",
        Participant,
        case.pk,
    )
    assert (first.person_id, first.programme_id) == (case.person_id, case.programme_id)
    assert first.summary == "Left on 01.05.2022"
    assert first.summary_message == {
        "text": "Left on %(day)s",
        "params": {"day": {"date": "2022-05-01"}},
    }
    assert first.changes == {"status": ["", "exited"]}
    assert (first.subject_digest, first.purpose, first.ip_address) == ("", "", None)
    assert (second.actor, second.target_id, second.summary) == (None, case.person_id, "Plain")
    assert (second.summary_message, second.changes, second.person_id) == ({}, {}, None)
    assert second.id == first.id + 1


def test_update_many_saves_each_rows_values_whatever_they_hold():
    notes = [CaseNoteFactory(), CaseNoteFactory(), CaseNoteFactory()]
    texts = ['med "citat", komma og {klammer}', "", "back\\slash"]
    follow_ups = [None, datetime.date(2022, 1, 2), None]
    for note, text, follow_up in zip(notes, texts, follow_ups, strict=True):
        note.text = text
        note.follow_up_on = follow_up
    update_many(CaseNote, notes, ["text", "follow_up_on"])
    stored = CaseNote.objects.in_bulk([note.pk for note in notes])
    assert [stored[n.pk].text for n in notes] == texts
    assert [stored[n.pk].follow_up_on for n in notes] == follow_ups
