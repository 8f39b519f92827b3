"""Counting a user's attempts at something that must stay rare, such as a look-up by CPR number.

Without a limit a look-up is an oracle: the lists show the birth-date half of a CPR number, so
someone allowed to search could try the 10,000 possible endings and find anyone's number. The
count lives in Django's cache (Redis in production, shared by every web process) and is raised
with an atomic increment, so parallel requests cannot slip past the limit together. The window
is the clock hour. If the cache cannot be reached the attempt is refused: a limit that fails
open is no limit.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

log = logging.getLogger(__name__)

WINDOW = 60 * 60  # seconds


def _key(name: str, user) -> str:
    return f"throttle:{name}:{user.pk}:{int(time.time() // WINDOW)}"


def spend(name: str, user, *, per_hour: int) -> bool:
    """Count one attempt at `name` by `user`; False when it is beyond `per_hour` this hour."""
    key = _key(name, user)
    try:
        cache.add(key, 0, timeout=WINDOW + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr: a new window
            cache.add(key, 1, timeout=WINDOW + 60)
            count = 1
    except Exception:
        log.exception("The throttle's cache is unreachable; %s refused.", name)
        return False
    return count <= per_hour


def exhausted(name: str, user, *, per_hour: int) -> bool:
    """Whether `user` has used up `per_hour` attempts at `name` this hour (counts nothing)."""
    try:
        return (cache.get(_key(name, user)) or 0) >= per_hour
    except Exception:
        log.exception("The throttle's cache is unreachable; %s refused.", name)
        return True
