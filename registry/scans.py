"""Scans of letters and documents: checked by content like dossier scans, stored under
MEDIA_ROOT with a name of our own."""

import hashlib
from datetime import datetime

from django.core.files.base import ContentFile

from accounts.models import User
from dossiers.attachments import ScanRejected, display_name, scan_content_type
from registry.errors import InvalidRegistryInput
from registry.models import IncomingLetter, OutgoingDocument, RegistryScan


def scan_check(content: bytes) -> str:
    """The content type of an acceptable scan; raises with a Vietnamese message otherwise."""
    try:
        return scan_content_type(content)
    except ScanRejected as error:
        raise InvalidRegistryInput(error.message) from error


def scan_store(
    *,
    owner: IncomingLetter | OutgoingDocument,
    actor: User,
    name: str,
    content: bytes,
    content_type: str,
    at: datetime,
) -> RegistryScan:
    digest = hashlib.sha256(content).hexdigest()
    scan = RegistryScan(
        incoming=owner if isinstance(owner, IncomingLetter) else None,
        outgoing=owner if isinstance(owner, OutgoingDocument) else None,
        name=display_name(name, content_type),
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor,
        uploaded_at=at,
    )
    scan.file.save(digest, ContentFile(content), save=False)
    scan.save()
    return scan
