"""Filtering and sorting the company list."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jobsporet.core.choices import Sector


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Sector"))
    role = django_filters.ChoiceFilter(
        method="filter_role",
        label=_("Role in the programme"),
        choices=[
            ("training", _("Training company")),
            ("network", _("Network company")),
            ("none", _("No agreement")),
        ],
    )
    free = django_filters.BooleanFilter(
        method="filter_free", label=_("Free training places"), widget=forms.CheckboxInput
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=_("My companies"), widget=forms.CheckboxInput
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("cvr", "cvr"),
            ("sector", "sector"),
            ("city", "city"),
            ("hires", "hires"),
        ),
        widget=forms.HiddenInput,
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        digits = value.replace(" ", "").upper().removeprefix("DK")
        return queryset.filter(Q(name__icontains=value.strip()) | Q(cvr__startswith=digits))

    def filter_role(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "training":
            return queryset.filter(is_training=True)
        if value == "network":
            return queryset.filter(is_network=True)
        return queryset.filter(is_training=False, is_network=False)

    def filter_free(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(has_free_place=True)

    def filter_mine(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(consultant=self.request.user) if value else queryset
