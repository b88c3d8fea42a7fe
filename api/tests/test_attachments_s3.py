"""Attachments in an S3-compatible object store (STORAGE=s3, django-storages), against a
real S3 server on loopback: moto's standalone server, started here as its own process and
spoken to over HTTP by boto3, as a commune's MinIO or a cloud bucket would be. What the
settings build (motcua.settings.storage_from_env) is what is used; the bucket is read back
with a separate client, not through the application."""

import errno
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from dossiers.models import DossierAttachment, Outcome, Status
from dossiers.retention import dossiers_anonymise
from dossiers.tests.factories import DossierFactory, image_bytes, received_dossier
from motcua.errors import file_store_unavailable
from motcua.settings import storage_from_env

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "motcua-ho-so"
PREFIX = "xa-do-tai"
KEYS = {"S3_ACCESS_KEY_ID": "motcua-test", "S3_SECRET_ACCESS_KEY": "motcua-test-secret"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the S3 server (moto) did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def s3_settings(settings, endpoint: str, **environ: str) -> None:
    """The default storage as the settings build it for STORAGE=s3 at `endpoint` (with
    `environ`'s further variables)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_from_env(
            {
                "STORAGE": "s3",
                "S3_BUCKET": BUCKET,
                "S3_ENDPOINT_URL": endpoint,
                "S3_REGION": "ap-southeast-1",
                "S3_PREFIX": PREFIX,
                **KEYS,
                **environ,
            }
        ),
    }


@pytest.fixture
def silent_store() -> Iterator[str]:
    """An address that takes connections and never answers: a store that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes the handshakes; nothing ever replies
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture
def bucket(s3_server, settings):
    """A fresh private bucket, and the settings' storage pointed at it."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="ap-southeast-1",
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    s3_settings(settings, s3_server)
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for o in objects:
        client.delete_object(Bucket=BUCKET, Key=o["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_scan_goes_to_the_bucket_and_comes_back_through_the_api_and_the_page(
    world, client, bucket
):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    url = f"/api/v1/dossiers/{d.code}/attachments"
    first = world.client.post(url, {"file": _upload("to-khai.pdf")}).json()
    second = world.client.post(url, {"file": _upload("to-khai.pdf")}).json()  # same content

    stored = [d.attachments.get(pk=a["id"]).file.name for a in (first, second)]
    assert stored[0] != stored[1]  # a taken name gets a new one: nothing is overwritten
    assert keys(bucket) == sorted(f"{PREFIX}/{name}" for name in stored)
    for name in stored:
        assert bucket.get_object(Bucket=BUCKET, Key=f"{PREFIX}/{name}")["Body"].read() == PDF
        grants = bucket.get_object_acl(Bucket=BUCKET, Key=f"{PREFIX}/{name}")["Grants"]
        assert all("URI" not in g["Grantee"] for g in grants)  # no public or all-users grant

    by_api = world.client.get(f"{url}/{first['id']}")
    assert by_api.status_code == 200
    assert b"".join(by_api.streaming_content) == PDF
    client.force_login(world.user)
    page = client.get(reverse("dossiers:attachment", args=[d.code, second["id"]]))
    assert page.status_code == 200
    assert b"".join(page.streaming_content) == PDF


def test_anonymising_a_dossier_deletes_its_scans_from_the_bucket(
    settings, bucket, django_capture_on_commit_callbacks
):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    closed_at = timezone.now() - timedelta(days=6 * 366)
    d = DossierFactory(
        status=Status.RETURNED,
        outcome=Outcome.RESOLVED,
        received_at=closed_at - timedelta(days=3),
        finished_at=closed_at - timedelta(days=1),
        returned_at=closed_at,
    )
    scan = DossierAttachment(
        dossier=d,
        name="cccd.png",
        kind=DossierAttachment.Kind.IDENTITY,
        content_type="image/png",
        size=len(image_bytes()),
        sha256="0" * 64,
        uploaded_by=User.objects.create_user("luu_tru", password=None),
        uploaded_at=closed_at - timedelta(days=3),
    )
    scan.file.save("cccd", ContentFile(image_bytes()), save=True)
    assert keys(bucket) == [f"{PREFIX}/{scan.file.name}"]

    with django_capture_on_commit_callbacks(execute=True):
        result = dossiers_anonymise(as_of=timezone.localdate())

    assert d.code in result.codes and result.files_deleted == 1
    assert keys(bucket) == []


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.parametrize("store", ["unreachable", "no bucket", "silent"])
def test_a_store_that_cannot_take_the_scan_answers_503_in_words_and_records_nothing(
    world, client, settings, s3_server, silent_store, store
):
    endpoints = {
        "unreachable": f"http://127.0.0.1:{_free_port()}",
        "no bucket": s3_server,  # the server answers, the bucket is missing
        "silent": silent_store,
    }
    s3_settings(settings, endpoints[store], S3_TIMEOUT="1")
    started = time.monotonic()
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    events = d.events.count()
    # the answer a browser or an API client gets, not the exception the test client re-raises
    world.client.raise_request_exception = client.raise_request_exception = False

    by_api = world.client.post(f"/api/v1/dossiers/{d.code}/attachments", {"file": _upload("a.pdf")})
    assert by_api.status_code == 503
    assert by_api.json()["detail"].startswith("Không lưu hoặc đọc được tệp")

    client.force_login(world.user)
    page = client.post(
        reverse("dossiers:act", args=[d.code, "attach"]),
        {"attach-file": _upload("b.pdf"), "attach-kind": "paper"},
    )
    assert page.status_code == 503
    assert "kho lưu trữ tệp đang không phản hồi" in page.content.decode()

    assert d.attachments.count() == 0 and d.events.count() == events  # nothing half-done
    # Bounded waits (two tries of S3_TIMEOUT): botocore's own defaults would hold each of the
    # two requests for minutes on the silent store, past gunicorn's worker timeout.
    assert time.monotonic() - started < 30


def test_the_s3_waits_are_bounded_by_s3_timeout() -> None:
    config = storage_from_env({"STORAGE": "s3", "S3_BUCKET": BUCKET})["OPTIONS"]["client_config"]
    assert (config.connect_timeout, config.read_timeout) == (5, 15)  # the documented default
    assert config.retries == {"mode": "standard", "max_attempts": 2}
    transfer = storage_from_env({"STORAGE": "s3", "S3_BUCKET": BUCKET})["OPTIONS"]
    assert transfer["transfer_config"].num_download_attempts == 1  # no retries on top of those
    short = storage_from_env({"STORAGE": "s3", "S3_BUCKET": BUCKET, "S3_TIMEOUT": "2.5"})
    assert short["OPTIONS"]["client_config"].read_timeout == 2.5
    assert short["OPTIONS"]["client_config"].connect_timeout == 2.5
    with pytest.raises(ImproperlyConfigured, match="S3_TIMEOUT"):
        storage_from_env({"STORAGE": "s3", "S3_BUCKET": BUCKET, "S3_TIMEOUT": "mười"})


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EROFS, "Read-only file system"), True),
        (OSError(errno.ENOENT, "No such file"), False),  # a missing file is not an outage
        (ClientError({"Error": {"Code": "NoSuchBucket"}}, "PutObject"), True),
        (ClientError({"Error": {"Code": "NoSuchKey"}}, "GetObject"), False),  # a missing file
        (ValueError("bad"), False),
    ],
)
def test_which_errors_mean_the_file_store_is_unavailable(error, unavailable):
    assert file_store_unavailable(error) is unavailable
