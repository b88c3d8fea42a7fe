import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.tests.factories import image_bytes, received_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, code, name, content):
    return client.post(
        f"/api/v1/dossiers/{code}/attachments",
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_upload_list_download(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    response = upload(world.client, d.code, "Giấy khai sinh.pdf", PDF)
    assert response.status_code == 201, response.content
    scan = response.json()
    assert scan["content_type"] == "application/pdf"
    assert scan["sha256"] == hashlib.sha256(PDF).hexdigest()
    listed = world.client.get(f"/api/v1/dossiers/{d.code}/attachments").json()
    assert [s["id"] for s in listed] == [scan["id"]]
    got = world.client.get(f"/api/v1/dossiers/{d.code}/attachments/{scan['id']}")
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment;")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Cache-Control"] == "no-store"


def test_type_is_judged_by_content(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    response = upload(world.client, d.code, "hoso.pdf", b"<html><script>alert(1)</script>")
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."
    )
    png = image_bytes("PNG")
    assert upload(world.client, d.code, "anh.txt", png).json()["content_type"] == "image/png"


def test_other_units_scans_are_404(world):
    d = received_dossier(unit=world.unit_b, version=world.version, actor=world.user)
    assert upload(world.client, d.code, "a.pdf", PDF).status_code == 404
    assert world.client.get(f"/api/v1/dossiers/{d.code}/attachments").status_code == 404
    mine = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    scan = upload(world.client, mine.code, "a.pdf", PDF).json()
    # An attachment id of another dossier is not found through this one.
    assert (
        world.client.get(f"/api/v1/dossiers/{d.code}/attachments/{scan['id']}").status_code == 404
    )
