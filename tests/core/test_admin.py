"""The admin opens for an administrator and never shows or edits what the services own."""

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, PersonFactory, start_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_admin_pages_open_and_hide_the_cpr(client, superuser, programme):
    participant = ParticipantFactory(programme=programme, person=PersonFactory(cpr="150387-4321"))
    placement = start_training(participant)
    client.force_login(superuser)
    for name, args in [
        ("admin:participants_person_changelist", []),
        ("admin:participants_person_change", [participant.person_id]),
        ("admin:participants_participant_change", [participant.pk]),
        ("admin:placements_placement_changelist", []),
        ("admin:placements_placement_change", [placement.pk]),
        ("admin:companies_company_changelist", []),
        ("admin:core_auditevent_changelist", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert "4321" not in response.content.decode(), name


def test_the_status_cannot_be_changed_in_the_admin(client, superuser, programme):
    participant = ParticipantFactory(programme=programme)
    client.force_login(superuser)
    response = client.get(reverse("admin:participants_participant_change", args=[participant.pk]))
    form = response.context["adminform"].form
    assert "status" not in form.fields and "exit_on" not in form.fields
    assert client.get(reverse("admin:participants_person_add")).status_code == 403
