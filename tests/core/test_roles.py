"""The role groups in the database hold exactly the permissions in accounts/roles.py."""

import pytest
from django.contrib.auth.models import Group

from jobsporet.accounts.roles import ROLE_PERMISSIONS, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_with_exactly_its_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    for role, expected in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        actual = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert actual == set(expected), f"{role}: run a migration calling sync_roles"


def test_a_consultant_cannot_read_cases_or_cpr(programme):
    consultant = UserFactory(role=Role.COMPANY_CONSULTANT, programmes=[programme])
    assert consultant.has_perm("companies.change_company")
    assert not consultant.has_perm("participants.view_participant")
    assert not consultant.has_perm("participants.reveal_cpr")
    assert not consultant.has_perm("participants.view_casenote")


def test_a_manager_reads_but_does_not_change_cases(programme):
    manager = UserFactory(role=Role.MANAGER, programmes=[programme])
    assert manager.has_perm("participants.view_participant")
    assert manager.has_perm("programmes.view_outcomes")
    assert not manager.has_perm("participants.change_participant")
    assert not manager.has_perm("placements.add_placement")
    assert not manager.has_perm("participants.view_sensitive")


def test_roles_are_listed_with_their_labels(programme):
    user = UserFactory(role=Role.CASE_WORKER, programmes=[programme])
    assert user.has_role(Role.CASE_WORKER)
    assert not user.has_role(Role.JOB_BROKER)
    assert len(user.role_labels) == 1


def test_staff_see_only_the_programmes_they_are_members_of(programme, other_programme, broker):
    from jobsporet.programmes.models import Programme

    assert list(Programme.objects.visible_to(broker)) == [programme]
    admin = UserFactory(role=Role.ADMINISTRATOR)
    assert set(Programme.objects.visible_to(admin)) == {programme, other_programme}


def test_participants_are_visible_only_inside_ones_programmes(
    programme, other_programme, broker, outsider, consultant, manager
):
    from participants.models import Participant
    from tests.factories import ParticipantFactory

    mine = ParticipantFactory(programme=programme)
    theirs = ParticipantFactory(programme=other_programme)
    assert list(Participant.objects.visible_to(broker)) == [mine]
    assert list(Participant.objects.visible_to(outsider)) == [theirs]
    assert list(Participant.objects.visible_to(manager)) == [mine]
    assert not Participant.objects.visible_to(consultant).exists()
