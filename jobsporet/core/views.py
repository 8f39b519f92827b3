"""Cross-cutting views: the liveness and readiness checks and the spreadsheet import page."""

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
from .imports.uploads import upload_discard, upload_for, upload_store
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


# Where an earlier version kept the previewed file; emptied from any session that still has it.
_OLD_SESSION_KEY = "pending_import"


@permission_required("programmes.import_data", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file, see a dry run with every error or what would change, then confirm.

    Nothing is written before the confirmation. Meanwhile the file waits encrypted, owned by
    the uploader, never in the session (imports/uploads.py); the confirmation imports exactly
    the bytes that were checked, and a cancel deletes them.
    """
    request.session.pop(_OLD_SESSION_KEY, None)
    context: dict = {"nav": "import"}
    if request.method == "POST" and "cancel" in request.POST:
        upload_discard(request.user, request.POST.get("upload"))
        messages.info(request, _("The import was cancelled; the file is deleted."))
        return redirect("core:import")
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        context.update(form=form, kind_label=kinds()[kind].label, file_name=upload.name)
        try:
            result = importer_for(kind, actor=request.user).run(data, dry_run=True)
        except ImportRefused as refused:
            upload_discard(request.user)
            context["errors"] = refused.errors
            return render(request, "core/import.html", context, status=400)
        pending = upload_store(owner=request.user, kind=kind, name=upload.name, data=data)
        context.update(preview=result, upload_id=pending.pk)
        return render(request, "core/import.html", context)
    context["form"] = form
    return render(request, "core/import.html", context, status=400 if form.errors else 200)


def _import_confirm(request: HttpRequest, context: dict) -> HttpResponse:
    """Import the user's own checked file, then delete it."""
    found = upload_for(request.user, request.POST.get("upload"))
    if found is None:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("core:import")
    pending, name, data = found
    try:
        result = importer_for(pending.kind, actor=request.user).run(data)
    except ImportRefused as refused:
        # The data changed since the preview (someone else imported): show why.
        pending.delete()
        context.update(form=ImportForm(initial={"kind": pending.kind}), errors=refused.errors)
        return render(request, "core/import.html", context, status=400)
    pending.delete()
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.IMPORTED,
        target=request.user,
        summary=_("Imported %(file)s: %(summary)s") % {"file": name, "summary": result.summary()},
    )
    messages.success(
        request, _("Imported %(file)s. %(summary)s.") % {"file": name, "summary": result.summary()}
    )
    return redirect("core:import")
