"""The admin opens for an administrator and never shows or edits what the services own."""

import pytest
from django.urls import reverse

from jobsporet.core.models import AuditEvent
from participants import esf
from participants.models import Participant
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


# --- Nothing the services own can be changed in the admin ------------------------------------


@pytest.fixture
def left_case(programme):
    """A case that left the programme: its first history version is still 'enrolled'."""
    from participants import services

    participant = ParticipantFactory(programme=programme)
    return services.participant_exit(
        participant=participant,
        exit_on=participant.enrolled_on,
        outcome=Participant.ExitOutcome.DROPOUT,
        reason="Flyttet",
        actor=None,
    )


@pytest.mark.parametrize("persona", ["superuser", "administrator"])
def test_a_revert_of_a_left_case_is_refused_and_the_exit_stays(client, request, persona, left_case):
    enrolled_version = left_case.history.earliest("history_date")
    assert enrolled_version.status == Participant.Status.ENROLLED
    url = reverse(
        "admin:participants_participant_simple_history",
        args=[left_case.pk, enrolled_version.history_id],
    )
    client.force_login(request.getfixturevalue(persona))
    page = client.get(url)
    assert page.status_code == 200 and page.context["revert_disabled"]
    versions, events = left_case.history.count(), AuditEvent.objects.count()

    response = client.post(url, {"reference": left_case.reference, "enrolled_on": "2021-01-04"})

    assert response.status_code == 403
    left_case.refresh_from_db()
    assert (left_case.status, left_case.exit_outcome) == ("exited", "dropout")
    assert left_case.exit_on is not None and left_case.exit_reason == "Flyttet"
    assert left_case.history.count() == versions and AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", ["superuser", "administrator"])
def test_notes_plans_and_efforts_are_not_in_the_admin_at_all(
    client, request, persona, programme, broker
):
    """What an administrator may not read has no admin screen, for anyone: it is read on the
    case page by those whose work needs it."""
    from participants.models import CaseNote
    from participants.services import case_note_add, goal_save

    participant = ParticipantFactory(programme=programme)
    note = case_note_add(
        participant=participant, author=broker, kind=CaseNote.Kind.PHONE, text="Aftalt opstart"
    )
    goal_save(plan=participant.development_plan, actor=None, area="professional", title="Truck")
    client.force_login(request.getfixturevalue(persona))
    index = client.get(reverse("admin:index")).content.decode()
    for model in ("casenote", "developmentplan", "goal", "review", "paralleleffort"):
        assert f"/admin/participants/{model}/" not in index, model
        assert client.get(f"/admin/participants/{model}/").status_code == 404, model
    assert client.get(f"/admin/participants/casenote/{note.pk}/change/").status_code == 404
    assert client.get(f"/admin/participants/casenote/{note.pk}/history/").status_code == 404


def test_mentors_have_read_only_admin_pages(client, superuser):
    from tests.factories import MentorFactory

    mentor = MentorFactory(name="Mette Mentor")
    client.force_login(superuser)
    for name, args in [
        ("admin:companies_mentor_changelist", []),
        ("admin:companies_mentor_change", [mentor.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    assert client.get(reverse("admin:companies_mentor_add")).status_code == 403
    response = client.post(
        reverse("admin:companies_mentor_change", args=[mentor.pk]),
        {"name": "Ændret", "company": mentor.company_id, "is_active": "on"},
    )
    assert response.status_code == 403
    mentor.refresh_from_db()
    assert mentor.name == "Mette Mentor"


def test_companies_and_agreements_are_read_only_in_the_admin(client, superuser, programme):
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(programme=programme, company__name="Lager A/S")
    client.force_login(superuser)
    company_url = reverse("admin:companies_company_change", args=[agreement.company_id])
    assert client.post(company_url, {"name": "Ændret"}).status_code == 403
    agreement_url = reverse("admin:companies_agreement_change", args=[agreement.pk])
    assert client.post(agreement_url, {"training_capacity": "9"}).status_code == 403
    agreement.refresh_from_db()
    assert (agreement.company.name, agreement.training_capacity) == ("Lager A/S", 2)


def test_the_history_page_does_not_show_health_barriers(client, administrator, programme):
    from participants.services import participant_update

    participant = ParticipantFactory(programme=programme)
    participant_update(
        participant=participant,
        actor=None,
        barrier_physical=True,
        barrier_notes="Diskusprolaps",
        benefit_type="cash_benefit",
    )
    client.force_login(administrator)
    page = client.get(reverse("admin:participants_participant_history", args=[participant.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Diskusprolaps" not in content
    assert "cash_benefit" in content, "the changes the screen shows are still listed"


# --- Users: administrators manage accounts and roles, never the superuser flag ----------------


def _user_form(user, **changes) -> dict:
    """The admin's user change form as a browser would post it, with some values changed."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return data


def _all_permissions() -> list[int]:
    from django.contrib.auth.models import Permission

    return list(Permission.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("whom", ["themselves", "a colleague"])
def test_an_administrator_cannot_grant_the_superuser_flag(client, administrator, broker, whom):
    target = administrator if whom == "themselves" else broker
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields

    response = client.post(
        url,
        _user_form(target, is_superuser="on", is_staff="on", user_permissions=_all_permissions()),
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser
    assert not target.user_permissions.exists()
    assert not target.has_perm("auth.change_group")


def test_an_administrator_manages_roles_and_accounts(client, administrator, broker):
    from django.contrib.auth.models import Group

    from jobsporet.accounts.roles import Role

    manager_group = Group.objects.get(name=Role.MANAGER)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_change", args=[broker.pk]),
        _user_form(broker, groups=[manager_group.pk], first_name="Birte"),
    )
    assert response.status_code == 302
    broker.refresh_from_db()
    assert list(broker.groups.all()) == [manager_group] and broker.first_name == "Birte"


def test_an_administrator_cannot_take_over_a_superuser_account(client, administrator, superuser):
    client.force_login(administrator)
    page = client.get(reverse("admin:accounts_user_change", args=[superuser.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    password = client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "overtaget-123", "password2": "overtaget-123"},
    )
    assert password.status_code == 403
    change = client.post(
        reverse("admin:accounts_user_change", args=[superuser.pk]),
        _user_form(superuser, email="admin@evil.example"),
    )
    assert change.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password("demo") and superuser.email != "admin@evil.example"
    delete = client.post(
        reverse("admin:accounts_user_delete", args=[superuser.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403


def test_an_administrator_without_the_superuser_flag_runs_the_admin(
    client, administrator, programme
):
    client.force_login(administrator)
    for name in [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:programmes_programme_changelist",
        "admin:programmes_programme_add",
        "admin:programmes_fundingentry_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    assert page.status_code == 200 and "members" in page.context["adminform"].form.fields
    assert client.get(reverse("importing:import")).status_code == 200


# --- The audit trail: who did what, without what the record says ------------------------------


@pytest.fixture
def sensitive_events(programme):
    from participants.services import parallel_effort_save, participant_update

    participant = ParticipantFactory(programme=programme)
    participant_update(
        participant=participant, actor=None, barrier_physical=True, barrier_notes="Diskusprolaps"
    )
    parallel_effort_save(
        participant=participant,
        actor=None,
        kind="health",
        description="Fysioterapi for ryggen",
        starts_on=participant.enrolled_on,
    )
    events = AuditEvent.objects.filter(person_id=participant.person_id)
    assert any("Helbred" in event.summary for event in events), "the effort's summary names it"
    assert any("Diskusprolaps" in str(event.changes) for event in events)
    return events


@pytest.mark.parametrize("persona", ["administrator", "superuser"])
def test_the_audit_trail_in_the_admin_never_says_what_a_citizens_record_holds(
    client, request, persona, sensitive_events
):
    client.force_login(request.getfixturevalue(persona))
    changelist = reverse("admin:core_auditevent_changelist")
    listing = client.get(changelist)
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Helbred" not in body and "Diskusprolaps" not in body
    assert "detaljer kun på sagen, for dem med adgang" in body
    # A search would tell which rows hold a word: there is none to make.
    assert 'id="searchbar"' not in body
    searched = client.get(changelist, {"q": "Helbred"})
    assert len(searched.context["cl"].result_list) == AuditEvent.objects.count()
    for event in sensitive_events:
        detail = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
        assert detail.status_code == 200
        assert "Helbred" not in detail.content.decode()
        assert "Diskusprolaps" not in detail.content.decode()


@pytest.mark.parametrize("persona", ["superuser", "administrator"])
def test_no_one_reads_an_authenticators_secret_or_recovery_codes_in_the_admin(
    client, request, persona, broker
):
    """The key and the recovery codes are the second factor: whoever reads them is the user."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=broker, name="Telefon", confirmed=True)
    codes = StaticDevice.objects.create(user=broker, name="Gendannelseskoder")
    client.force_login(request.getfixturevalue(persona))
    index = client.get(reverse("admin:index")).content.decode()
    assert "otp_totp" not in index and "otp_static" not in index
    for url in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/admin/otp_totp/totpdevice/{device.pk}/config/",
        f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/",
        "/admin/otp_static/staticdevice/",
        f"/admin/otp_static/staticdevice/{codes.pk}/change/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_admin_shows_the_esf_characteristics_but_not_the_sensitive_groups(
    client, administrator, programme
):
    participant = ParticipantFactory(
        programme=programme,
        labour_market_status="unemployed",
        education_level="isced_3_4",
        disadvantaged_disability=True,
    )
    client.force_login(administrator)
    page = client.get(reverse("admin:participants_participant_change", args=[participant.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Arbejdsmarkedsstatus ved start" in content
    assert "Højeste fuldførte uddannelse" in content
    assert participant.get_education_level_display() in content
    assert "disadvantaged_disability" not in content
    assert str(esf.DISADVANTAGED["disadvantaged_disability"]) not in content
