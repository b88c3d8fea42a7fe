"""Uploaded scans, in one place for every app (dossier scans, register scans, citizens'
uploads):

- what a scan may be: PDF, JPEG or PNG, read from its first bytes (never from its name or
  declared type), at most settings.ATTACHMENT_MAX_BYTES, and an image of at most
  MAX_IMAGE_PIXELS (its header is read, never its pixels: a 50,000 × 50,000 PNG of a few
  kilobytes would take gigabytes to decode);
- the name we show: the uploader's name cleaned of folders, control and direction
  characters, shortened, with the suffix of the real type. Files are stored under
  MEDIA_ROOT with names of our own (their SHA-256), never the uploader's;
- how a file goes back: only through views that check access, as a download
  (`attachment_response`), never sniffed, never cached.
"""

import io
import unicodedata
import warnings
from urllib.parse import quote

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image

from common.text import nfc

SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
SUFFIXES = {content_type: suffix for _magic, content_type, suffix in SIGNATURES}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# An A3 page scanned at 600 dpi is about 70 million pixels.
MAX_IMAGE_PIXELS = 100_000_000
MAX_NAME_STEM = 120  # characters of the shown name before its suffix


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
    if content_type in PILLOW_FORMATS:
        _check_image_header(content, PILLOW_FORMATS[content_type])
    return content_type


def _check_image_header(content: bytes, pillow_format: str) -> None:
    """Refuse an image whose header is unreadable or announces too many pixels. Pillow's
    `open` reads the header only; the pixels are never decoded here."""
    too_large = _("Ảnh quá lớn: tối đa %(limit)s triệu điểm ảnh.") % {
        "limit": MAX_IMAGE_PIXELS // 1_000_000
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[pillow_format]) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        raise ScanRejected(too_large) from None
    except (OSError, SyntaxError, ValueError):  # what Pillow raises on a damaged header
        raise ScanRejected(_("Tệp ảnh bị hỏng hoặc không đọc được.")) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise ScanRejected(too_large)


def upload_read(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded file, at most one byte past the size limit: enough for
    scan_content_type to refuse an oversized file, which is never read whole into memory."""
    return upload.read(settings.ATTACHMENT_MAX_BYTES + 1)


def display_name(raw: str, content_type: str) -> str:
    """The uploader's file name as we show it: without folders, control or format characters
    (NUL, right-to-left override, zero-width space), at most MAX_NAME_STEM characters, with
    the suffix of its real type ("scan.pdf" holding a PNG becomes "scan.png")."""
    base = nfc(raw.replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[:MAX_NAME_STEM].strip(" .") or "tep"
    return stem + SUFFIXES.get(content_type, "")


def content_disposition(name: str) -> str:
    """`attachment` with the name in both forms of RFC 6266: an ASCII fallback (diacritics
    folded) for old clients, and the exact UTF-8 name percent-encoded."""
    clean = "".join(ch for ch in nfc(name) if unicodedata.category(ch)[0] != "C") or "tep"
    return (
        f'attachment; filename="{_ascii_fallback(clean)}"; '
        f"filename*=UTF-8''{quote(clean, safe='')}"
    )


def _ascii_fallback(name: str) -> str:
    """ "Tờ khai đăng ký.pdf" → "To khai dang ky.pdf"; anything else outside a safe set → _."""
    letters = []
    for ch in name.replace("Đ", "D").replace("đ", "d"):
        base = unicodedata.normalize("NFD", ch)[0]
        letters.append(base if base.isascii() and (base.isalnum() or base in " ._-()") else "_")
    return "".join(letters)


def attachment_response(file, *, name: str, content_type: str) -> FileResponse:
    """A stored file handed back as a download: our content type, an RFC 6266 name, never
    sniffed into something else (nosniff), never kept in a cache (it may show a CCCD)."""
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
