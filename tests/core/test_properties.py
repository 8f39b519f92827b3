"""Property-based tests (Hypothesis): the parsers of CPR and CVR numbers, dates, amounts and
hours, and the main forms, given any input (any Unicode, digits of every script, near-misses of
the right shape), only ever accept a valid value or refuse it with a validation error: never
another exception (a 500), never a value outside what a case can hold.

Kept fast: a modest number of examples each, no deadline (the machine is shared)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from companies import cvr
from jobsporet.core.bounds import EARLIEST, LATEST
from jobsporet.core.digits import parse_id
from jobsporet.core.imports.errors import ValueProblem
from jobsporet.core.imports.values import (
    checked_by,
    parse_date,
    parse_decimal,
    parse_percent,
    parse_whole,
)
from jobsporet.programmes.models import FundingEntry
from participants import cpr
from participants.forms import CaseNoteForm, EnrolForm, PersonForm, ReviewForm
from placements.forms import ExitForm, HoursForm
from placements.models import HoursChange

FAST = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FORMS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Digits of every script, the separators the parsers know, and anything at all.
any_digit = st.characters(categories=["Nd"])
shaped = st.text(
    alphabet=st.one_of(any_digit, st.sampled_from("0123456789-.,% kr²½\u00a0\uff0d")), max_size=24
)
anything = st.one_of(st.text(max_size=40), shaped)


def is_ascii_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


@FAST
@given(anything)
def test_a_cpr_number_is_ten_ascii_digits_with_a_real_date_or_refused(raw):
    try:
        digits = cpr.normalise(raw)
    except ValidationError:
        return
    assert is_ascii_digits(digits, 10)
    assert cpr.birth_date(digits)  # a real date


@FAST
@given(
    st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31)),
    st.integers(0, 3999),
    st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९"]),
    st.sampled_from(["-", "", " ", "\uff0d"]),
)
def test_a_real_cpr_number_in_any_script_is_the_same_ascii_number(born, serial, script, dash):
    ascii_number = f"{born:%d%m%y}{serial:04d}"
    typed = ascii_number[:6].translate(str.maketrans("0123456789", script)) + dash
    typed += ascii_number[6:].translate(str.maketrans("0123456789", script))
    assert cpr.normalise(typed) == ascii_number
    assert cpr.birth_date(ascii_number) == born


@FAST
@given(anything)
def test_a_cvr_number_is_eight_ascii_digits_with_the_check_digit_or_refused(raw):
    try:
        number = cvr.normalise(raw)
    except ValidationError:
        return
    assert is_ascii_digits(number, 8)
    assert sum(int(d) * w for d, w in zip(number, cvr.WEIGHTS, strict=True)) % 11 == 0


@FAST
@given(st.one_of(anything, st.dates().map(str), st.dates().map(lambda d: f"{d:%d.%m.%Y}")))
def test_an_imported_date_lies_within_the_years_a_case_holds_or_is_refused(raw):
    try:
        day = parse_date(raw)
    except ValueProblem:
        return
    assert isinstance(day, datetime.date) and EARLIEST <= day <= LATEST


@FAST
@given(st.one_of(anything, st.decimals(allow_nan=True).map(str)))
def test_an_imported_number_is_a_finite_decimal_or_refused(raw):
    try:
        number = parse_decimal(raw)
    except ValueProblem:
        return
    assert isinstance(number, Decimal) and number.is_finite()


@FAST
@given(anything)
def test_whole_numbers_and_percentages_are_in_range_or_refused(raw):
    try:
        whole = parse_whole(raw)
        assert isinstance(whole, int) and whole >= 0
    except ValueProblem:
        pass
    try:
        fraction = parse_percent(raw)
        assert 0 <= fraction <= 1
    except ValueProblem:
        pass


@FAST
@given(st.one_of(anything, st.decimals(allow_nan=False).map(str)))
def test_an_imported_amount_fits_the_ledger_or_is_refused(raw):
    try:
        amount = checked_by(FundingEntry, "amount", parse_decimal)(raw)
    except ValueProblem:
        return
    assert amount.is_finite() and abs(amount) < Decimal(10) ** 12
    assert amount == amount.quantize(Decimal("0.01"))


@FAST
@given(st.one_of(anything, st.decimals(allow_nan=False).map(str)))
def test_imported_hours_fit_the_hours_column_or_are_refused(raw):
    try:
        hours = checked_by(HoursChange, "weekly_hours", parse_decimal)(raw)
    except ValueProblem:
        return
    assert hours.is_finite() and abs(hours) < 1000


@FAST
@given(st.one_of(anything, st.integers().map(str), st.integers()))
def test_an_id_from_a_request_is_a_positive_bigint_or_none(raw):
    value = parse_id(raw)
    assert value is None or 0 < value < 2**63


# --- the main forms --------------------------------------------------------------------------


def assert_dates_in_bounds(form) -> None:
    for name, value in form.cleaned_data.items():
        if isinstance(value, datetime.datetime | datetime.date):
            day = value.date() if isinstance(value, datetime.datetime) else value
            assert EARLIEST <= day <= LATEST, name


dates_typed = st.one_of(
    anything,
    st.dates().map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)


@FORMS
@given(hours=anything, changed_on=dates_typed, note=st.text(max_size=400))
def test_the_hours_form_accepts_hours_in_range_or_says_why(hours, changed_on, note):
    form = HoursForm({"weekly_hours": hours, "changed_on": changed_on, "note": note})
    if form.is_valid():
        assert Decimal("0.5") <= form.cleaned_data["weekly_hours"] < 1000
        assert_dates_in_bounds(form)
    else:
        assert form.errors


@pytest.mark.django_db
@FORMS
@given(
    occurred_at=dates_typed,
    follow_up=st.one_of(st.sampled_from(["", "2", "7", "30", "date"]), st.text(max_size=5)),
    follow_up_on=dates_typed,
    text=st.text(max_size=200),
)
def test_the_note_form_accepts_a_dated_note_or_says_why(occurred_at, follow_up, follow_up_on, text):
    form = CaseNoteForm(
        {
            "kind": "phone",
            "occurred_at": occurred_at,
            "text": text,
            "follow_up": follow_up,
            "follow_up_on": follow_up_on,
        }
    )
    if form.is_valid():
        assert_dates_in_bounds(form)
    else:
        assert form.errors


@FORMS
@given(exit_on=dates_typed, reason=st.text(max_size=100), reviewed=dates_typed)
def test_the_exit_and_review_forms_accept_dates_in_bounds_or_say_why(exit_on, reason, reviewed):
    for form in (
        ExitForm({"outcome": "dropout", "exit_on": exit_on, "reason": reason}),
        ReviewForm({"reviewed_on": reviewed, "progress": reason, "next_review_on": exit_on}),
    ):
        if form.is_valid():
            assert_dates_in_bounds(form)
        else:
            assert form.errors


@pytest.mark.django_db
@FORMS
@given(
    raw_cpr=st.one_of(anything, st.just("150387-4321"), st.just("١٥٠٣٨٧-٤٣٢١")),
    first_name=st.text(max_size=120),
    enrolled_on=dates_typed,
    postal_code=anything,
    email=st.text(max_size=40),
)
def test_the_enrol_form_accepts_a_valid_cpr_and_dates_or_says_why(
    programme, raw_cpr, first_name, enrolled_on, postal_code, email
):
    form = EnrolForm(
        {
            "cpr": raw_cpr,
            "first_name": first_name,
            "last_name": "Jensen",
            "reference": "JS-1",
            "enrolled_on": enrolled_on,
            "postal_code": postal_code,
            "email": email,
            "consent": "given",
            "consent_on": enrolled_on,
        },
        programme=programme,
    )
    if form.is_valid():
        assert is_ascii_digits(form.cleaned_data["cpr"], 10)
        assert_dates_in_bounds(form)
    else:
        assert form.errors


@pytest.mark.django_db
@FORMS
@given(values=st.fixed_dictionaries(dict.fromkeys(PersonForm.Meta.fields, anything)))
def test_the_contact_details_form_accepts_or_says_why(values):
    assume(any(values.values()))
    form = PersonForm(values)
    if form.is_valid():
        assert form.cleaned_data["first_name"].strip()
    else:
        assert form.errors
