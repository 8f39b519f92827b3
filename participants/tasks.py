"""Background work for participants: thin tasks that take ids and are safe to run twice."""

from celery import shared_task
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


@shared_task
def notify_new_assignment(participant_id: int) -> bool:
    """Tell a job broker that a case has been put in their caseload (no personal data by mail)."""
    from .models import Participant

    participant = (
        Participant.objects.select_related("job_broker", "programme")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or participant.job_broker is None or not participant.job_broker.email:
        return False
    with translation.override("da"):
        send_mail(
            subject=_("New case in your caseload: %(reference)s")
            % {"reference": participant.reference},
            message=_(
                "Case %(reference)s in %(programme)s is now in your caseload.\n\n"
                "Open it in Jobsporet: %(path)s"
            )
            % {
                "reference": participant.reference,
                "programme": participant.programme,
                "path": reverse("participants:detail", args=[participant.pk]),
            },
            from_email=None,
            recipient_list=[participant.job_broker.email],
        )
    return True
