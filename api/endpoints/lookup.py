"""The citizen's look-up without an account, by the portal's rules: code plus the last 4
digits of the applicant's ID number or phone; the same answer for an unknown code and wrong
digits; a masked name; every attempt counted against the portal's per-client limit."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.errors import ErrorOut
from api.renderers import UnicodeJSONRenderer
from api.schemas import LookupIn, LookupOut
from dossiers.privacy import mask_name
from portal.lookup import dossier_lookup
from portal.presentation import status_words
from portal.ratelimit import attempt_allowed, seconds_to_next_window
from portal.views_lookup import not_found_message, too_many_message

router = Router(tags=["public"])


RENDERER = UnicodeJSONRenderer()  # the API's (api/api.py)
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def _answer(request: HttpRequest, status: int, data: Any) -> HttpResponse:
    """The answer rendered as the API renders it, without django-ninja validating it against
    the declared schema first: the busiest public endpoint (issue #9) builds it from a few
    typed fields below, and api/tests/test_lookup.py checks it against LookupOut."""
    content = RENDERER.render(request, data, response_status=status)
    return HttpResponse(content, status=status, content_type=CONTENT_TYPE)


@router.post(
    "/lookup",
    auth=None,
    response={200: LookupOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    operation_id="lookup",
)
def lookup(request: HttpRequest, body: LookupIn) -> HttpResponse:
    """Public: no authentication. POST so that the digits never appear in a URL."""
    if not attempt_allowed(request):
        limited = _answer(request, 429, {"detail": too_many_message()})
        limited["Retry-After"] = str(seconds_to_next_window())
        return limited
    dossier = dossier_lookup(code=body.code, digits=body.digits)
    if dossier is None:
        return _answer(request, 404, {"detail": not_found_message()})
    found = _answer(
        request,
        200,
        {
            "code": dossier.code,
            "masked_name": mask_name(dossier.applicant_name),
            "procedure": dossier.procedure_name,
            "procedure_code": dossier.procedure_code,
            "unit": dossier.unit_name,
            "status": status_words(dossier.status, published_online=dossier.published_online),
            "received_at": dossier.received_at,
            "due_at": dossier.due_at,
            "appointment_at": dossier.appointment_at,
        },
    )
    found["Cache-Control"] = "no-store"
    return found
