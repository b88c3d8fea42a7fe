"""Scans of a dossier: list, upload (through dossier_attachment_add), download."""

from typing import Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Form, Router
from ninja import Status as Reply
from ninja.files import UploadedFile

from api.auth import PRIVATE, Principal
from api.errors import COMMON, ApiError, ErrorOut
from api.schemas import AttachmentOut
from api.selectors import dossier_for, dossier_for_action
from audit.services import audit_file_read
from dossiers.attachments import attachment_response
from dossiers.errors import ActionNotAllowed
from dossiers.models import Dossier, DossierAttachment
from dossiers.privacy import attachments_readable_by
from dossiers.services import dossier_attachment_add

router = Router(tags=["attachments"], auth=PRIVATE)


def _principal(request: HttpRequest) -> Principal:
    return request.auth  # type: ignore[attr-defined, no-any-return]


def _readable(principal: Principal, dossier: Dossier) -> QuerySet[DossierAttachment]:
    return attachments_readable_by(
        user=principal.user, dossier=dossier, api_token=principal.token is not None
    )


def attachment_out(scan: DossierAttachment) -> dict:
    return {
        "id": scan.pk,
        "name": scan.name,
        "kind": scan.kind,
        "content_type": scan.content_type,
        "size": scan.size,
        "sha256": scan.sha256,
        "uploaded_at": scan.uploaded_at,
        "uploaded_by": scan.uploaded_by.username,
    }


@router.get(
    "/dossiers/{code}/attachments",
    response={200: list[AttachmentOut], **COMMON},
    operation_id="attachments_list",
)
def attachments_list(request: HttpRequest, code: str) -> list[dict]:
    principal = _principal(request)
    dossier = dossier_for(principal, code)
    scans = _readable(principal, dossier).select_related("uploaded_by")
    return [attachment_out(s) for s in scans]


@router.post(
    "/dossiers/{code}/attachments",
    response={201: AttachmentOut, **COMMON, 409: ErrorOut},
    operation_id="attachments_upload",
)
def attachments_upload(
    request: HttpRequest,
    code: str,
    file: File[UploadedFile],
    kind: Form[Literal["paper", "identity", "result"]] = "paper",
) -> Reply:
    """A PDF, JPEG or PNG scan (checked by its content, not its name or declared type).
    `kind` "identity" marks an identity-document scan: sensitive data (Decree 356/2025
    Art. 4.1(i)), never listed or returned through an API token afterwards."""
    principal = _principal(request)
    dossier = dossier_for_action(principal, code)
    # Read one byte past the limit: the service then refuses an oversized file itself.
    content = file.read(settings.ATTACHMENT_MAX_BYTES + 1)
    try:
        scan = dossier_attachment_add(
            actor=principal.user,
            dossier=dossier,
            name=file.name or "",
            content=content,
            kind=kind,
        )
    except ActionNotAllowed as error:
        raise ApiError(403, error.message) from None
    return Reply(201, attachment_out(scan))


@router.get(
    "/dossiers/{code}/attachments/{attachment_id}",
    response={200: None, **COMMON},
    operation_id="attachments_download",
    openapi_extra={
        "responses": {
            200: {
                "description": "Nội dung tệp",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in ("application/pdf", "image/jpeg", "image/png")
                },
            }
        }
    },
)
def attachments_download(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    principal = _principal(request)
    dossier = dossier_for(principal, code)
    try:
        scan = _readable(principal, dossier).get(pk=attachment_id)
    except DossierAttachment.DoesNotExist:
        raise Http404("Không tìm thấy tệp.") from None
    audit_file_read(file=scan, of=dossier, actor=principal.user)
    return attachment_response(scan.file.open("rb"), name=scan.name, content_type=scan.content_type)
