"""Upload hardening (security-and-reliability T9) through dossiers.attachments, the one
place every upload and download goes through: sizes, types by content, pixel floods, file
names, multipart part counts, download headers and the media folder never served."""

import struct
import unicodedata
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from accounts.models import Role
from accounts.tests.factories import officer
from api.tokens import api_token_create
from catalog.tests.factories import UnitFactory
from dossiers.attachments import (
    MAX_IMAGE_PIXELS,
    ScanRejected,
    attachment_response,
    content_disposition,
    display_name,
    scan_content_type,
)
from dossiers.tests.factories import image_bytes, received_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LIMIT = 2000


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header announces width × height pixels, with next to no pixel data:
    decoding it would need width × height × 3 bytes of memory (a pixel flood)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENT_MAX_BYTES = LIMIT
    return settings


@pytest.fixture
def desk(limits):
    unit = UnitFactory()
    reception = officer(unit, Role.RECEPTION, username="tiepnhan")
    stranger = officer(UnitFactory(), Role.RECEPTION)
    dossier = received_dossier(unit=unit, actor=reception, name="Lê Văn Tám")
    return dossier, reception, stranger


def attach(client, dossier, name: str, content: bytes):
    url = reverse("dossiers:act", args=[dossier.code, "attach"])
    return client.post(url, {"attach-file": SimpleUploadedFile(name, content)})


# ---------------------------------------------------------------- what a scan may be


def test_the_size_limit_is_exact(limits):
    padding = b"%" * (LIMIT - len(PDF))
    assert scan_content_type(PDF + padding) == "application/pdf"
    with pytest.raises(ScanRejected, match="Tệp quá lớn"):
        scan_content_type(PDF + padding + b"%")
    with pytest.raises(ScanRejected, match="Tệp rỗng"):
        scan_content_type(b"")


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",  # HTML named .pdf
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
        b"<svg onload=alert(1)>",
        b"PK\x03\x04" + b"\x00" * 40,  # a zip (or docx)
        b"MZ\x90\x00" + b"\x00" * 40,  # a Windows program
        b"GIF89a" + b"\x00" * 40,
        b" %PDF-1.4",  # the signature must open the file
    ],
)
def test_only_pdf_jpeg_png_by_content(limits, content):
    with pytest.raises(ScanRejected, match="Chỉ nhận tệp PDF, JPEG hoặc PNG"):
        scan_content_type(content)


def test_pixel_floods_are_refused_from_the_header_alone(limits):
    flood = png_header(50_000, 50_000)
    assert len(flood) < 200  # a few bytes announcing 2.5 billion pixels
    with pytest.raises(ScanRejected, match="Ảnh quá lớn"):
        scan_content_type(flood)
    side = int(MAX_IMAGE_PIXELS**0.5) + 1
    with pytest.raises(ScanRejected, match="Ảnh quá lớn"):
        scan_content_type(png_header(side, side))
    assert scan_content_type(png_header(4960, 7016)) == "image/png"  # A4 at 600 dpi


def test_damaged_images_are_refused(limits):
    for broken in (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, b"\xff\xd8\xff\xe0" + b"\x00" * 64):
        with pytest.raises(ScanRejected, match="Tệp ảnh bị hỏng"):
            scan_content_type(broken)
    assert scan_content_type(image_bytes("JPEG")) == "image/jpeg"
    assert scan_content_type(image_bytes("PNG")) == "image/png"


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("raw", "content_type", "shown"),
    [
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini", "application/pdf", "win.pdf"),
        ("a\x00.pdf", "application/pdf", "a.pdf"),
        ("hoa-don\u202efdp.exe", "application/pdf", "hoa-donfdp.pdf"),  # shows as "…exe.pdf"
        ("ảnh\u200b.png.exe", "image/png", "ảnh.png.png"),
        ("scan.pdf", "image/png", "scan.png"),  # the real type wins
        ("...", "image/jpeg", "tep.jpg"),
        ("", "application/pdf", "tep.pdf"),
        ("a" * 300 + ".pdf", "application/pdf", "a" * 120 + ".pdf"),
    ],
)
def test_display_names_are_cleaned(raw, content_type, shown):
    assert display_name(raw, content_type) == shown


def test_display_names_are_nfc():
    typed = unicodedata.normalize("NFD", "Tờ khai.pdf")
    assert display_name(typed, "application/pdf") == "Tờ khai.pdf"


def test_content_disposition_is_rfc_6266():
    header = content_disposition("Giấy khai sinh Đặng.pdf")
    assert header == (
        'attachment; filename="Giay khai sinh Dang.pdf"; '
        f"filename*=UTF-8''{quote('Giấy khai sinh Đặng.pdf', safe='')}"
    )
    assert content_disposition('a"b\r\nX-Evil: 1.pdf') == (
        "attachment; filename=\"a_bX-Evil_ 1.pdf\"; filename*=UTF-8''a%22bX-Evil%3A%201.pdf"
    )


def test_hostile_names_through_the_page_are_stored_under_our_own_names(client, desk):
    dossier, reception, _ = desk
    client.force_login(reception)
    for name in ("../../etc/passwd", "a\x00.pdf", "hoa-don\u202efdp.exe", "x" * 300 + ".pdf"):
        response = attach(client, dossier, name, PDF + name.encode()[:50])
        assert response.status_code == 302, response.content.decode()
    media = Path(django_settings.MEDIA_ROOT).resolve()
    names = []
    for scan in dossier.attachments.order_by("pk"):
        stored = Path(scan.file.path).resolve()
        assert stored.is_relative_to(media) and stored.name == scan.sha256
        names.append(scan.name)
    assert names == ["passwd.pdf", "a.pdf", "hoa-donfdp.pdf", "x" * 120 + ".pdf"]


# ---------------------------------------------------------------- through HTTP


HOSTILE = {
    "over.pdf": (PDF + b"%" * LIMIT, "Tệp quá lớn"),
    "trang.pdf": (b"<html><script>alert(1)</script></html>", "Chỉ nhận tệp PDF"),
    "ve.svg": (b"<svg onload=alert(1)>", "Chỉ nhận tệp PDF"),
    "lu.png": (png_header(50_000, 50_000), "Ảnh quá lớn"),
}


def test_hostile_files_are_refused_by_the_page_and_the_api(client, desk):
    dossier, reception, _ = desk
    client.force_login(reception)
    token = api_token_create(user=reception, units=[dossier.unit], name="Thử").value
    api = Client(headers={"Authorization": f"Bearer {token}"})
    for name, (content, message) in HOSTILE.items():
        assert message in attach(client, dossier, name, content).content.decode(), name
        response = api.post(
            f"/api/v1/dossiers/{dossier.code}/attachments",
            {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        )
        assert response.status_code == 422 and message in response.json()["detail"], name
    assert not dossier.attachments.exists()


def test_multipart_with_too_many_parts_is_refused(client, desk):
    dossier, reception, _ = desk
    client.force_login(reception)
    url = reverse("dossiers:act", args=[dossier.code, "attach"])
    fields = {f"f{n}": "x" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post(url, fields).status_code == 400
    files = {
        f"f{n}": SimpleUploadedFile(f"{n}.pdf", PDF)
        for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    assert client.post(url, files).status_code == 400
    assert not dossier.attachments.exists()


def test_downloads_are_attachments_never_sniffed_nor_cached(client, desk):
    dossier, reception, stranger = desk
    client.force_login(reception)
    attach(client, dossier, "Giấy tờ.pdf", PDF)
    scan = dossier.attachments.get()
    url = reverse("dossiers:attachment", args=[dossier.code, scan.pk])
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Giay to.pdf\"; filename*=UTF-8''Gi%E1%BA%A5y%20t%E1%BB%9D.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_attachment_response_headers(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(PDF)
    response = attachment_response(path.open("rb"), name="a.pdf", content_type="application/pdf")
    assert response["Content-Disposition"].startswith("attachment; ")
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == (
        "nosniff",
        "no-store",
    )
    response.close()


# ---------------------------------------------------------------- the media folder


def _patterns(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_media_is_outside_the_static_root_and_never_served_directly(client, desk):
    media = Path(django_settings.MEDIA_ROOT).resolve()
    static = Path(django_settings.STATIC_ROOT).resolve()
    assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert not any(p.callback is serve for p in _patterns(get_resolver()))
    dossier, reception, _ = desk
    client.force_login(reception)
    attach(client, dossier, "giay.pdf", PDF)
    relative = dossier.attachments.get().file.name
    for url in (f"/media/{relative}", f"/{relative}", f"/static/../media/{relative}"):
        assert client.get(url).status_code == 404, url
