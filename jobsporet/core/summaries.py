"""Audit summaries that read in the reader's language.

An event's `summary` column is text in the language of whoever made the change (Danish, as a
rule), read by the admin, the account log and the exports. The case page's change history is
read in the reader's language too (English mode), so a service also hands the audit trail the
summary as a message: its English text (the msgid, as in the catalogue) and its parameters,
each stored so it can be shown again in any language (`AuditEvent.summary_message`):

- a date as its ISO date, shown in the reader's date format;
- a choice label or other translatable text as its English text, shown translated (`lowered`
  for the middle of a sentence);
- a number (hours) as its digits, shown with the reader's decimal comma or point;
- anything else (a company's name, a reason typed by a user) as written.

Rows written before messages were stored have none and are shown as written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from jobsporet.core.formatting import hours, short_date


@dataclass(frozen=True)
class Lowered:
    """A translatable text shown in lower case (a choice label in the middle of a sentence)."""

    text: Promise | str


def lowered(text: Promise | str) -> Lowered:
    return Lowered(text)


def _english(text: Promise | str) -> str:
    # The catalogue's key: the source text, which the English interface shows untranslated.
    with translation.override("en"):
        return str(text)


def _stored(value: Any) -> Any:
    if isinstance(value, Lowered):
        return {"text": _english(value.text), "lower": True}
    if isinstance(value, Promise):
        return {"text": _english(value)}
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return {"number": str(value)}
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)


def _shown(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "date" in value:
        return short_date(datetime.date.fromisoformat(value["date"]))
    if "number" in value:
        return hours(Decimal(value["number"]))
    text = gettext(value.get("text", ""))
    return text.lower() if value.get("lower") else text


@dataclass(frozen=True)
class Summary:
    """A summary as a message: `text` is the English text as in the catalogue (mark it with
    gettext_noop so makemessages keeps it), `params` its parameters; with `plural` and `count`,
    the text and plural of an ngettext; `more`: sentences that follow it, after a space."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str = ""
    count: int = 0
    more: tuple[Summary, ...] = ()

    def then(self, following: Summary) -> Summary:
        return Summary(self.text, self.params, self.plural, self.count, (*self.more, following))

    def stored(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "text": self.text,
            "params": {name: _stored(value) for name, value in self.params.items()},
        }
        if self.plural:
            message.update(plural=self.plural, count=self.count)
        if self.more:
            message["more"] = [following.stored() for following in self.more]
        return message

    def __str__(self) -> str:
        return render(self.stored())


def summary(text: str, /, **params: Any) -> Summary:
    """A summary to hand to audit.record (or audit.Event) instead of translated text."""
    return Summary(text, params)


def summary_plural(text: str, plural: str, count: int, /, **params: Any) -> Summary:
    """The same for an ngettext: %(count)s is a parameter."""
    return Summary(text, {"count": count, **params}, plural=plural, count=count)


def render(message: dict[str, Any], fallback: str = "") -> str:
    """A stored message in the active language; `fallback` (the text as written) if it cannot
    be read."""
    try:
        if message.get("plural"):
            template = ngettext(message["text"], message["plural"], message["count"])
        else:
            template = gettext(message["text"])
        params = {name: _shown(value) for name, value in message.get("params", {}).items()}
        text = template % params if params else template
        return " ".join([text, *(render(following) for following in message.get("more", []))])
    except (KeyError, TypeError, ValueError):
        return fallback


def choice(instance: Any, name: str) -> Any:
    """The label of the instance's choice in field `name`, as the lazy text the model declares
    (a parameter shown translated)."""
    value = getattr(instance, name)
    return dict(instance._meta.get_field(name).flatchoices).get(value, value)
