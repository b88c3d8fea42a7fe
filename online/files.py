"""Uploaded files: what we accept (PDF, JPEG or PNG by content, at most
settings.ATTACHMENT_MAX_BYTES), the name we show, and how we hand a file back."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from dossiers import attachments
from dossiers.attachments import ScanRejected, display_name, scan_content_type, size_limit_mb
from online.errors import InvalidInput


@dataclass(frozen=True)
class CheckedFile:
    name: str  # shown to people and offered on download; never used to store the file
    content_type: str
    size: int
    sha256: str


def upload_check(*, name: str, content: bytes) -> CheckedFile:
    """Accept a PDF, JPEG or PNG within the size limit; raise InvalidInput otherwise. The
    type comes from the first bytes, whatever the name says."""
    try:
        content_type = scan_content_type(content)
    except ScanRejected as error:
        raise InvalidInput(error.message) from error
    return CheckedFile(
        name=display_name(name, content_type),
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def upload_read(upload: UploadedFile) -> bytes:
    """The uploaded bytes, refused before reading when larger than the limit."""
    if upload.size is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise InvalidInput(_("Tệp quá lớn: tối đa %(limit)s MB.") % {"limit": size_limit_mb()})
    return attachments.upload_read(upload)


def download(stored: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """A stored file as a download (dossiers.attachments.attachment_response)."""
    return attachments.attachment_response(stored.open("rb"), name=name, content_type=content_type)
