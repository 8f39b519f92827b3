"""The pages that order reports run an exact number of queries, however much data there is."""

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "persona", "budget"),
    [("reporting:esf-export", "broker", 4), ("reporting:outcome-reports", "manager", 4)],
)
def test_the_order_pages_run_a_fixed_number_of_queries(
    client, programme, request, url, persona, budget, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    client.get(reverse(url))
    with django_assert_num_queries(budget):
        assert client.get(reverse(url)).status_code == 200
    for _ in range(5):
        ParticipantFactory(programme=programme)
    with django_assert_num_queries(budget):
        assert client.get(reverse(url)).status_code == 200
