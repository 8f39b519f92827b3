"""Cross-cutting views: the liveness and readiness checks."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin's): the icon."""
    return redirect(static("favicon.svg"), permanent=True)


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
