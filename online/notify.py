"""The one place that talks to the notifications app (e-mail and SMS to citizens)."""

from django.conf import settings
from django.urls import reverse

from notifications.messages import result_online_message, submission_message
from notifications.models import Kind
from notifications.services import notices_send, otp_send


def code_send(*, channel: str, address: str, code: str) -> None:
    """Queue a one-time code through the notification delivery jobs."""
    otp_send(channel=channel, address=address, code=code)


def submission_decision_send(*, submission, kind: Kind) -> None:
    """Tell the citizen by e-mail/SMS that the desk asks to complete their online
    submission (once, completely) or refused it — call inside the deciding transaction."""
    link = settings.SITE_URL + reverse("online:submission", args=[submission.pk])
    if kind == Kind.SUPPLEMENT_REQUEST:
        papers = [paper["name"] for paper in submission.supplement_papers]
        reason = submission.supplement_reason
    else:
        papers, reason = [], submission.refusal_reason
    notices_send(
        kind=kind,
        unit=submission.unit,
        email=submission.applicant_email,
        phone=submission.applicant_phone,
        message=submission_message(
            kind=kind,
            reference=submission.reference,
            unit_name=submission.unit.name,
            procedure=submission.procedure_version.name,
            papers=papers,
            reason=reason,
            link=link,
        ),
    )


def result_online_send(*, submission, dossier, file_name: str, handed_over: bool) -> None:
    """Tell the citizen that a result file waits in their account (and, `handed_over`,
    that nothing is left to collect) — call inside the publishing transaction."""
    link = settings.SITE_URL + reverse("online:dossier", args=[dossier.code])
    notices_send(
        kind=Kind.RESULT_ONLINE,
        unit=dossier.unit,
        dossier=dossier,
        email=submission.applicant_email,
        phone=submission.applicant_phone,
        message=result_online_message(
            dossier=dossier, file_name=file_name, link=link, handed_over=handed_over
        ),
    )
