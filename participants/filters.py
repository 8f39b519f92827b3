"""Filtering and sorting the participant list. A search by CPR number arrives as a token
(see search.py, which keeps CPR numbers out of the list's URLs)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Col
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from jobsporet.accounts.roles import Role

from .forms import DATE, members_with_role
from .models import Barrier, Participant, Person
from .search import is_cpr, recall_cpr_search


class JoinedPersonId(F):
    """The id column of the persons' table joined for the names, where `person_id` would be
    the case's own column (Django reads `person__id` from the case): a condition on the persons'
    columns alone is one PostgreSQL can test while it walks the persons' name index."""

    def __init__(self) -> None:
        super().__init__("person__last_name")

    def resolve_expression(self, *args, **kwargs) -> Col:
        name = super().resolve_expression(*args, **kwargs)
        return Col(name.alias, Person._meta.pk)


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    cpr = django_filters.CharFilter(method="filter_cpr_search", widget=forms.HiddenInput)
    caseload = django_filters.ChoiceFilter(
        method="filter_caseload",
        label=_("Caseload"),
        choices=[("mine", _("My cases")), ("all", _("Everyone in the programme"))],
        empty_label=None,
    )
    status = django_filters.ChoiceFilter(choices=Participant.Status.choices, label=_("Status"))
    exit_outcome = django_filters.ChoiceFilter(
        choices=Participant.ExitOutcome.choices, label=_("Outcome")
    )
    job_broker = django_filters.ModelChoiceFilter(queryset=None, label=_("Job broker"))
    barrier = django_filters.ChoiceFilter(
        method="filter_barrier", choices=Barrier.choices, label=_("Barrier")
    )
    enrolled_from = django_filters.DateFilter(
        field_name="enrolled_on", lookup_expr="gte", label=_("Enrolled from"), widget=DATE
    )
    enrolled_to = django_filters.DateFilter(
        field_name="enrolled_on", lookup_expr="lte", label=_("Enrolled to"), widget=DATE
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("person__last_name", "name"),
            ("reference", "reference"),
            ("enrolled_on", "enrolled"),
            ("status", "status"),
        ),
        label=_("Sort"),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Participant
        fields: list[str] = []

    def __init__(self, data=None, *args, request=None, programme=None, **kwargs) -> None:
        data = data.copy() if data is not None else None
        self.user = request.user
        self.programme = programme
        if data is not None and not data.get("caseload"):
            # A job broker's list opens on their own caseload; others see the whole programme.
            # A search looks across every case the user may see: brokers cover for each other,
            # so a colleague's citizen must be found (the caseload filter can narrow it after).
            searching = bool(data.get("q", "").strip() or data.get("cpr"))
            mine = self.user.has_role(Role.JOB_BROKER) and not searching
            data["caseload"] = "mine" if mine else "all"
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["job_broker"].queryset = members_with_role(programme, Role.JOB_BROKER)
        if not self.user.has_perm("participants.view_sensitive"):
            del self.filters["barrier"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if is_cpr(value):
            # A CPR number is searched by POST (participant_list) and arrives here as a token.
            return queryset.none()
        for word in value.split():
            # A word matches a case by the person's names or the case number. Most words are
            # names that match no case number: then the condition is on the persons' names
            # alone, which PostgreSQL tests while it walks the persons' name index (the list's
            # order) and reads no more of it than the page needs. An OR of the names and the
            # case's own number would read every case (seen at 100,000).
            names = Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
            numbered = Participant.objects.filter(
                programme=self.programme, reference__icontains=word
            ).order_by()
            if not numbered.exists():
                queryset = queryset.filter(names)
                continue
            # Some case number matches (a trigram look-up): the persons with such a case join
            # the names on the index walk, and the case's own number then keeps out a person's
            # other case whose number does not match.
            queryset = queryset.filter(
                names | Q(In(JoinedPersonId(), numbered.values("person_id")))
            ).filter(names | Q(reference__icontains=word))
        return queryset

    def filter_cpr_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        search = recall_cpr_search(self.request.session, value)
        if search is None or search["person"] is None:
            return queryset.none()
        return queryset.filter(person_id=search["person"])

    def filter_caseload(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "mine":
            return queryset.filter(Q(job_broker=self.user) | Q(case_worker=self.user))
        return queryset

    def filter_barrier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{f"barrier_{value}": True})
