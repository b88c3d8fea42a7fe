"""Uploaded files: what we accept (PDF, JPEG or PNG by content, at most
settings.ATTACHMENT_MAX_BYTES), the name we show, and how we hand a file back."""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from dossiers.attachments import SIGNATURES, ScanRejected, scan_content_type, size_limit_mb
from online.errors import InvalidInput

SUFFIXES = {content_type: suffix for _magic, content_type, suffix in SIGNATURES}


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
    return upload.read()


def display_name(raw: str, content_type: str) -> str:
    """The uploader's file name without folders or control and direction characters, with
    the suffix of its real type ("scan.pdf" holding a PNG becomes "scan.png")."""
    base = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[:120] or "tep"
    return stem + SUFFIXES[content_type]


def download(stored: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """A stored file as a download: our content type, never cached, never sniffed."""
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=True, filename=name
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
