"""Issue 11: training places worded one way everywhere ("2 af 2 i brug · 0 ledige"), and a full
company shown in the training form but not selectable, with why."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobsporet.core.errors import DomainError
from placements.models import Placement
from tests.factories import AgreementFactory, ParticipantFactory, start_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=30),
    )


@pytest.fixture
def full(programme):
    agreement = AgreementFactory(
        programme=programme, company__name="Fuld Fabrik", training_capacity=1
    )
    start_training(ParticipantFactory(programme=programme), company=agreement.company)
    return agreement


@pytest.fixture
def free(programme):
    return AgreementFactory(programme=programme, company__name="Fri Fabrik", training_capacity=2)


def option(page: str, name: str) -> str:
    return re.search(rf"<option[^>]*>{name}[^<]*</option>", page).group(0)


def test_the_training_form_shows_a_full_company_disabled_with_why(client, broker, case, full, free):
    client.force_login(broker)
    page = client.get(reverse("placements:start-training", args=[case.pk])).content.decode()
    full_option = option(page, "Fuld Fabrik")
    assert "disabled" in full_option
    assert "1 af 1 i brug · 0 ledige – fuld: kan ikke vælges" in full_option
    free_option = option(page, "Fri Fabrik")
    assert "disabled" not in free_option
    assert "0 af 2 i brug · 2 ledige" in free_option


def test_choosing_a_full_company_anyway_is_refused_on_the_field_and_nothing_written(
    client, broker, case, full
):
    today = timezone.localdate()
    client.force_login(broker)
    response = client.post(
        reverse("placements:start-training", args=[case.pk]),
        {
            "company": full.company.pk,
            "starts_on": today.isoformat(),
            "planned_end_on": (today + datetime.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["company"] == [
        "Fuld Fabrik har ingen ledig træningsplads (1 af 1 i brug · 0 ledige)."
    ]
    assert not Placement.objects.filter(participant=case).exists()


def test_the_service_refuses_with_the_same_wording(case, full):
    with pytest.raises(DomainError) as refused:
        start_training(case, company=full.company)
    assert str(refused.value.message) == (
        "Fuld Fabrik har ingen ledig træningsplads (1 af 1 i brug · 0 ledige)."
    )


def test_the_company_list_and_page_use_the_same_wording(client, consultant, full, free):
    client.force_login(consultant)
    listing = client.get(reverse("companies:list")).content.decode()
    assert "1 af 1 i brug · 0 ledige" in listing and "0 af 2 i brug · 2 ledige" in listing
    assert " / " not in re.sub(r"<[^>]+>", "", listing).split("Fuld Fabrik")[1].split("\n")[0]
    page = client.get(reverse("companies:detail", args=[full.company.pk])).content.decode()
    assert "1 af 1 i brug · 0 ledige" in page


def test_no_fixed_number_is_worded_too(client, broker, case, programme):
    open_ended = AgreementFactory(
        programme=programme, company__name="Åben Fabrik", training_capacity=None
    )
    start_training(ParticipantFactory(programme=programme), company=open_ended.company)
    client.force_login(broker)
    page = client.get(reverse("placements:start-training", args=[case.pk])).content.decode()
    assert "1 i brug · intet fast antal pladser" in option(page, "Åben Fabrik")


def test_a_case_worker_may_not_open_the_training_form(client, case_worker, case, full):
    client.force_login(case_worker)
    assert client.get(reverse("placements:start-training", args=[case.pk])).status_code == 403
