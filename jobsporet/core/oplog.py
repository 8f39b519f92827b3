"""Operational logging: one structured line per event an operator needs to see.

Imports, exits, hires, reopened cases, refused logins and failed background tasks are logged
on the "jobsporet.ops" logger as an event name with fields (ids, kinds, counts), never a CPR
number, a name or the text of a note: the fields are chosen so. The formatter (settings.LOGGING)
writes each line as JSON and masks anything shaped like a CPR number that reaches a line anyway,
a traceback's included.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.db import transaction
from pythonjsonlogger.json import JsonFormatter

logger = logging.getLogger("jobsporet.ops")

CPR_SHAPED = re.compile(r"(?<!\d)(\d{6})-?\d{4}(?!\d)")


def log_event(event: str, *, level: int = logging.INFO, exc_info: bool = False, **fields) -> None:
    """Log an operational event now, with its fields (ids, kinds and counts only)."""
    logger.log(level, event, extra={"event": event, **fields}, exc_info=exc_info)


def log_event_on_commit(event: str, **fields: Any) -> None:
    """Log an event when the transaction it happens in commits: a refused or rolled-back
    change did not happen."""
    transaction.on_commit(lambda: log_event(event, **fields))


def mask_cpr(text: str) -> str:
    """DDMMYY-SSSS (with or without the dash) as DDMMYY-xxxx."""
    return CPR_SHAPED.sub(r"\1-xxxx", text)


class MaskedJsonFormatter(JsonFormatter):
    """JSON lines (time, level, logger, message and the event's fields), CPR numbers masked."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_cpr(super().format(record))
