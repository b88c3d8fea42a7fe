"""The citizen's look-up without an account, by the portal's rules: code plus the last 4
digits of the applicant's ID number or phone; the same answer for an unknown code and wrong
digits; a masked name; every attempt counted against the portal's per-client limit."""

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from api.errors import ErrorOut
from api.schemas import LookupIn, LookupOut
from dossiers.privacy import mask_name
from portal.lookup import dossier_lookup
from portal.presentation import status_words
from portal.ratelimit import attempt_allowed, seconds_to_next_window
from portal.views_lookup import not_found_message, too_many_message

router = Router(tags=["public"])


@router.post(
    "/lookup",
    auth=None,
    response={200: LookupOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    operation_id="lookup",
)
def lookup(request: HttpRequest, body: LookupIn, response: HttpResponse) -> Status:
    """Public: no authentication. POST so that the digits never appear in a URL."""
    if not attempt_allowed(request):
        response["Retry-After"] = str(seconds_to_next_window())
        return Status(429, {"detail": too_many_message()})
    dossier = dossier_lookup(code=body.code, digits=body.digits)
    if dossier is None:
        return Status(404, {"detail": not_found_message()})
    response["Cache-Control"] = "no-store"
    return Status(
        200,
        {
            "code": dossier.code,
            "masked_name": mask_name(dossier.applicant_name),
            "procedure": dossier.procedure_version.name,
            "procedure_code": dossier.procedure_version.procedure.code,
            "unit": dossier.unit.name,
            "status": status_words(dossier.status),
            "received_at": dossier.received_at,
            "due_at": dossier.due_at,
            "appointment_at": dossier.appointment_at,
        },
    )
