"""Edits that cross: a form refuses to save over a change made after it was opened.

Two people open the same case's contact details; the first saves a new phone number, the second
saves an hour later with the old one still in the form, and the first change was gone without a
word. Every edit form mixes in `EditConflictMixin`: the form carries, in a hidden field, the
values of its fields as they were stored when it was opened (signed, so a page cannot forge
them); on saving it compares them with what is stored now. If someone else changed any of them
meanwhile, the form is refused with what changed (field, the value it was opened with, the value
stored now), and keeps what the user typed; the hidden values are renewed, so saving the same
form again overwrites the change knowingly.

The form reads "what is stored now" from the record the view loaded for this request (the
initial values a form is built with), so the mixin needs nothing from the view. A form posted
without the hidden field (a page from before this check) is not compared.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.forms.models import BaseModelForm
from django.utils.translation import gettext as _

OPENED_AS = "opened_as"
_SALT = "jobsporet.concurrency.opened-as"


def _plain(field: forms.Field, value: Any) -> str | list[str]:
    """A field's value in the form a browser would post it (a pk for a record, "2021-01-04" for
    a date, a list for several choices), so what was opened and what is stored compare alike."""
    prepared = field.prepare_value(value)
    if isinstance(prepared, list | tuple | set):
        return sorted(str(item) for item in prepared)
    if prepared is None:
        return ""
    return str(prepared)


def _shown(field: forms.Field, value: str | list[str]) -> str:
    """A stored value as the user knows it: a choice's label, an empty value as a dash."""
    values = value if isinstance(value, list) else [value]
    labels = {str(key): str(label) for key, label in getattr(field, "choices", ())}
    shown = [labels.get(item, item) for item in values if item not in ("", "None")]
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value == "True" else _("No")
    return ", ".join(shown) or "—"


class EditConflictMixin(forms.Form):
    """Mix into an edit form (before forms.Form / forms.ModelForm): it refuses to save over a
    change someone else made after the form was opened, and says what changed."""

    opened_as = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed_meanwhile: list[tuple[str, str, str]] = []
        if isinstance(self, BaseModelForm) and self.instance.pk is None:
            # A form that adds a record: there is nothing anyone could have changed.
            del self.fields[OPENED_AS]
            self._stored = None
            return
        self._stored = {
            name: _plain(field, self.get_initial_for_field(field, name))
            for name, field in self.fields.items()
            if name != OPENED_AS
        }
        self.fields[OPENED_AS].initial = self._token(self._stored)

    @staticmethod
    def _token(values: dict[str, Any]) -> str:
        return signing.dumps(values, salt=_SALT, compress=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Not a value of the record: views pass cleaned_data on to the services as it is.
        data.pop(OPENED_AS, None)
        if self._stored is None:
            return data
        token = self.data.get(self.add_prefix(OPENED_AS))
        if not token:
            return data
        try:
            opened = signing.loads(token, salt=_SALT)
        except signing.BadSignature:
            opened = {}
        changed = [name for name, value in self._stored.items() if opened.get(name) != value]
        if not changed:
            return data
        self.changed_meanwhile = [
            (
                str(self.fields[name].label or name),
                _shown(self.fields[name], opened[name]) if name in opened else "?",
                _shown(self.fields[name], self._stored[name]),
            )
            for name in changed
        ]
        # Saving this form again overwrites the change knowingly: it now stands for what is
        # stored, and the user has been shown what that is.
        self.data = self.data.copy()
        self.data[self.add_prefix(OPENED_AS)] = self._token(self._stored)
        what = "; ".join(f"{label}: {old} → {new}" for label, old, new in self.changed_meanwhile)
        raise forms.ValidationError(
            _(
                "Someone else saved changes here after you opened the form, so nothing was "
                "saved. Changed meanwhile: %(what)s. What you typed is kept below: check it "
                "and save again to replace their changes."
            )
            % {"what": what},
            code="changed_meanwhile",
        )
