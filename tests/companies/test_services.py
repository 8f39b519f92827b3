"""Company, agreement and mentor writes: the rules, the refusals, and the audit trail."""

import datetime

import pytest

from companies import services
from companies.models import Agreement, Company, Mentor
from jobsporet.core.errors import DomainError
from jobsporet.core.models import AuditEvent
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MentorFactory,
    audit_events,
    work_events,
)
from tests.snapshots import nothing_written

pytestmark = pytest.mark.django_db


def events_about(record) -> list[AuditEvent]:
    return list(audit_events(record))


def test_a_company_is_registered_with_its_cvr_normalised_and_an_audit_row(consultant):
    company = services.company_create(
        cvr="DK 2918 9412", name=" SuperBrugsen ", sector="retail", actor=consultant, city="Ikast"
    )
    assert (company.cvr, company.name, company.city) == ("29189412", "SuperBrugsen", "Ikast")
    [event] = events_about(company)
    assert (event.actor, event.action) == (consultant, AuditEvent.Action.CREATED)
    assert "SuperBrugsen" in event.summary
    assert company.history.get().history_user == consultant


def test_a_known_or_invalid_cvr_is_refused_and_nothing_is_written(consultant):
    CompanyFactory(cvr="29189412", name="Findes")
    with nothing_written(), pytest.raises(DomainError) as known:
        services.company_create(cvr="29189412", name="Ny", sector="retail", actor=consultant)
    assert known.value.field == "cvr"
    assert (
        known.value.message
        == "En virksomhed med CVR-nummer 29189412 er allerede registreret: Findes."
    )
    with nothing_written(), pytest.raises(DomainError) as invalid:
        services.company_create(cvr="29189413", name="Ny", sector="retail", actor=consultant)
    assert invalid.value.field == "cvr"
    assert Company.objects.count() == 1 and not work_events().exists()


def test_a_companys_contact_must_be_a_company_consultant(consultant, broker):
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.company_create(
            cvr="29189412", name="Ny", sector="retail", actor=consultant, consultant=broker
        )
    assert refused.value.field == "consultant" and not Company.objects.exists()


def test_a_company_update_records_what_changed_and_nothing_when_nothing_did(consultant):
    company = CompanyFactory(name="Lager A/S", city="Ikast")
    services.company_update(company=company, actor=consultant, name="Lager A/S", city="Brande")
    [event] = events_about(company)
    assert event.action == AuditEvent.Action.CHANGED
    assert event.changes == {"city": ["Ikast", "Brande"]}
    services.company_update(company=company, actor=consultant, city="Brande")
    assert len(events_about(company)) == 1


def test_a_company_cannot_take_another_companys_cvr(consultant):
    CompanyFactory(cvr="29189412")
    company = CompanyFactory()
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.company_update(company=company, actor=consultant, cvr="29189412")
    assert refused.value.field == "cvr" and "allerede registreret" in str(refused.value)
    company.refresh_from_db()
    assert company.cvr != "29189412" and not events_about(company)


def _terms(**changes) -> dict:
    terms = {
        "is_training": True,
        "is_network": False,
        "training_capacity": 2,
        "signed_on": datetime.date(2021, 1, 1),
    }
    return {**terms, **changes}


def test_an_agreement_is_made_and_changed_with_audit_rows_in_its_programme(consultant, programme):
    company = CompanyFactory()
    agreement = services.agreement_save(
        company=company, programme=programme, actor=consultant, **_terms()
    )
    services.agreement_save(
        agreement=agreement,
        company=company,
        programme=programme,
        actor=consultant,
        **_terms(training_capacity=4, is_network=True),
    )
    agreement.refresh_from_db()
    assert (agreement.training_capacity, agreement.is_network) == (4, True)
    made, changed = events_about(agreement)
    assert made.action == AuditEvent.Action.CREATED and made.programme == programme
    assert changed.changes == {"training_capacity": ["2", "4"], "is_network": ["False", "True"]}


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (_terms(is_training=False), "is_training"),
        (_terms(is_training=False, is_network=True), "training_capacity"),
        (_terms(ends_on=datetime.date(2020, 12, 31)), "ends_on"),
    ],
)
def test_an_agreement_against_the_rules_is_refused(consultant, programme, terms, field):
    with pytest.raises(DomainError) as refused:
        services.agreement_save(
            company=CompanyFactory(), programme=programme, actor=consultant, **terms
        )
    assert refused.value.field == field
    assert not Agreement.objects.exists() and not work_events().exists()


def test_one_agreement_per_company_and_programme_and_it_keeps_its_programme(
    consultant, programme, other_programme
):
    agreement = AgreementFactory(programme=programme)
    with nothing_written(), pytest.raises(DomainError) as twice:
        services.agreement_save(
            company=agreement.company, programme=programme, actor=consultant, **_terms()
        )
    assert twice.value.field == "programme"
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.agreement_save(
            agreement=agreement,
            company=agreement.company,
            programme=other_programme,
            actor=consultant,
            **_terms(),
        )
    assert refused.value.field == "programme"
    agreement.refresh_from_db()
    assert agreement.programme == programme and Agreement.objects.count() == 1
    assert not work_events().exists()


def test_an_agreement_ends_with_an_audit_row_but_not_before_it_is_signed(consultant, programme):
    agreement = AgreementFactory(programme=programme, signed_on=datetime.date(2021, 3, 1))
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.agreement_end(
            agreement=agreement, ends_on=datetime.date(2021, 2, 28), actor=consultant
        )
    assert refused.value.field == "ends_on"
    agreement.refresh_from_db()
    assert agreement.ends_on is None and not events_about(agreement)

    services.agreement_end(
        agreement=agreement, ends_on=datetime.date(2022, 12, 31), actor=consultant
    )

    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2022, 12, 31)
    [event] = events_about(agreement)
    assert (event.actor, event.programme) == (consultant, programme)
    assert event.changes == {"ends_on": ["", "2022-12-31"]}


def test_mentors_are_added_and_changed_with_audit_rows(consultant):
    company = CompanyFactory(name="Lager A/S")
    mentor = services.mentor_save(company=company, actor=consultant, name=" Mette ", title="chef")
    services.mentor_save(
        mentor=mentor, company=company, actor=consultant, name="Mette", is_active=False
    )
    mentor.refresh_from_db()
    assert (mentor.name, mentor.title, mentor.is_active) == ("Mette", "", False)
    added, changed = events_about(mentor)
    assert added.action == AuditEvent.Action.CREATED and "Lager A/S" in added.summary
    assert changed.changes == {"title": ["chef", ""], "is_active": ["True", "False"]}


def test_a_mentor_needs_a_name_and_stays_at_its_company(consultant):
    company = CompanyFactory()
    with nothing_written(), pytest.raises(DomainError) as nameless:
        services.mentor_save(company=company, actor=consultant, name="  ")
    assert nameless.value.field == "name"
    mentor = MentorFactory(name="Mette")
    with nothing_written(), pytest.raises(DomainError) as refused:
        services.mentor_save(mentor=mentor, company=company, actor=consultant, name="Mette")
    assert str(refused.value) == "Mentoren arbejder i en anden virksomhed."
    mentor.refresh_from_db()
    assert mentor.company != company
    assert Mentor.objects.count() == 1 and not work_events().exists()
