"""A refusal writes nothing: every row of the domain's tables (and the audit log, and the
history tables) is the same after the refused call as before it."""

from contextlib import contextmanager

from django.apps import apps

DOMAIN_APPS = ("participants", "placements", "companies", "programmes", "core", "accounts")


def _rows(models) -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models
    }


@contextmanager
def nothing_written(*models):
    """Asserts that the block leaves the rows of `models` as it found them (by default every
    concrete model of the domain apps: cases, placements, companies, programmes, audit events
    and the history of each)."""
    models = models or [
        model
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS and not model._meta.proxy
    ]
    before = _rows(models)
    yield
    after = _rows(models)
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"the refused call wrote to {changed}"
