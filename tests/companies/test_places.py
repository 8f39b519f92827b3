"""Training places: one rule (companies.models.with_place_flags), read the same way by the
company list and page, the start-training form, its service and the demo."""

import datetime

import pytest
from django.urls import reverse

from companies.models import Agreement
from placements import services as placement_services
from tests.factories import (
    AgreementFactory,
    ParticipantFactory,
    ProgrammeFactory,
    hire,
    start_training,
)

pytestmark = pytest.mark.django_db


def _places(agreement: Agreement) -> tuple:
    row = Agreement.objects.with_places().get(pk=agreement.pk)
    return (
        row.places_in_use,
        row.has_free_place,
        row.over_capacity,
        row.free_places,
    )


def test_places_in_use_count_the_programmes_open_trainings_at_the_company_only(programme):
    agreement = AgreementFactory(programme=programme, training_capacity=3)
    company = agreement.company
    start_training(ParticipantFactory(programme=programme), company=company)
    ended = start_training(ParticipantFactory(programme=programme), company=company)
    placement_services.placement_end(
        placement=ended, ended_on=ended.starts_on + datetime.timedelta(days=30), actor=None
    )
    # Training at the same company in another programme, and training elsewhere, do not count.
    other = ProgrammeFactory(slug="andet")
    start_training(ParticipantFactory(programme=other), company=company)
    start_training(ParticipantFactory(programme=programme))
    # Nor does a hire at the company.
    hire(ParticipantFactory(programme=programme), company=company)

    assert _places(agreement) == (1, True, False, 2)


def test_a_full_company_has_no_free_place_and_one_beyond_it_is_over_capacity(programme):
    full = AgreementFactory(programme=programme, training_capacity=1)
    start_training(ParticipantFactory(programme=programme), company=full.company)
    assert _places(full) == (1, False, False, 0)

    # Capacity is a planning figure: history (the importer) may record more trainees.
    start_training(
        ParticipantFactory(programme=programme), company=full.company, check_capacity=False
    )
    assert _places(full) == (2, False, True, 0)


def test_no_fixed_number_of_places_is_always_free_and_never_over(programme):
    open_ended = AgreementFactory(programme=programme, training_capacity=None)
    for _ in range(3):
        start_training(ParticipantFactory(programme=programme), company=open_ended.company)
    assert _places(open_ended) == (3, True, False, None)


def test_a_network_only_agreement_has_no_free_training_place(programme):
    network = AgreementFactory(
        programme=programme, is_training=False, is_network=True, training_capacity=None
    )
    assert _places(network) == (0, False, False, None)


def test_a_company_over_its_capacity_is_marked_and_one_within_is_not(client, consultant, programme):
    over = AgreementFactory(programme=programme, company__name="Overfyldt", training_capacity=1)
    for _ in range(2):
        start_training(
            ParticipantFactory(programme=programme), company=over.company, check_capacity=False
        )
    within = AgreementFactory(programme=programme, company__name="Plads nok", training_capacity=2)
    start_training(ParticipantFactory(programme=programme), company=within.company)
    client.force_login(consultant)
    response = client.get(reverse("companies:list"))
    assert response.status_code == 200
    body = response.content.decode()
    over_row = body[body.index("Overfyldt") : body.index("</tr>", body.index("Overfyldt"))]
    within_row = body[body.index("Plads nok") : body.index("</tr>", body.index("Plads nok"))]
    assert "2 af 1 i brug · 0 ledige" in over_row
    assert "text-danger" in over_row and "over kapacitet" in over_row
    assert "1 af 2 i brug · 1 ledige" in within_row and "text-danger" not in within_row
