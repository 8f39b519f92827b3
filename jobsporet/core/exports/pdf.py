"""PDF from HTML: a Django template rendered and laid out by WeasyPrint (Pango underneath,
installed by scripts/system-packages.sh and the Dockerfile). WeasyPrint draws inline SVG, so
the dashboard's charts go into a report as they are."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string


def pdf_bytes(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML  # imported when used: it loads Pango

    html = render_to_string(template, context, request=request)
    return HTML(string=html).write_pdf()
