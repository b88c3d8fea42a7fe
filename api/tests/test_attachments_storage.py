"""Attachments go through Django's storage API only, never through file-system paths, so
STORAGE=s3 (django-storages, deploy/env.example) serves them the same way. Django's
InMemoryStorage stands in for the object store: no S3 server runs here."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.tests.factories import received_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def memory_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return settings.MEDIA_ROOT


def test_scans_are_stored_and_served_through_the_storage_api(world, client, memory_storage):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    scan = world.client.post(
        f"/api/v1/dossiers/{d.code}/attachments",
        {"file": SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")},
    ).json()
    stored = d.attachments.get(pk=scan["id"])
    assert type(default_storage._wrapped).__name__ == "InMemoryStorage"
    assert default_storage.open(stored.file.name).read() == PDF
    assert not memory_storage.exists()  # nothing written to MEDIA_ROOT

    by_api = world.client.get(f"/api/v1/dossiers/{d.code}/attachments/{scan['id']}")
    assert b"".join(by_api.streaming_content) == PDF
    client.force_login(world.user)
    page = client.get(reverse("dossiers:attachment", args=[d.code, scan["id"]]))
    assert page.status_code == 200
    assert b"".join(page.streaming_content) == PDF
