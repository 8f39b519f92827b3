"""The company list marks a training company with more trainees than places."""

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory, ParticipantFactory, start_training

pytestmark = pytest.mark.django_db


def test_a_company_over_its_capacity_is_marked_and_one_within_is_not(client, consultant, programme):
    over = AgreementFactory(programme=programme, company__name="Overfyldt", training_capacity=1)
    for _ in range(2):
        # Capacity is a planning figure: history (the importer) may record more trainees.
        start_training(
            ParticipantFactory(programme=programme), company=over.company, check_capacity=False
        )
    within = AgreementFactory(programme=programme, company__name="Plads nok", training_capacity=2)
    start_training(ParticipantFactory(programme=programme), company=within.company)
    client.force_login(consultant)
    body = client.get(reverse("companies:list")).content.decode()
    over_row = body[body.index("Overfyldt") : body.index("</tr>", body.index("Overfyldt"))]
    within_row = body[body.index("Plads nok") : body.index("</tr>", body.index("Plads nok"))]
    assert "2 / 1" in over_row and "text-danger" in over_row and "over kapacitet" in over_row
    assert "1 / 2" in within_row and "text-danger" not in within_row
