"""Roles and permissions change only within the rules of duties.py, and every change is audited.

Django sends `m2m_changed` for every add, remove, set and clear on a many-to-many relation, from
either side (`user.groups.add(group)` and `group.user_set.add(user)` alike), inside the
transaction that writes the rows. The receivers below check the rules before the rows are
written (a refusal raises and writes nothing) and record one audit event per account and role or
permission actually granted or taken away. Programme memberships get the same treatment in
programmes/signals.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from jobsporet.core import audit
from jobsporet.core.models import AuditEvent

from . import duties
from .models import User


def touched_pairs(
    through: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None
) -> list[tuple[int, int]]:
    """The (source id, target id) rows that an add, remove or clear on `through` is about to
    touch, seen from the side that declares the relation whichever side the change came from
    (source: the user of `user.groups`, target: the group); none for the post_ signals, which
    come after the rules were checked and the change audited."""
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return []
    source, target = (field.attname for field in through._meta.fields if field.is_relation)
    mine, other = (target, source) if reverse else (source, target)
    if action == "pre_add":
        # Django has already left out the rows that exist: pk_set holds only what is new.
        others = sorted(pk_set or ())
    else:
        rows = through.objects.filter(**{mine: instance.pk})
        if action == "pre_remove":
            rows = rows.filter(**{f"{other}__in": list(pk_set or ())})
        others = sorted(rows.values_list(other, flat=True))
    if reverse:
        return [(other_id, instance.pk) for other_id in others]
    return [(instance.pk, other_id) for other_id in others]


def role_names_of(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """The group names each user holds now, in one query."""
    held: dict[int, set[str]] = defaultdict(set)
    rows = User.groups.through.objects.filter(user_id__in=list(user_ids))
    for user_id, name in rows.values_list("user_id", "group__name"):
        held[user_id].add(name)
    return held


def permission_names_of(user_ids: Iterable[int]) -> dict[int, set[str]]:
    held: dict[int, set[str]] = defaultdict(set)
    rows = User.user_permissions.through.objects.filter(user_id__in=list(user_ids))
    for user_id, app_label, codename in rows.values_list(
        "user_id", "permission__content_type__app_label", "permission__codename"
    ):
        held[user_id].add(f"{app_label}.{codename}")
    return held


def usernames(user_ids: Iterable[int]) -> dict[int, str]:
    return dict(User.objects.filter(pk__in=list(user_ids)).values_list("pk", "username"))


def _role_label(name: str) -> str:
    from .roles import Role

    return str(Role(name).label) if name in Role.values else name


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_groups_changed")
def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    pairs = touched_pairs(sender, instance, action, reverse, pk_set)
    if not pairs:
        return
    user_ids = {user_id for user_id, _group in pairs}
    duties.check_not_own_access(user_ids)
    names = dict(Group.objects.filter(pk__in={g for _u, g in pairs}).values_list("pk", "name"))
    if action == "pre_add":
        held = role_names_of(user_ids)
        permissions = permission_names_of(user_ids)
        for user_id, group_id in pairs:
            held[user_id].add(names[group_id])
        for user_id in user_ids:
            duties.check_roles(held[user_id])
            duties.check_direct_permissions(held[user_id], permissions[user_id])
    people = usernames(user_ids)
    message = (
        _("Role %(role)s given to %(user)s")
        if action == "pre_add"
        else _("Role %(role)s taken from %(user)s")
    )
    record_account_events(
        [
            (user_id, message % {"role": _role_label(names[group_id]), "user": people[user_id]})
            for user_id, group_id in pairs
        ]
    )


@receiver(
    m2m_changed, sender=User.user_permissions.through, dispatch_uid="accounts_permissions_changed"
)
def permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    pairs = touched_pairs(sender, instance, action, reverse, pk_set)
    if not pairs:
        return
    user_ids = {user_id for user_id, _permission in pairs}
    duties.check_not_own_access(user_ids)
    permissions = {
        permission.pk: f"{permission.content_type.app_label}.{permission.codename}"
        for permission in Permission.objects.filter(pk__in={p for _u, p in pairs}).select_related(
            "content_type"
        )
    }
    if action == "pre_add":
        held = role_names_of(user_ids)
        for user_id in user_ids:
            duties.check_direct_permissions(
                held[user_id], [permissions[p] for u, p in pairs if u == user_id]
            )
    people = usernames(user_ids)
    message = (
        _("Permission %(permission)s given to %(user)s")
        if action == "pre_add"
        else _("Permission %(permission)s taken from %(user)s")
    )
    record_account_events(
        [
            (user_id, message % {"permission": permissions[pid], "user": people[user_id]})
            for user_id, pid in pairs
        ]
    )


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="accounts_role_rights")
def role_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A role's rights are code (roles.py, applied by migrations). Whoever holds a role cannot
    widen it for themselves, and any change made outside a migration is audited."""
    pairs = touched_pairs(sender, instance, action, reverse, pk_set)
    if not pairs:
        return
    group_ids = {group_id for group_id, _permission in pairs}
    members = User.groups.through.objects.filter(group_id__in=group_ids)
    duties.check_not_own_access(members.values_list("user_id", flat=True))
    names = dict(Group.objects.filter(pk__in=group_ids).values_list("pk", "name"))
    codenames = dict(
        Permission.objects.filter(pk__in={p for _g, p in pairs}).values_list("pk", "codename")
    )
    message = (
        _("Permission %(permission)s added to the role %(role)s")
        if action == "pre_add"
        else _("Permission %(permission)s removed from the role %(role)s")
    )
    audit.record_many(
        actor=duties.current_actor(),
        events=[
            audit.Event(
                action=AuditEvent.Action.CHANGED,
                target=Group(pk=group_id),
                summary=message
                % {"permission": codenames[pid], "role": _role_label(names[group_id])},
            )
            for group_id, pid in pairs
        ],
    )


def record_account_events(
    events: list[tuple[int, str]], *, programme_id: int | None = None
) -> None:
    """One audit event per (account, summary), by whoever is acting."""
    audit.record_many(
        actor=duties.current_actor(),
        events=[
            audit.Event(
                action=AuditEvent.Action.CHANGED,
                target=User(pk=user_id),
                summary=summary,
                programme_id=programme_id,
            )
            for user_id, summary in events
        ],
    )
