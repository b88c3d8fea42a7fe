"""Each audited operation leaves exactly one entry, with the actor, the object, the state
before and after, and the client's address (through the real views)."""

from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory, officer, sign_in_verified
from audit.models import AuditEvent, Event
from catalog.models import Level
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers.models import Dossier
from dossiers.tests.factories import image_bytes, received_dossier
from workcalendar.models import AnnouncedDay

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PNG = image_bytes()
IP = "203.0.113.7"
pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    unit = UnitFactory(parent=district)
    version = ProcedureVersionFactory(name="Đăng ký kết hôn")
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai")
    people = {
        "reception": officer(unit, Role.RECEPTION, username="tiepnhan"),
        "specialist": officer(unit, Role.SPECIALIST, username="chuyenvien"),
    }
    return unit, version, people


def new_entries(since: int, event: str | None = None) -> list[AuditEvent]:
    entries = AuditEvent.objects.filter(seq__gt=since).order_by("seq")
    return list(entries.filter(event=event) if event else entries)


def last_seq() -> int:
    entry = AuditEvent.objects.order_by("-seq").first()
    return entry.seq if entry else 0


def test_intake_transitions_read_download_and_export(client, desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit, version, p = desk
    client.force_login(p["reception"])
    start = last_seq()
    paper = version.papers.get()
    client.post(
        reverse("dossiers:counter"),
        {
            "unit": unit.pk,
            "procedure": version.pk,
            "channel": "direct",
            "applicant_name": "Lê Thị Mai",
            "applicant_id_number": "001190099999",
            "applicant_phone": "0987654321",
            f"paper_{paper.pk}": "1",
        },
        REMOTE_ADDR=IP,
    )
    dossier = Dossier.objects.get(applicant_name="Lê Thị Mai")
    [receive] = new_entries(start)
    assert (receive.event, receive.actor, receive.actor_repr) == (
        Event.DOSSIER_RECEIVE,
        p["reception"],
        "tiepnhan",
    )
    assert (receive.object_type, receive.object_id, receive.object_repr) == (
        "dossiers.dossier",
        str(dossier.pk),
        dossier.code,
    )
    assert (receive.client_ip, receive.before, receive.after["status"]) == (IP, None, "received")
    assert len(receive.request_id) == 32
    for secret in ("001190099999", "0987654321", "Lê Thị Mai"):
        assert secret not in str(receive.after) and secret not in receive.object_repr

    # a transition: before and after state
    start = last_seq()
    client.post(
        reverse("dossiers:act", args=[dossier.code, "assign"]),
        {"assign-assignee": p["specialist"].pk, "assign-note": "Giao anh xử lý"},
        REMOTE_ADDR=IP,
    )
    [assign] = new_entries(start)
    assert assign.event == Event.DOSSIER_TRANSITION and assign.client_ip == IP
    assert assign.before == {"status": "received"}
    assert assign.after == {
        "action": "assign",
        "status": "in_progress",
        "data": {"assignee": "chuyenvien", "assignee_name": p["specialist"].get_full_name()},
    }
    assert assign.reason == "note: 14 characters"

    # a scan attached (a transition), then downloaded (a read)
    start = last_seq()
    client.post(
        reverse("dossiers:act", args=[dossier.code, "attach"]),
        {"attach-file": SimpleUploadedFile("to-khai.png", PNG, content_type="image/png")},
        REMOTE_ADDR=IP,
    )
    scan = dossier.attachments.get()
    client.get(reverse("dossiers:attachment", args=[dossier.code, scan.pk]), REMOTE_ADDR=IP)
    attach, download = new_entries(start)
    assert (attach.event, attach.after["action"]) == (Event.DOSSIER_TRANSITION, "attach")
    assert (download.event, download.object_type, download.object_id) == (
        Event.ATTACHMENT_READ,
        "dossiers.dossierattachment",
        str(scan.pk),
    )
    assert download.object_repr == f"{dossier.code} #{scan.pk}"
    assert download.after == {"of": "dossiers.dossier", "of_id": str(dossier.pk)}

    # a read of the dossier's page (personal data)
    start = last_seq()
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 200
    [read] = new_entries(start)
    assert (read.event, read.object_repr, read.actor) == (
        Event.DOSSIER_READ,
        dossier.code,
        p["reception"],
    )

    # an export (a printed form)
    start = last_seq()
    response = client.get(reverse("dossiers:form", args=[dossier.code, "mau05"]), REMOTE_ADDR=IP)
    assert response.status_code == 200
    [export] = new_entries(start)
    assert export.event == Event.EXPORT and export.client_ip == IP
    assert export.after == {"what": "mau05", "format": "pdf", "dossier": dossier.code}


def test_a_refused_transition_leaves_no_entry(client, desk):
    unit, version, p = desk
    dossier = received_dossier(unit=unit, version=version, actor=p["reception"])
    start = last_seq()
    client.force_login(p["reception"])
    # approving a received dossier is not in the transition table
    client.post(reverse("dossiers:act", args=[dossier.code, "approve"]), {"approve-result": "x"})
    assert new_entries(start, Event.DOSSIER_TRANSITION) == []


def test_sign_in_failed_success_and_sign_out(client):
    UserFactory(username="canbo-xa")
    url = reverse("accounts:login")
    start = last_seq()
    client.post(url, {"username": "canbo-xa", "password": "sai-mat-khau"}, REMOTE_ADDR=IP)
    [failed] = new_entries(start)
    assert (failed.event, failed.actor, failed.object_repr, failed.result) == (
        Event.AUTH_LOGIN_FAILED,
        None,
        "canbo-xa",
        "failed",
    )
    assert failed.client_ip == IP
    assert "sai-mat-khau" not in str(AuditEvent.objects.values_list())

    start = last_seq()
    client.post(url, {"username": "canbo-xa", "password": "mat-khau-thu-nghiem"}, REMOTE_ADDR=IP)
    [login] = new_entries(start)
    assert (login.event, login.actor_repr, login.client_ip) == (Event.AUTH_LOGIN, "canbo-xa", IP)

    start = last_seq()
    client.post(reverse("accounts:logout"), REMOTE_ADDR=IP)
    [logout] = new_entries(start)
    assert (logout.event, logout.actor_repr) == (Event.AUTH_LOGOUT, "canbo-xa")


def test_admin_add_change_and_delete(client):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    sign_in_verified(client, admin)
    start = last_seq()
    fields = {"date": "02/09/2031", "kind": "day_off", "name": "Quốc khánh", "source": "CV 1"}
    client.post(reverse("admin:workcalendar_announcedday_add"), fields, REMOTE_ADDR=IP)
    day = AnnouncedDay.objects.get(date="2031-09-02")
    [added] = new_entries(start)
    assert (added.event, added.object_type, added.object_id, added.client_ip) == (
        Event.ADMIN_ADD,
        "workcalendar.announcedday",
        str(day.pk),
        IP,
    )
    assert added.after["name"] == "Quốc khánh" and added.after["date"] == "2031-09-02"

    start = last_seq()
    change = reverse("admin:workcalendar_announcedday_change", args=[day.pk])
    client.post(change, {**fields, "name": "Nghỉ lễ Quốc khánh"}, REMOTE_ADDR=IP)
    [changed] = new_entries(start)
    assert changed.event == Event.ADMIN_CHANGE and changed.actor == admin
    assert changed.before["name"] == "Quốc khánh"
    assert changed.after["name"] == "Nghỉ lễ Quốc khánh"
    assert "date" not in changed.after  # only what changed (updated_at moves too)

    start = last_seq()
    delete = reverse("admin:workcalendar_announcedday_delete", args=[day.pk])
    client.post(delete, {"post": "yes"}, REMOTE_ADDR=IP)
    assert not AnnouncedDay.objects.filter(pk=day.pk).exists()
    [deleted] = new_entries(start)
    assert (deleted.event, deleted.object_id) == (Event.ADMIN_DELETE, str(day.pk))
    assert deleted.before["name"] == "Nghỉ lễ Quốc khánh"


def test_admin_user_change_masks_the_password(client):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    sign_in_verified(client, admin)
    target = UserFactory(username="nhanvien")
    start = last_seq()
    client.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"password1": "Mot-Mat-Khau-Moi-9", "password2": "Mot-Mat-Khau-Moi-9"},
    )
    target.refresh_from_db()
    assert target.check_password("Mot-Mat-Khau-Moi-9")
    [entry] = new_entries(start)
    assert (entry.event, entry.object_repr) == (Event.ADMIN_CHANGE, "nhanvien")
    assert entry.after["password"].startswith("masked:")
    entries = [entry]
    assert target.password not in str([e.before for e in entries] + [e.after for e in entries])


def test_audit_list_is_read_only_and_for_superusers(client):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    staff = UserFactory(username="nhanvien", is_staff=True)
    sign_in_verified(client, admin)
    entry = AuditEvent.objects.order_by("-seq").first()
    listing = client.get(reverse("admin:audit_auditevent_changelist"))
    assert listing.status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    page = client.get(reverse("admin:audit_auditevent_change", args=[entry.pk]))
    assert page.status_code == 200 and b'type="submit"' not in page.content.split(b"<form")[-1]
    sign_in_verified(client, staff)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403


@pytest.mark.parametrize(
    ("remote", "real_ip", "expected"),
    [
        ("10.0.0.2", "198.51.100.9", "10.0.0.2"),  # not from the proxy: the header is ignored
        ("127.0.0.1", "198.51.100.9", "198.51.100.9"),  # from deploy/nginx: the client's
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
    ],
)
def test_client_address_behind_the_trusted_proxy(client, settings, remote, real_ip, expected):
    # One rule for the rate limits and the audit log: motcua.middleware.TrustedProxyMiddleware.
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    UserFactory(username="canbo-xa")
    start = last_seq()
    client.post(
        reverse("accounts:login"),
        {"username": "canbo-xa", "password": "sai"},
        REMOTE_ADDR=remote,
        HTTP_X_REAL_IP=real_ip,
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    [failed] = new_entries(start)
    assert failed.client_ip == expected
