"""A citizen downloads their own data (and nothing of anyone else's); officers' online
pages mask the applicant for readers who are not officers of the unit."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from dossiers import services as dossier_services
from dossiers.privacy import mask_name
from dossiers.retention import dossiers_anonymise
from notifications.tests.jobs import composed_notices
from online import received, services
from online.models import CitizenUpload, PublishedResult, Submission
from online.tests.factories import PDF, PNG, citizen, submitted
from portal.services import dossier_rating_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(desk, django_capture_on_commit_callbacks):
    # Notices to applicants: each step queues their composition, the worker writes them.
    with django_capture_on_commit_callbacks(execute=True), composed_notices():
        return _world(desk)


def _world(desk):
    owner = citizen(full_name="Đinh Thị Sen", phone="0912000555", id_number="036190000111")
    other = citizen(full_name="Vũ Văn Khác", phone="0912000666", id_number="036190000999")
    mine = submitted(desk, owner)
    dossier = services.submission_accept(actor=desk.reception, submission=mine)
    d = dossier_services.dossier_assign(
        actor=desk.reception, dossier=dossier, assignee=desk.specialist
    )
    d = dossier_services.dossier_request_supplement(
        actor=desk.specialist, dossier=d, missing_papers=["Ảnh"], reason="Thiếu ảnh"
    )
    received.citizen_upload_add(actor=owner, dossier=d, label="Ảnh", name="anh.png", content=PNG)
    received.citizen_supplement_send(actor=owner, dossier=d)
    d = received.citizen_supplement_take(actor=desk.reception, dossier=d)
    dossier_services.dossier_note_add(actor=desk.specialist, dossier=d, text="Nội bộ: gọi lại")
    d = dossier_services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    d = dossier_services.dossier_approve(actor=desk.approver, dossier=d, result="Giấy CN")
    received.result_publish(actor=desk.reception, dossier=d, name="kq.pdf", content=PDF)
    d = dossier_services.dossier_return_result(
        actor=desk.reception, dossier=d, returned_to="Đinh Thị Sen", id_checked=True
    )
    dossier_rating_submit(
        dossier=d, scores={1: 2, 3: 2, 4: 2, 7: 1}, comment="Nhanh gọn", channel="account"
    )
    theirs = submitted(desk, other)
    their_dossier = services.submission_accept(actor=desk.reception, submission=theirs)
    return {"desk": desk, "owner": owner, "other": other, "dossier": d, "theirs": their_dossier}


def test_the_download_holds_the_citizens_own_data_and_nothing_else(client, world):
    client.force_login(world["owner"])
    profile = client.get(reverse("online:profile")).content.decode()
    assert reverse("online:my_data") in profile and "Tải dữ liệu cá nhân của tôi" in profile
    response = client.get(reverse("online:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-ca-nhan-')
    assert response["Cache-Control"] == "no-store"
    raw = response.content.decode("utf-8")
    assert "Đinh Thị Sen" in raw  # readable Vietnamese, not \\u escapes
    data = json.loads(raw)
    assert data["profile"]["full_name"] == "Đinh Thị Sen"
    assert data["profile"]["id_number"] == "036190000111"
    assert [s["dossier_code"] for s in data["submissions"]] == [world["dossier"].code]
    assert [s["files"][0]["name"] for s in data["submissions"]] != []
    (dossier,) = data["dossiers"]
    assert dossier["code"] == world["dossier"].code and dossier["status"] == "Đã trả kết quả"
    assert dossier["returned_to"] == "Đinh Thị Sen"
    assert [u["name"] for u in dossier["supplement_uploads"]] == ["anh.png"]
    assert [r["name"] for r in dossier["results"]] == ["kq.pdf"]
    assert "Nội bộ: gọi lại" not in raw  # officers' internal notes are not the citizen's data
    assert [(r["dossier_code"], r["comment"]) for r in data["ratings"]] == [
        (world["dossier"].code, "Nhanh gọn")
    ]
    assert data["notices"] and {n["recipient"] for n in data["notices"]} == {"0912000555"}
    # Nothing of the other citizen.
    for trace in ("Vũ Văn Khác", "0912000666", "036190000999", world["theirs"].code):
        assert trace not in raw


def test_only_citizens_download_and_visitors_sign_in(client, world):
    assert client.get(reverse("online:my_data")).status_code == 302
    client.force_login(world["desk"].reception)
    assert client.get(reverse("online:my_data")).status_code == 404


def test_officer_pages_mask_the_applicant_for_an_overseer(client, world):
    desk = world["desk"]
    url_queue = reverse("online:officer_tab", args=["da-tiep-nhan"])
    client.force_login(desk.reception)
    assert "Đinh Thị Sen" in client.get(url_queue).content.decode()
    overseer = officer(desk.unit.parent, Role.OVERSEER)
    client.force_login(overseer)
    for url in (
        url_queue,
        reverse("online:officer_submission", args=[world["dossier"].online_submission.pk]),
        reverse("online:officer_dossier", args=[world["dossier"].code]),
    ):
        page = client.get(url).content.decode()
        assert "Đinh Thị Sen" not in page and "036190000111" not in page, url
        assert "0912000555" not in page, url
    page = client.get(url_queue).content.decode()
    assert mask_name("Đinh Thị Sen") in page


def test_citizens_uploads_are_read_only_by_the_handling_roles(client, world):
    desk = world["desk"]
    submission = world["dossier"].online_submission
    scan = submission.files.first()
    url = reverse("online:officer_submission_file", args=[submission.pk, scan.pk])
    client.force_login(desk.specialist)
    assert client.get(url).status_code == 200
    client.force_login(officer(desk.unit.parent, Role.OVERSEER))
    assert client.get(url).status_code == 404
    page = client.get(reverse("online:officer_submission", args=[submission.pk])).content
    assert url.encode() not in page


def test_anonymising_an_online_dossier_unlinks_the_citizen_and_deletes_the_files(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.PERSONAL_DATA_RETENTION_YEARS = 1
    d = world["dossier"]
    stored = [
        (f.file.storage, f.file.name)
        for f in (
            *d.online_submission.files.all(),
            *CitizenUpload.objects.filter(dossier=d),
            *PublishedResult.objects.filter(dossier=d),
        )
    ]
    assert len(stored) >= 3 and all(storage.exists(name) for storage, name in stored)
    later = timezone.localdate() + timedelta(days=366)
    with django_capture_on_commit_callbacks(execute=True):
        result = dossiers_anonymise(as_of=later)
    assert result.codes == [d.code]  # the other citizen's dossier is still open
    assert not any(storage.exists(name) for storage, name in stored)
    assert not Submission.objects.filter(dossier=d).exists()
    client.force_login(world["owner"])
    raw = client.get(reverse("online:my_data")).content.decode()
    assert d.code not in raw and "Đinh Thị Sen" in raw  # the profile is the account's own
