"""An uploaded file waiting for its import to be confirmed: stored encrypted, never in a session.

A file to import holds CPR numbers and names, so between the check and the confirmation it is
kept as a PendingUpload: its name and bytes compressed and sealed with the CPR keys
(core/crypto.py), owned by the administrator who uploaded it, for IMPORT_UPLOAD_MINUTES. It is
deleted when it is imported or cancelled, when its owner checks another file, and, once
expired, by the beat task core.tasks.purge_expired_uploads. A row that no configured key opens
any more (a key rotated out) counts as expired.
"""

from __future__ import annotations

import datetime
import uuid
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobsporet.core.crypto import InvalidToken, seal, unseal


class PendingUploadQuerySet(models.QuerySet):
    def expired(self) -> PendingUploadQuerySet:
        return self.filter(expires_at__lte=timezone.now())

    def owned_by(self, user) -> PendingUploadQuerySet:
        """The user's own uploads that have not expired: all anyone may reach."""
        return self.filter(owner=user, expires_at__gt=timezone.now())


class PendingUpload(models.Model):
    """A checked file waiting for its owner to confirm the import (see the module)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=30)
    # Fernet token of the compressed file name and bytes: nothing about the file in clear.
    sealed = models.BinaryField(_("file (encrypted)"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    expires_at = models.DateTimeField(_("deleted after"), db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        app_label = "core"
        verbose_name = _("upload waiting for confirmation")
        verbose_name_plural = _("uploads waiting for confirmation")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    def open(self) -> tuple[str, bytes]:
        """The file's name and bytes; InvalidToken when no configured key opens it."""
        name, _separator, data = zlib.decompress(unseal(self.sealed)).partition(b"\0")
        return name.decode(), data


def upload_store(*, owner, kind: str, name: str, data: bytes) -> PendingUpload:
    """Keep a checked file for its owner to confirm, encrypted; the owner's earlier uploads
    go (one file waits per administrator)."""
    PendingUpload.objects.filter(owner=owner).delete()
    sealed = seal(zlib.compress(name.replace("\0", "").encode() + b"\0" + data))
    return PendingUpload.objects.create(
        owner=owner,
        kind=kind,
        sealed=sealed,
        expires_at=timezone.now() + datetime.timedelta(minutes=settings.IMPORT_UPLOAD_MINUTES),
    )


def upload_for(owner, upload_id: str | None) -> tuple[PendingUpload, str, bytes] | None:
    """The owner's unexpired upload with its name and bytes, or None: another user's upload,
    an expired one, a malformed id and one no key opens any more are all simply not there."""
    try:
        upload = PendingUpload.objects.owned_by(owner).filter(pk=upload_id).first()
    except (ValueError, ValidationError):
        return None
    if upload is None:
        return None
    try:
        name, data = upload.open()
    except (InvalidToken, zlib.error):
        upload.delete()
        return None
    return upload, name, data


def upload_discard(owner, upload_id: str | None = None) -> int:
    """Delete the owner's upload (all of theirs without an id); how many went."""
    uploads = PendingUpload.objects.filter(owner=owner)
    if upload_id is not None:
        try:
            uploads = uploads.filter(pk=uuid.UUID(str(upload_id)))
        except ValueError:
            return 0
    return uploads.delete()[0]


def uploads_purge_expired() -> int:
    """Delete every expired upload; how many went (the beat task)."""
    return PendingUpload.objects.expired().delete()[0]
