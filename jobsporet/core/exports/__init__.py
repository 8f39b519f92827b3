"""Files that leave Jobsporet: what every export shares (download(): the HTTP response for a
file that no cache may keep)."""

from __future__ import annotations

from django.http import HttpResponse


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A file download that no cache keeps (it may hold personal data)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
