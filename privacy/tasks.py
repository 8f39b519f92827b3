"""Background work for data protection: thin, idempotent tasks (beat runs the purge nightly)."""

from celery import shared_task


@shared_task
def purge_access_entries() -> int:
    """Delete access entries past their retention (running it twice deletes nothing more)."""
    from .services import purge_access_entries as purge

    return purge()


@shared_task
def run_anonymisation(run_id: int) -> int:
    """Carry out an approved anonymisation (idempotent: a finished run is left as it is)."""
    from .services import anonymisation_run

    return anonymisation_run(run_id=run_id).anonymised
