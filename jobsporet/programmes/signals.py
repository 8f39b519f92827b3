"""Programme memberships decide whose cases a user sees, so they follow the same rules as roles
(accounts/duties.py): nobody changes their own, and every membership given or ended is audited."""

from __future__ import annotations

from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from jobsporet.accounts import duties
from jobsporet.accounts.signals import record_account_events, touched_pairs, usernames

from .models import Programme


@receiver(m2m_changed, sender=Programme.members.through, dispatch_uid="programmes_members")
def members_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    pairs = touched_pairs(sender, instance, action, reverse, pk_set)
    if not pairs:
        return
    user_ids = {user_id for _programme, user_id in pairs}
    duties.check_not_own_access(user_ids)
    names = dict(Programme.objects.filter(pk__in={p for p, _u in pairs}).values_list("pk", "name"))
    people = usernames(user_ids)
    message = (
        _("%(user)s made a member of %(programme)s")
        if action == "pre_add"
        else _("%(user)s no longer a member of %(programme)s")
    )
    for programme_id, user_id in pairs:
        record_account_events(
            [(user_id, message % {"user": people[user_id], "programme": names[programme_id]})],
            programme_id=programme_id,
        )
