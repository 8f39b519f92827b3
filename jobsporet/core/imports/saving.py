"""Single-model writes for the importers of data no service owns (programmes and funding):
validated by the model, as a form would validate them.

full_clean() applies every rule the model holds (lengths, choices, validators, unique and check
constraints), so a value a form would refuse is a row error here too, instead of being stored
as it is on SQLite or failing the whole import without a line on PostgreSQL.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from jobsporet.core.errors import DomainError

from .base import CREATED, UNCHANGED, UPDATED

M = TypeVar("M", bound=models.Model)


def changed(instance: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the instance's."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


def save_validated(instance: models.Model) -> None:
    """Save after full_clean(); a refusal is a DomainError naming the model field, which the
    importer turns into its column."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None
    instance.save()


def create_or_update(
    model: type[M], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[M, str]:
    """The row found by `lookup` with `values`, created or changed (validated) as needed, and
    whether it was created, updated or unchanged."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        save_validated(instance)
        return instance, CREATED
    differences = changed(instance, values)
    if not differences:
        return instance, UNCHANGED
    for name, value in differences.items():
        setattr(instance, name, value)
    save_validated(instance)
    return instance, UPDATED
