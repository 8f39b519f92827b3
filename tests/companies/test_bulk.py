"""The bulk company services: company_create's, mentor_save's and agreement_save's rules for
every row, all or nothing, with history and audit rows."""

import datetime

import pytest

from companies import bulk
from companies.models import Agreement, Company, Mentor
from jobsporet.core.errors import BulkRefused
from tests.factories import CompanyFactory, audit_events, make_cvr

pytestmark = pytest.mark.django_db
DAY = datetime.date(2021, 3, 1)


def test_companies_mentors_and_agreements_are_written_with_their_trail(programme, consultant):
    cvr = make_cvr()
    [company] = bulk.companies_create_many(
        companies=[
            Company(
                cvr=f"DK {cvr[:4]} {cvr[4:]}",
                name=" Netto ",
                sector="retail",
                consultant=consultant,
            )
        ],
        actor=consultant,
    )
    assert (company.cvr, company.name) == (cvr, "Netto")
    assert audit_events(company).get().summary == "Virksomhed registreret: Netto"
    assert Company.history.filter(history_type="+").count() == 1
    [mentor] = bulk.mentors_add_many(mentors=[Mentor(company=company, name=" Bo ")], actor=None)
    assert mentor.name == "Bo" and audit_events(mentor).count() == 1
    [agreement] = bulk.agreements_create_many(
        agreements=[
            Agreement(
                company=company,
                programme=programme,
                is_training=True,
                is_network=False,
                training_capacity=2,
                signed_on=DAY,
            )
        ],
        actor=consultant,
    )
    assert audit_events(agreement).get().programme_id == programme.pk


def test_a_broken_row_refuses_the_batch(programme, broker):
    taken = CompanyFactory()
    cvr = make_cvr()
    rows = [
        Company(cvr=taken.cvr, name="A", sector="retail"),
        Company(cvr="12345678", name="B", sector="retail"),
        Company(cvr=cvr, name="C", sector="retail"),
        Company(cvr=cvr, name="D", sector="retail"),
        Company(cvr=make_cvr(), name=" ", sector="retail"),
        Company(cvr=make_cvr(), name="E", sector="space"),
        Company(cvr=make_cvr(), name="F", sector="retail", consultant=broker),
    ]
    with pytest.raises(BulkRefused) as refused:
        bulk.companies_create_many(companies=rows, actor=None)
    assert {i: e.field for i, e in refused.value.errors.items()} == {
        0: "cvr",
        1: "cvr",
        3: "cvr",
        4: "name",
        5: "sector",
        6: "consultant",
    }
    assert list(Company.objects.all()) == [taken]
    with pytest.raises(BulkRefused):
        bulk.mentors_add_many(mentors=[Mentor(company=taken, name=" ")], actor=None)
    with pytest.raises(BulkRefused) as refused:
        bulk.agreements_create_many(
            agreements=[
                Agreement(
                    company=taken,
                    programme=programme,
                    is_training=False,
                    is_network=False,
                    signed_on=DAY,
                ),
                Agreement(
                    company=taken,
                    programme=programme,
                    is_training=True,
                    is_network=False,
                    signed_on=DAY,
                ),
                Agreement(
                    company=taken,
                    programme=programme,
                    is_training=True,
                    is_network=False,
                    signed_on=DAY,
                ),
            ],
            actor=None,
        )
    assert list(refused.value.errors) == [0, 2]
    assert not Agreement.objects.exists() and not Mentor.objects.exists()
