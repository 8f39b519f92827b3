"""Separation of duties, enforced where roles, permissions and memberships are stored.

The rules hold whoever writes: the model layer refuses (these tests call the ORM directly, as a
management command or a careless service would), and the admin shows the same refusal as a form
error (tests/core/test_admin_duties.py). Every refusal writes nothing.
"""

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from jobsporet.accounts.duties import SeparationOfDutiesError, acting_as
from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core.models import AuditEvent
from tests.factories import UserFactory, audit_events, role_group

pytestmark = pytest.mark.django_db


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def refused(change) -> SeparationOfDutiesError:
    """Run a change that must be refused; a refusal aborts the transaction it happens in (like
    the request's), so each attempt gets a savepoint of its own here."""
    with pytest.raises(SeparationOfDutiesError) as refusal, transaction.atomic():
        change()
    return refusal.value


# --- Administrator and case work are never one account ---------------------------------------


@pytest.mark.parametrize("case_work", [Role.JOB_BROKER, Role.CASE_WORKER])
def test_an_administrator_cannot_also_hold_a_case_work_role(administrator, case_work):
    group = role_group(case_work)
    events = AuditEvent.objects.count()
    for grant in (
        lambda: administrator.groups.add(group),
        lambda: group.user_set.add(administrator),
        lambda: administrator.groups.set([role_group(Role.ADMINISTRATOR), group]),
    ):
        assert "funktionsadskillelse" in refused(grant).message.lower()
    assert _roles(administrator) == {Role.ADMINISTRATOR}
    assert AuditEvent.objects.count() == events


def test_a_broker_cannot_be_made_an_administrator(broker):
    refused(lambda: broker.groups.add(role_group(Role.ADMINISTRATOR)))
    assert _roles(broker) == {Role.JOB_BROKER}


def test_swapping_the_administrator_role_for_case_work_is_allowed(administrator):
    """Someone who moves from running the system to case work keeps one account, one role."""
    administrator.groups.set([role_group(Role.CASE_WORKER)])
    assert _roles(administrator) == {Role.CASE_WORKER}


def test_an_administrator_is_not_given_case_work_rights_one_by_one(administrator, manager):
    for name in ("participants.view_sensitive", "participants.reveal_cpr"):
        refused(lambda name=name: administrator.user_permissions.add(_permission(name)))
    assert not administrator.user_permissions.exists()
    # The same rights given to someone else are a superuser's business, not a conflict.
    manager.user_permissions.add(_permission("participants.view_sensitive"))
    # ... but that person then cannot be made an administrator.
    refused(lambda: manager.groups.add(role_group(Role.ADMINISTRATOR)))


# --- The data-protection officer does no case work ----------------------------------------------


@pytest.fixture
def officer(db):
    return UserFactory(username="dpo", role=Role.DATA_PROTECTION_OFFICER)


@pytest.mark.parametrize("case_work", [Role.JOB_BROKER, Role.CASE_WORKER])
def test_a_data_protection_officer_cannot_also_hold_a_case_work_role(officer, case_work):
    """The officer audits who read citizens' files: reading them too would audit their own."""
    group = role_group(case_work)
    for grant in (lambda: officer.groups.add(group), lambda: group.user_set.add(officer)):
        assert "funktionsadskillelse" in refused(grant).message.lower()
    assert _roles(officer) == {Role.DATA_PROTECTION_OFFICER}


def test_a_broker_cannot_be_made_the_data_protection_officer(broker):
    refused(lambda: broker.groups.add(role_group(Role.DATA_PROTECTION_OFFICER)))
    assert _roles(broker) == {Role.JOB_BROKER}


def test_a_data_protection_officer_is_not_given_case_work_rights_one_by_one(officer):
    for name in ("participants.view_sensitive", "participants.reveal_cpr"):
        refused(lambda name=name: officer.user_permissions.add(_permission(name)))
    assert not officer.user_permissions.exists()


def test_a_data_protection_officer_may_also_be_a_manager(officer):
    officer.groups.add(role_group(Role.MANAGER))
    assert _roles(officer) == {Role.DATA_PROTECTION_OFFICER, Role.MANAGER}


# --- Nobody changes their own access ----------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("persona", ["administrator", "superuser"])
def test_nobody_changes_their_own_roles(request, persona):
    actor = request.getfixturevalue(persona)
    before, events = _roles(actor), AuditEvent.objects.count()
    manager = role_group(Role.MANAGER)
    with acting_as(actor):
        for change in (
            lambda: actor.groups.add(manager),
            lambda: manager.user_set.add(actor),
            lambda: actor.groups.set([manager]),
            # Clearing changes something only for an account that holds a role.
            *([lambda: actor.groups.clear()] if before else []),
        ):
            assert "dine egne roller" in refused(change).message
    assert _roles(actor) == before and AuditEvent.objects.count() == events


def test_nobody_changes_their_own_permissions(superuser):
    with acting_as(superuser):
        refused(lambda: superuser.user_permissions.add(_permission("programmes.view_outcomes")))
    assert not superuser.user_permissions.exists()


def test_nobody_changes_their_own_programme_memberships(programme, other_programme, broker):
    events = AuditEvent.objects.count()
    with acting_as(broker):
        for change in (
            lambda: other_programme.members.add(broker),
            lambda: broker.programmes.add(other_programme),
            lambda: programme.members.remove(broker),
            lambda: broker.programmes.clear(),
        ):
            refused(change)
    assert list(broker.programmes.all()) == [programme]
    assert AuditEvent.objects.count() == events


def test_nobody_widens_a_role_they_hold(administrator):
    group = role_group(Role.ADMINISTRATOR)
    before = set(group.permissions.values_list("pk", flat=True))
    with acting_as(administrator):
        refused(lambda: group.permissions.add(_permission("participants.view_sensitive")))
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_an_administrator_changes_a_colleagues_access(administrator, broker, other_programme):
    with acting_as(administrator):
        broker.groups.add(role_group(Role.MANAGER))
        other_programme.members.add(broker)
    assert _roles(broker) == {Role.JOB_BROKER, Role.MANAGER}
    assert other_programme.members.filter(pk=broker.pk).exists()


# --- Every change to access is an audit event, by whoever made it ----------------------------


def test_roles_given_and_taken_are_audited_with_who_did_it(administrator, broker):
    manager = role_group(Role.MANAGER)
    with acting_as(administrator):
        broker.groups.add(manager)
        manager.user_set.remove(broker)
        broker.groups.remove(manager)  # no longer held: nothing happens, nothing is recorded
    events = audit_events(broker, actor=administrator)
    assert [(e.action, e.summary) for e in events] == [
        ("changed", "Rollen Leder givet til broker"),
        ("changed", "Rollen Leder taget fra broker"),
    ]


def test_programme_memberships_are_audited_with_the_programme(
    administrator, broker, other_programme
):
    with acting_as(administrator):
        other_programme.members.add(broker)
        broker.programmes.remove(other_programme)
    events = audit_events(broker, actor=administrator)
    assert [(e.summary, e.programme_id) for e in events] == [
        ("broker er nu medlem af Flere skal med", other_programme.pk),
        ("broker er ikke længere medlem af Flere skal med", other_programme.pk),
    ]


def test_single_permissions_are_audited(superuser, broker):
    with acting_as(superuser):
        broker.user_permissions.add(_permission("programmes.view_outcomes"))
        broker.user_permissions.clear()
    assert [e.summary for e in audit_events(broker, actor=superuser)] == [
        "Rettigheden programmes.view_outcomes givet til broker",
        "Rettigheden programmes.view_outcomes taget fra broker",
    ]


def test_accounts_opened_closed_reopened_and_given_a_password_are_audited(administrator):
    with acting_as(administrator):
        user = User.objects.create_user(username="ny", password="en-lang-adgangskode")
        user.is_active = False
        user.save()
        user.refresh_from_db()
        user.is_active = True
        user.save()
        user.set_password("en-anden-lang-adgangskode")
        user.save()
        user.first_name = "Nina"  # an ordinary change to the name is not an access event
        user.save()
    assert [(e.action, e.summary) for e in audit_events(user, actor=administrator)] == [
        ("created", "Kontoen ny oprettet"),
        ("status", "Kontoen ny lukket"),
        ("status", "Kontoen ny genåbnet"),
        ("changed", "Ny adgangskode sat for ny"),
    ]


def test_logging_in_writes_no_access_event(client, broker):
    events = AuditEvent.objects.count()
    assert client.post("/login/", {"username": "broker", "password": "demo"}).status_code == 302
    assert AuditEvent.objects.count() == events


def test_without_an_actor_the_system_is_recorded(broker):
    """A management command or a migration acts as the system: the event has no actor."""
    broker.groups.add(role_group(Role.MANAGER))
    event = audit_events(broker).last()
    assert event.actor is None and event.summary == "Rollen Leder givet til broker"
