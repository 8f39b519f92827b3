"""The separation of duties in the admin: refusals are form errors, nothing is written, and every
change an administrator makes to an account is on the managers' account log."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from jobsporet.accounts.roles import Role
from jobsporet.core.models import AuditEvent
from tests.core.test_admin import _user_form
from tests.factories import UserFactory, audit_events, role_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_administrator(db):
    return UserFactory(username="admin2", role=Role.ADMINISTRATOR, is_staff=True)


def _roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_an_administrator_cannot_give_themselves_a_case_work_role(client, administrator):
    """The attack the audit found: the own change form accepted the groups."""
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    form = client.get(url).context["adminform"].form
    assert "groups" not in form.fields, "one's own roles are read-only"
    events = AuditEvent.objects.count()

    response = client.post(
        url, _user_form(administrator, groups=[role_group(Role.JOB_BROKER).pk], is_staff="on")
    )

    assert response.status_code == 302
    assert _roles(administrator) == {Role.ADMINISTRATOR}
    assert not administrator.has_perm("participants.reveal_cpr")
    assert AuditEvent.objects.count() == events


def test_an_administrator_cannot_make_another_administrator_a_broker(
    client, administrator, other_administrator
):
    client.force_login(administrator)
    events = AuditEvent.objects.count()
    groups = [role_group(Role.ADMINISTRATOR).pk, role_group(Role.JOB_BROKER).pk]

    response = client.post(
        reverse("admin:accounts_user_change", args=[other_administrator.pk]),
        _user_form(other_administrator, groups=groups),
    )

    assert response.status_code == 200
    assert "Funktionsadskillelse: én konto kan ikke både være administrator og jobformidler" in (
        response.content.decode()
    )
    assert _roles(other_administrator) == {Role.ADMINISTRATOR}
    assert AuditEvent.objects.count() == events


def test_a_superuser_cannot_give_an_administrator_case_work_rights_one_by_one(
    client, administrator
):
    from django.contrib.auth.models import Permission

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    sensitive = Permission.objects.get(codename="view_sensitive")
    response = client.post(
        reverse("admin:accounts_user_change", args=[administrator.pk]),
        _user_form(administrator, user_permissions=[sensitive.pk]),
    )
    assert response.status_code == 200 and "Funktionsadskillelse" in response.content.decode()
    assert not administrator.user_permissions.exists()


def test_an_administrator_cannot_add_themselves_to_a_programme(client, administrator, programme):
    client.force_login(administrator)
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    data = _programme_form(programme, members=[administrator.pk])

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Du kan ikke ændre dine egne roller, programmedlemskaber eller rettigheder" in (
        response.content.decode()
    )
    assert not programme.members.filter(pk=administrator.pk).exists()


def _programme_form(programme, **changes) -> dict:
    data = {
        "slug": programme.slug,
        "name": programme.name,
        "starts_on": programme.starts_on.isoformat(),
        "target_participants": programme.target_participants or "",
        "target_employment_rate": programme.target_employment_rate or "",
        "employment_rate_basis": programme.employment_rate_basis,
        "members": list(programme.members.values_list("pk", flat=True)),
    }
    data.update(changes)
    return data


def test_an_administrators_changes_are_on_the_managers_account_log(
    client, administrator, broker, manager, programme, other_programme
):
    client.force_login(administrator)
    client.post(
        reverse("admin:accounts_user_change", args=[broker.pk]),
        _user_form(broker, groups=[role_group(Role.CASE_WORKER).pk]),
    )
    client.post(
        reverse("admin:programmes_programme_change", args=[other_programme.pk]),
        _programme_form(other_programme, members=[broker.pk]),
    )
    client.post(
        reverse("admin:auth_user_password_change", args=[broker.pk]),
        {"password1": "en-lang-og-god-frase", "password2": "en-lang-og-god-frase"},
    )
    client.post(
        reverse("admin:accounts_user_change", args=[broker.pk]),
        _user_form(broker, is_active=""),
    )
    client.post(reverse("admin:accounts_user_add"), _new_user("nyansat"))

    expected = [
        "Rollen Jobformidler taget fra broker",
        "Rollen Sagsbehandler givet til broker",
        "broker er nu medlem af Flere skal med",
        "Ny adgangskode sat for broker",
        "Kontoen broker lukket",
    ]
    assert [e.summary for e in audit_events(broker, actor=administrator)] == expected
    created = audit_events(broker.__class__.objects.get(username="nyansat")).get()
    assert (created.actor, created.summary) == (administrator, "Kontoen nyansat oprettet")

    client.force_login(manager)
    page = client.get(reverse("accounts:events"))
    assert page.status_code == 200
    body = page.content.decode()
    for summary in [*expected, "Kontoen nyansat oprettet"]:
        assert summary in body
    assert "admin" in body, "who made the change is shown"


def _new_user(username: str) -> dict:
    return {
        "username": username,
        "usable_password": "true",
        "password1": "en-lang-og-god-frase",
        "password2": "en-lang-og-god-frase",
    }


def test_closing_an_account_ends_its_sessions(client, administrator, broker):
    from django.test import Client

    broker_client = Client()
    broker_client.force_login(broker)
    assert broker_client.get(reverse("reporting:home")).status_code == 200

    client.force_login(administrator)
    client.post(
        reverse("admin:accounts_user_change", args=[broker.pk]),
        _user_form(broker, is_active=""),
    )

    response = broker_client.get(reverse("reporting:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_accounts_are_closed_not_deleted(client, administrator, broker):
    client.force_login(administrator)
    response = client.post(reverse("admin:accounts_user_delete", args=[broker.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert broker.__class__.objects.filter(pk=broker.pk).exists()


def test_roles_cannot_be_edited_in_the_admin(client, administrator):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    group = role_group(Role.MANAGER)
    before = set(group.permissions.values_list("pk", flat=True))
    client.force_login(root)
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "manager", "permissions": list(Group.objects.none())},
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("persona", ["broker", "case_worker", "consultant"])
def test_the_account_log_is_for_managers_and_administrators(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:events")).status_code == 403


def test_the_account_log_runs_a_fixed_number_of_queries(
    client, manager, administrator, django_assert_num_queries
):
    from jobsporet.accounts.duties import acting_as

    client.force_login(manager)
    client.get(reverse("accounts:events"))  # content types cached, like a warm server
    # Session, user, their permissions and roles (one read), programmes for the menu (the
    # switcher and the current programme share one read), the count, and one page of events
    # with their actors.
    with django_assert_num_queries(6):
        assert client.get(reverse("accounts:events")).status_code == 200
    with acting_as(administrator):
        for number in range(60):
            UserFactory(username=f"many{number}", role=Role.MANAGER)
    client.get(reverse("accounts:events"))  # the session notes the activity (15 s resolution)
    with django_assert_num_queries(6):
        page = client.get(reverse("accounts:events"))
    assert len(page.context["page_obj"].object_list) == 50
