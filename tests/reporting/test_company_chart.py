"""The chart of employment rates by training company draws the companies that trained the most
when a programme has more than can be read as bars; the caption says so."""

from django.utils import translation

from reporting.dashboard import MOST_COMPANIES_SHOWN, companies_chart
from reporting.kpis import TrainingCompany


def company(number: int, trained: int, employed: int) -> TrainingCompany:
    rate = employed / trained
    return TrainingCompany(
        cvr=f"{10000000 + number}",
        name=f"Firma {number:02d}",
        trained=trained,
        employed=employed,
        employment_rate=rate,
        left=trained,
        target_rate=rate,
        target_met=rate >= 0.4,
    )


def test_a_few_companies_are_all_drawn_in_the_engines_order():
    companies = [company(1, 5, 3), company(2, 2, 2), company(3, 8, 1)]
    with translation.override("da"):
        chart = companies_chart(companies, target=0.4, basis="enrolled")
    assert chart.categories == ["Firma 01", "Firma 02", "Firma 03"]
    assert "Vist:" not in chart.caption


def test_many_companies_draw_those_that_trained_the_most_and_say_so():
    # Company n trained n participants and hired one: the rate falls as n grows.
    companies = [company(n, n, 1) for n in range(1, MOST_COMPANIES_SHOWN + 11)]
    companies.sort(key=lambda c: -c.employment_rate)  # the engine's order
    with translation.override("da"):
        chart = companies_chart(companies, target=0.4, basis="enrolled")
    expected = [f"Firma {n:02d}" for n in range(11, MOST_COMPANIES_SHOWN + 11)]
    assert chart.categories == expected, "the 25 that trained the most, still by rate"
    assert [row[0] for row in chart.table_rows] == expected
    assert (
        f"Vist: de {MOST_COMPANIES_SHOWN} virksomheder, der har trænet flest, af "
        f"{MOST_COMPANIES_SHOWN + 10}" in chart.caption
    )
