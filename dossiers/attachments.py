"""What a scan may be: PDF, JPEG or PNG, read from its first bytes (never from its name),
at most settings.ATTACHMENT_MAX_BYTES. Dossier scans, register scans and citizens' uploads
all accept files by this one rule."""

from django.conf import settings
from django.utils.translation import gettext as _

SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


class ScanRejected(ValueError):
    """The file is not an acceptable scan; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff_content_type(head: bytes) -> str | None:
    """The content type of a PDF, JPEG or PNG file from its first bytes; None otherwise."""
    for magic, content_type, _suffix in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def size_limit_mb() -> int:
    return max(1, settings.ATTACHMENT_MAX_BYTES // (1024 * 1024))


def scan_content_type(content: bytes) -> str:
    """The content type of an acceptable scan; raises ScanRejected otherwise."""
    if not content:
        raise ScanRejected(_("Tệp rỗng."))
    if len(content) > settings.ATTACHMENT_MAX_BYTES:
        raise ScanRejected(_("Tệp quá lớn: tối đa %(limit)s MB.") % {"limit": size_limit_mb()})
    content_type = sniff_content_type(content[:16])
    if content_type is None:
        raise ScanRejected(_("Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."))
    return content_type
