"""Cross-cutting views: the liveness and readiness checks and the spreadsheet import page."""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import audit
from .forms import ImportForm
from .imports.errors import ImportRefused
from .imports.registry import importer_for, kinds
from .models import AuditEvent


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 when the database answers; used by docker-compose and the reverse proxy.
    The broker is not asked: the app serves (and queues what it cannot send) without it."""
    if _database_state() != "ok":
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
def readiness(request: HttpRequest) -> JsonResponse:
    """Readiness: the database and the broker, each on its own, and how many tasks wait in the
    outbox for the broker; 503 unless both answer. Names no host, user or error text."""
    from jobsporet.outbox.models import OutboxTask

    report: dict[str, object] = {"database": _database_state(), "broker": _broker_state()}
    if report["database"] == "ok":
        report["outbox"] = OutboxTask.objects.pending().count()
    ready = report["database"] == "ok" and report["broker"] in ("ok", "in-process")
    report["status"] = "ok" if ready else "unavailable"
    return JsonResponse(report, status=200 if ready else 503)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return "unavailable"
    return "ok"


def _broker_state() -> str:
    """ "ok" when the broker accepts a connection, "in-process" when there is none (tasks run
    in the web process), else "unavailable"."""
    from jobsporet.celery import app

    if app.conf.broker_url == "memory://":
        return "in-process"
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        return "unavailable"
    return "ok"


IMPORT_SESSION_KEY = "pending_import"


@permission_required("programmes.import_data", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file, see a dry run with every error or what would change, then confirm.

    Nothing is written before the confirmation; the file waits in the session meanwhile, and
    the confirmation imports exactly the bytes that were previewed (checked by digest).
    """
    context: dict = {"nav": "import"}
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending or pending["digest"] != request.POST.get("digest"):
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("core:import")
        data = base64.b64decode(pending["data"])
        try:
            result = importer_for(pending["kind"], actor=request.user).run(data)
        except ImportRefused as refused:
            # The data changed since the preview (someone else imported): show why.
            context.update(
                form=ImportForm(initial={"kind": pending["kind"]}), errors=refused.errors
            )
            return render(request, "core/import.html", context, status=400)
        del request.session[IMPORT_SESSION_KEY]
        audit.record(
            actor=request.user,
            action=AuditEvent.Action.IMPORTED,
            target=request.user,
            summary=_("Imported %(file)s: %(summary)s")
            % {"file": pending["name"], "summary": result.summary()},
        )
        messages.success(
            request,
            _("Imported %(file)s. %(summary)s.")
            % {"file": pending["name"], "summary": result.summary()},
        )
        return redirect("core:import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        context.update(form=form, kind_label=kinds()[kind].label, file_name=upload.name)
        try:
            result = importer_for(kind, actor=request.user).run(data, dry_run=True)
        except ImportRefused as refused:
            request.session.pop(IMPORT_SESSION_KEY, None)
            context["errors"] = refused.errors
            return render(request, "core/import.html", context, status=400)
        digest = hashlib.sha256(data).hexdigest()
        request.session[IMPORT_SESSION_KEY] = {
            "kind": kind,
            "name": upload.name,
            "digest": digest,
            "data": base64.b64encode(data).decode(),
        }
        context.update(preview=result, digest=digest)
        return render(request, "core/import.html", context)
    context["form"] = form
    return render(request, "core/import.html", context, status=400 if form.errors else 200)
