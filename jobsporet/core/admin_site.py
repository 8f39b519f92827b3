"""Jobsporet's admin site: it answers only the questions each admin screen declares.

Django's admin lets the query string filter a list by any field of the model (`?barrier_notes
__icontains=ryg` on the participants, `?summary__icontains=Helbred` on the audit trail), even a
field the screen never shows: whoever may open the list can then ask, row by row, what a hidden
field holds. And its autocomplete endpoint searches any registered model through any foreign key
of any model, whether or not a screen uses it.

This site closes both for every ModelAdmin registered on it, third-party ones included:
`register()` mixes DeclaredFiltersOnly into each, so a list can be filtered only through the
filters it declares (list_filter, date_hierarchy), and the autocomplete endpoint answers only for
the fields an admin declares in autocomplete_fields. Anything else is a 400 or a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.filters import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

# What Django's own list filters put in the query string after a declared field's path:
# `status__exact`, `ends_on__gte`, `programme__id__exact`, `exit_on__isnull`, `at__year`...
FILTER_LOOKUPS = frozenset(
    {"exact", "isnull", "isempty", "gte", "gt", "lte", "lt", "in", "year", "month", "day"}
)
RELATED_KEYS = frozenset({"id", "pk"})


def declared_filters(model_admin: admin.ModelAdmin, request: HttpRequest | None) -> set[str]:
    """The field paths a list's declared filters (and date hierarchy) filter on, and the query
    parameters of its own filter classes."""
    items = model_admin.get_list_filter(request) if request is not None else model_admin.list_filter
    declared = set()
    for item in items:
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            declared.add(item.parameter_name)
        elif isinstance(item, list | tuple):
            declared.add(item[0])
        else:
            declared.add(item)
    if model_admin.date_hierarchy:
        declared.add(model_admin.date_hierarchy)
    return declared


def is_declared_lookup(lookup: str, declared: set[str]) -> bool:
    """`lookup` is one of the declared paths itself, or one of them with a filter's lookup."""
    if lookup in declared:
        return True
    for path in declared:
        if not lookup.startswith(path + LOOKUP_SEP):
            continue
        rest = lookup[len(path) + len(LOOKUP_SEP) :].split(LOOKUP_SEP)
        if len(rest) == 1 and rest[0] in FILTER_LOOKUPS:
            return True
        if len(rest) == 2 and rest[0] in RELATED_KEYS and rest[1] in FILTER_LOOKUPS:
            return True
    return False


class DeclaredFiltersOnly:
    """Mixed into every ModelAdmin by JobsporetAdminSite.register()."""

    def lookup_allowed(self, lookup: str, value: Any, request: HttpRequest | None = None) -> bool:
        if not is_declared_lookup(lookup, declared_filters(self, request)):
            return False
        return super().lookup_allowed(lookup, value, request)


class JobsporetAdminSite(admin.AdminSite):
    # Not "Django administration": the users run Jobsporet, not Django.
    site_header = gettext_lazy("Jobsporet administration")
    site_title = gettext_lazy("Jobsporet administration")
    index_title = gettext_lazy("Administration")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DeclaredFiltersOnly):
            admin_class = type(
                admin_class.__name__,
                (DeclaredFiltersOnly, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        """Only for a field an admin declares in autocomplete_fields: otherwise any foreign
        key of any model would search whatever it points to."""
        from django.apps import apps

        try:
            model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            source_admin = self.get_model_admin(model)
        except (KeyError, LookupError, NotRegistered) as refused:
            raise PermissionDenied from refused
        if request.GET.get("field_name") not in source_admin.get_autocomplete_fields(request):
            raise PermissionDenied
        return super().autocomplete_view(request)


class AdminConfig(DjangoAdminConfig):
    """Installed instead of django.contrib.admin, so `admin.site` is JobsporetAdminSite."""

    default_site = "jobsporet.core.admin_site.JobsporetAdminSite"
