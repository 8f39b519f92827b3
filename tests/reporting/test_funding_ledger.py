"""The funding ledger: managers read it, administrators add, correct and delete lines through
forms (Danish validation, history, audit rows, a confirmation before deleting)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import FundingEntry
from tests.factories import FundingEntryFactory, audit_events

pytestmark = pytest.mark.django_db

# Session, user, permissions and roles (one read), the user's programmes, the filter's sources
# and categories, the totals, the lines.
QUERIES_ON_THE_LEDGER = 7


@pytest.fixture
def lines(programme):
    return [
        FundingEntryFactory(
            programme=programme,
            reference="ESF-1",
            kind="grant",
            source="esf",
            amount=Decimal("2335867"),
            on=datetime.date(2021, 1, 1),
        ),
        FundingEntryFactory(
            programme=programme,
            reference="BUD-1",
            kind="budget",
            amount=Decimal("6651787"),
            on=datetime.date(2021, 1, 1),
        ),
        FundingEntryFactory(
            programme=programme,
            reference="UDG-1",
            kind="expense",
            category="Løn",
            amount=Decimal("100000"),
            on=datetime.date(2021, 2, 28),
        ),
        FundingEntryFactory(
            programme=programme,
            reference="UDG-2",
            kind="expense",
            category="Transport",
            amount=Decimal("5000"),
            on=datetime.date(2021, 3, 28),
        ),
    ]


def _ledger(programme, **params):
    return reverse("reporting:funding", args=[programme.slug])


def test_a_manager_reads_the_ledger_with_totals_and_filters(client, manager, programme, lines):
    client.force_login(manager)
    response = client.get(_ledger(programme))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals["granted"], totals["budget"], totals["spent"], totals["lines"]) == (
        Decimal("2335867"),
        Decimal("6651787"),
        Decimal("105000"),
        4,
    )
    assert "Tilføj en linje" not in response.content.decode()
    response = client.get(_ledger(programme), {"kind": "expense", "since": "2021-03-01"})
    assert [e.reference for e in response.context["entries"]] == ["UDG-2"]
    assert response.context["totals"]["spent"] == Decimal("5000")
    response = client.get(_ledger(programme), {"category": "Løn"})
    assert [e.reference for e in response.context["entries"]] == ["UDG-1"]


def test_bad_ledger_filters_are_messages_not_errors(client, manager, programme, lines):
    client.force_login(manager)
    response = client.get(
        _ledger(programme),
        {"kind": "gift", "since": "1. marts", "until": "2021-01-01", "source": "Nowhere"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "since", "source"}
    assert len(response.context["entries"]) == 2  # only the valid "until" applies
    response = client.get(_ledger(programme), {"since": "2021-03-01", "until": "2021-01-01"})
    assert response.context["form"].errors["until"] == ["Slutdatoen er før startdatoen."]


def test_the_ledger_runs_the_same_queries_for_few_or_many_lines(
    client, manager, programme, lines, django_assert_num_queries
):
    client.force_login(manager)
    client.get(_ledger(programme))
    with django_assert_num_queries(QUERIES_ON_THE_LEDGER):
        client.get(_ledger(programme))
    for index in range(30):
        FundingEntryFactory(programme=programme, category=f"Kategori {index}")
    with django_assert_num_queries(QUERIES_ON_THE_LEDGER):
        response = client.get(_ledger(programme))
    assert len(response.context["entries"]) == 34


def test_only_administrators_change_the_ledger(client, manager, programme, lines):
    client.force_login(manager)
    entry = lines[2]
    add = reverse("reporting:funding-add", args=[programme.slug])
    edit = reverse("reporting:funding-edit", args=[programme.slug, entry.pk])
    delete = reverse("reporting:funding-delete", args=[programme.slug, entry.pk])
    for url in (add, edit, delete):
        assert client.get(url).status_code == 403
        assert client.post(url, {"kind": "expense"}).status_code == 403
    assert FundingEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("persona", ["broker", "case_worker", "consultant"])
def test_case_roles_do_not_see_the_ledger(client, request, persona, programme, lines):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_ledger(programme)).status_code == 403


def test_a_manager_outside_the_programme_gets_404(client, manager, other_programme):
    client.force_login(manager)
    assert client.get(_ledger(other_programme)).status_code == 404


def test_an_administrator_adds_a_line_in_danish_notation(client, administrator, programme):
    client.force_login(administrator)
    response = client.post(
        reverse("reporting:funding-add", args=[programme.slug]),
        {
            "kind": "expense",
            "reference": "UDG-9",
            "on": "2021-04-30",
            "amount": "12.500,50",
            "category": "Mentorfrikøb",
        },
    )
    assert response.status_code == 302
    entry = FundingEntry.objects.get(programme=programme, reference="UDG-9")
    assert entry.amount == Decimal("12500.50")
    event = audit_events(entry).get()
    assert event.action == AuditEvent.Action.CREATED and event.actor == administrator
    assert "12.501 kr." in event.summary


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": "grant", "source": ""}, "source", "En bevilling skal have en kilde."),
        ({"kind": "grant", "source": "Ikast-Brande Kommune"}, "source", None),
        ({"kind": "expense", "category": ""}, "category", "En udgift skal have en kategori."),
        (
            {"reference": "ESF-1"},
            "reference",
            "Programmet har allerede en linje med referencen ESF-1.",
        ),
        ({"amount": "-5"}, "amount", "Beløbet kan ikke være negativt."),
        ({"amount": "mange"}, "amount", "Angiv et beløb i kroner, fx 12500,50."),
        ({"on": "31.02.2021"}, "on", "Angiv en dato (ÅÅÅÅ-MM-DD)."),
    ],
)
def test_a_refused_line_is_explained_beside_its_field_and_the_input_kept(
    client, administrator, programme, lines, values, field, message
):
    client.force_login(administrator)
    data = {
        "kind": "expense",
        "reference": "NY-1",
        "on": "2021-04-30",
        "amount": "1000",
        "category": "Løn",
        **values,
    }
    response = client.post(reverse("reporting:funding-add", args=[programme.slug]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert response.context["form"].data["reference"] == data["reference"]
    assert FundingEntry.objects.filter(programme=programme).count() == 4


def test_a_correction_leaves_history_and_an_audit_row(client, administrator, programme, lines):
    client.force_login(administrator)
    entry = lines[2]
    url = reverse("reporting:funding-edit", args=[programme.slug, entry.pk])
    response = client.post(
        url,
        {
            "kind": "expense",
            "reference": "UDG-1",
            "on": "2021-02-28",
            "amount": "110000",
            "category": "Løn",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount == Decimal("110000")
    assert [v.amount for v in entry.history.order_by("history_date")] == [
        Decimal("100000"),
        Decimal("110000"),
    ]
    event = audit_events(entry, action=AuditEvent.Action.CHANGED).get()
    assert event.changes == {"amount": ["100000.00", "110000"]}
    page = client.get(url).content.decode()
    assert "Linjens historik" in page and "100.000 kr." in page


def test_a_line_is_deleted_only_after_confirming(client, administrator, programme, lines):
    client.force_login(administrator)
    entry = lines[3]
    url = reverse("reporting:funding-delete", args=[programme.slug, entry.pk])
    response = client.get(url)
    assert response.status_code == 200 and "Slet linjen UDG-2?" in response.content.decode()
    assert FundingEntry.objects.filter(pk=entry.pk).exists()
    assert client.post(url).status_code == 302
    assert not FundingEntry.objects.filter(pk=entry.pk).exists()
    assert audit_events(entry, action=AuditEvent.Action.DELETED).get().actor == administrator
    assert entry.history.filter(history_type="-").exists()


def test_a_line_of_another_programme_is_not_found(
    client, administrator, programme, other_programme
):
    elsewhere = FundingEntryFactory(programme=other_programme)
    client.force_login(administrator)
    url = reverse("reporting:funding-edit", args=[programme.slug, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_the_admin_shows_funding_lines_but_changes_them_only_through_the_ledger(
    client, administrator, programme, lines
):
    from tests.snapshots import nothing_written

    client.force_login(administrator)
    grant = lines[0]
    assert client.get(reverse("admin:programmes_fundingentry_changelist")).status_code == 200
    with nothing_written():
        assert client.get(reverse("admin:programmes_fundingentry_add")).status_code == 403
        change = reverse("admin:programmes_fundingentry_change", args=[grant.pk])
        assert client.post(change, {"amount": "1"}).status_code == 403
        delete = reverse("admin:programmes_fundingentry_delete", args=[grant.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403


def test_a_grant_has_one_of_the_four_sources_and_the_ledger_filters_by_them(
    client, administrator, programme, lines
):
    client.force_login(administrator)
    form = client.get(reverse("reporting:funding-add", args=[programme.slug])).context["form"]
    assert [code for code, _label in form.fields["source"].choices] == [
        "",
        "esf",
        "business_promotion",
        "municipality",
        "other",
    ]
    response = client.post(
        reverse("reporting:funding-add", args=[programme.slug]),
        {
            "kind": "grant",
            "reference": "KOM-1",
            "on": "2021-04-30",
            "amount": "500.000",
            "source": "municipality",
        },
    )
    assert response.status_code == 302
    assert FundingEntry.objects.get(reference="KOM-1").source == "municipality"
    ledger = client.get(_ledger(programme), {"source": "municipality"})
    assert [e.reference for e in ledger.context["entries"]] == ["KOM-1"]
    assert ledger.context["totals"]["granted"] == Decimal("500000")
    assert "Kommunens eget budget" in ledger.content.decode()
    everything = client.get(_ledger(programme)).content.decode()
    assert "EU Socialfonden" in everything  # the code is shown by its Danish name
