"""The company list as a file: the list page's rows with the filters the user applied."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jobsporet.core.exports.lists import as_query, stand_in_request
from jobsporet.core.exports.tables import Column, Kind, Table
from jobsporet.programmes.models import Programme

from . import queries
from .filters import CompanyFilter
from .models import Company


def company_list_rows(
    *, user: Any, programme: Programme | None, filters: dict[str, list[str]]
) -> QuerySet[Company]:
    """The list page's rows for these filters, in its order."""
    matched = CompanyFilter(
        as_query(filters), queryset=queries.company_rows(programme), request=stand_in_request(user)
    ).qs
    return matched.order_by(*(matched.query.order_by or ["name"]), "pk")


def _role(company: Company) -> str:
    roles = [_("Training company")] * company.is_training
    roles += [_("Network company")] * company.is_network
    return ", ".join(str(role) for role in roles)


def company_list_table(rows: Any, *, programme: Programme | None) -> Table:
    return Table(
        title=_("Companies"),
        notes=[programme.name] if programme else [],
        columns=[
            Column(_("Name")),
            Column(_("CVR")),
            Column(_("Sector")),
            Column(_("City")),
            Column(_("Role")),
            Column(_("Training places"), Kind.INTEGER),
            Column(_("In use"), Kind.INTEGER),
            Column(_("Hires"), Kind.INTEGER),
            Column(_("Jobcenter contact")),
        ],
        rows=(
            [
                row.name,
                row.cvr,
                row.get_sector_display(),
                row.city,
                _role(row),
                row.training_capacity,
                row.places_in_use if row.is_training else None,
                row.hires,
                str(row.consultant) if row.consultant else "",
            ]
            for row in rows
        ),
    )
