"""The hooks in the other apps: register writes, scan downloads, report and book exports."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from audit.models import AuditEvent, Event
from catalog.tests.factories import UnitFactory
from dossiers.tests.factories import image_bytes
from registry.services import incoming_scan_add
from registry.tests.factories import incoming_letter

PNG = image_bytes()
IP = "198.51.100.20"
pytestmark = pytest.mark.django_db


def test_register_write_and_scan_download(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit = UnitFactory()
    clerk = officer(unit, Role.RECEPTION, username="vanthu")
    letter = incoming_letter(unit=unit, actor=clerk)
    [registered] = AuditEvent.objects.filter(event=Event.REGISTRY_CHANGE)
    assert (registered.actor_repr, registered.object_type, registered.object_id) == (
        "vanthu",
        "registry.incomingletter",
        str(letter.pk),
    )
    assert registered.after["action"] == "register" and registered.before is None

    scan = incoming_scan_add(actor=clerk, letter=letter, name="cv.png", content=PNG)
    client.force_login(clerk)
    response = client.get(
        reverse("registry:incoming_scan", args=[letter.pk, scan.pk]), REMOTE_ADDR=IP
    )
    assert b"".join(response.streaming_content) == PNG
    [read] = AuditEvent.objects.filter(event=Event.ATTACHMENT_READ)
    assert (read.actor, read.client_ip, read.object_id) == (clerk, IP, str(scan.pk))
    assert read.after == {"of": "registry.incomingletter", "of_id": str(letter.pk)}


def test_report_and_register_book_exports(client):
    unit = UnitFactory()
    clerk = officer(unit, Role.RECEPTION)
    client.force_login(clerk)
    response = client.get(
        reverse("reports:download", args=["csv"]),
        {"date_from": "01/01/2026", "date_to": "31/01/2026"},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 200
    book = client.get(
        reverse("registry:book"),
        {
            "register": "den",
            "unit": unit.pk,
            "date_from": "01/01/2026",
            "date_to": "31/01/2026",
            "format": "xlsx",
        },
        REMOTE_ADDR=IP,
    )
    assert book.status_code == 200 and "attachment" in book["Content-Disposition"]
    report, register = AuditEvent.objects.filter(event=Event.EXPORT).order_by("seq")
    assert (report.after["what"], report.after["format"], report.client_ip) == ("report", "csv", IP)
    assert (report.after["date_from"], report.after["date_to"]) == ("2026-01-01", "2026-01-31")
    assert register.after == {
        "what": "register-den",
        "format": "xlsx",
        "unit": unit.code,
        "date_from": "2026-01-01",
        "date_to": "2026-01-31",
    }


def test_citizen_sign_in_failure_keeps_no_phone_number(client):
    client.post(
        reverse("online:sign_in"),
        {"identifier": "0912345678", "password": "sai-mat-khau"},
        REMOTE_ADDR=IP,
    )
    [failed] = AuditEvent.objects.filter(event=Event.AUTH_LOGIN_FAILED)
    assert (failed.client_ip, failed.result, failed.reason) == (IP, "failed", "bad_credentials")
    stored = str(AuditEvent.objects.values_list())
    assert "0912345678" not in stored and "sai-mat-khau" not in stored


def test_api_reads_of_personal_data(client):
    from api.tokens import api_token_create
    from dossiers.tests.factories import received_dossier

    unit = UnitFactory()
    clerk = officer(unit, Role.RECEPTION, username="he-thong")
    first = received_dossier(unit=unit, actor=clerk)
    second = received_dossier(unit=unit, version=first.procedure_version, actor=clerk)
    token = api_token_create(user=clerk, units=[unit], name="Hệ thống thử").value
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}", "REMOTE_ADDR": IP}

    assert client.get(f"/api/v1/dossiers/{first.code}", **auth).status_code == 200
    [read] = AuditEvent.objects.filter(event=Event.DOSSIER_READ)
    assert (read.actor, read.client_ip, read.object_repr) == (clerk, IP, first.code)

    assert client.get("/api/v1/dossiers", **auth).status_code == 200
    listed = AuditEvent.objects.filter(event=Event.DOSSIER_READ).order_by("-seq").first()
    assert sorted(listed.after["codes"]) == sorted([first.code, second.code])
    assert listed.actor == clerk and listed.object_repr == "2 hồ sơ"


def test_online_desk_pages_are_reads(client):
    from online.services import submission_accept
    from online.tests.factories import citizen, make_desk, submitted

    desk = make_desk()
    waiting = submitted(desk, citizen())
    client.force_login(desk.reception)
    page = reverse("online:officer_submission", args=[waiting.pk])
    assert client.get(page, REMOTE_ADDR=IP).status_code == 200
    [read] = AuditEvent.objects.filter(event=Event.DOSSIER_READ)
    assert (read.actor, read.object_type, read.object_id) == (
        desk.reception,
        "online.submission",
        str(waiting.pk),
    )

    dossier = submission_accept(actor=desk.reception, submission=waiting)
    page = reverse("online:officer_dossier", args=[dossier.code])
    assert client.get(page, REMOTE_ADDR=IP).status_code == 200
    latest = AuditEvent.objects.filter(event=Event.DOSSIER_READ).order_by("-seq").first()
    assert (latest.object_type, latest.object_repr, latest.client_ip) == (
        "dossiers.dossier",
        dossier.code,
        IP,
    )
