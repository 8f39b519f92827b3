"""Issue 11's small things that made Jobsporet feel unfinished: the admin's title and its CPR
column, the import summary naming the kind in words, hours errors with a decimal comma,
English mode's dates, /favicon.ico."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jobsporet.core.formatting import short_date
from jobsporet.core.imports.base import ImportResult
from jobsporet.core.imports.registry import importer_for
from tests.factories import ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_admin_is_titled_jobsporet_not_django(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Jobsporet-administration" in page
    assert "Django" not in page.split("</title>")[0]
    assert "Django-administration" not in page and "Django administration" not in page


def test_the_admin_names_the_masked_cpr_column_in_danish(client, administrator, programme):
    ParticipantFactory(programme=programme, person=PersonFactory(cpr="150387-4321"))
    client.force_login(administrator)
    page = client.get(reverse("admin:participants_person_changelist")).content.decode()
    assert "CPR-nummer" in page and "150387-xxxx" in page
    assert "MASKED CPR" not in page.upper().replace("CPR-NUMMER", "")
    assert "4321" not in page


def test_a_case_worker_has_no_admin(client, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_import_summary_names_the_kind_in_words():
    result = ImportResult(kind="companies", label=str(importer_for("companies").label), created=3)
    assert result.summary() == "Virksomheder og aftaler: 3 oprettet, 0 opdateret, 0 uændret"


@pytest.fixture
def employed(programme, broker):
    from tests.factories import hire

    case = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    return hire(case, starts_on=timezone.localdate() - datetime.timedelta(days=10))


@pytest.mark.parametrize("hours", ["0.2", "0"])
def test_too_few_hours_are_refused_without_a_decimal_point(client, broker, employed, hours):
    client.force_login(broker)
    response = client.post(
        reverse("placements:hours", args=[employed.pk]),
        {"changed_on": timezone.localdate().isoformat(), "weekly_hours": hours},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["weekly_hours"]
    assert errors == ["Angiv mindst en halv time om ugen."]
    assert "større end eller lig" not in response.content.decode()


def test_hours_that_are_not_a_number_say_so(client, broker, employed):
    client.force_login(broker)
    response = client.post(
        reverse("placements:hours", args=[employed.pk]),
        {"changed_on": timezone.localdate().isoformat(), "weekly_hours": "ti"},
    )
    assert response.context["form"].errors["weekly_hours"] == ["Angiv timerne som et tal, fx 7,5."]


def test_english_mode_writes_dates_the_danish_way(client, broker, programme):
    with translation.override("en"):
        assert short_date(datetime.date(2021, 1, 24)) == "24.01.2021"
    case = ParticipantFactory(
        programme=programme, job_broker=broker, enrolled_on=datetime.date(2021, 1, 24)
    )
    client.force_login(broker)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("participants:detail", args=[case.pk])).content.decode()
    assert 'lang="en"' in page
    assert "24.01.2021" in page and "01/24/2021" not in page


def test_favicon_ico_answers_everywhere_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")
