"""Scans of letters and documents: checked by content like dossier scans, stored under
MEDIA_ROOT with a name of our own."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from accounts.models import User
from dossiers.attachments import sniff_content_type
from registry.errors import InvalidRegistryInput
from registry.models import IncomingLetter, OutgoingDocument, RegistryScan


def scan_check(content: bytes) -> str:
    """The content type of an acceptable scan; raises with a Vietnamese message otherwise."""
    if not content:
        raise InvalidRegistryInput(_("Tệp rỗng."))
    if len(content) > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise InvalidRegistryInput(_("Tệp quá lớn: tối đa %(limit)s MB.") % {"limit": limit})
    content_type = sniff_content_type(content[:16])
    if content_type is None:
        raise InvalidRegistryInput(
            _("Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).")
        )
    return content_type


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
        name=name[:255] or digest,
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor,
        uploaded_at=at,
    )
    scan.file.save(digest, ContentFile(content), save=False)
    scan.save()
    return scan
