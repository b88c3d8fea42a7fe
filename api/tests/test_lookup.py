"""Public look-up: no auth, the portal's rules and rate limit."""

import json
from datetime import datetime

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.schemas import LookupOut
from dossiers.tests.factories import received_dossier
from portal.ratelimit import LOOKUPS_PER_MINUTE
from workcalendar.calendar import VN_TZ

pytestmark = pytest.mark.django_db


def as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def look(code, digits, client=None):
    return (client or Client()).post(
        "/api/v1/lookup", {"code": code, "digits": digits}, content_type="application/json"
    )


def test_found_with_masked_name_and_nothing_private(world):
    d = received_dossier(
        unit=world.unit_a,
        version=world.version,
        actor=world.user,
        name="Nguyễn Viết An",
        id_number="001190012345",
        phone="0912345678",
    )
    by_id = look(d.code, "2345")
    assert by_id.status_code == 200
    data = by_id.json()
    assert data["masked_name"] == "Nguyễn V*** A*"
    assert data["code"] == d.code and data["status"] == "Đã tiếp nhận"
    assert (
        "001190012345" not in by_id.content.decode() and "0912345678" not in by_id.content.decode()
    )
    assert look(d.code, "5678").status_code == 200  # phone digits work too


def test_wrong_digits_and_unknown_code_answer_the_same(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    wrong = look(d.code, "0000")
    unknown = look(d.code[:-4] + "9999", "2345")
    malformed = look(d.code, "12")
    assert wrong.status_code == unknown.status_code == malformed.status_code == 404
    assert wrong.content == unknown.content == malformed.content
    assert wrong.json()["detail"].startswith("Không tìm thấy hồ sơ")


# Within one minute of the clock: the limit counts per wall-clock minute.
@time_machine.travel(datetime(2026, 11, 26, 10, 0, 5, tzinfo=VN_TZ), tick=False)
def test_rate_limited_per_client_like_the_portal(world):
    client = Client()
    for _ in range(LOOKUPS_PER_MINUTE):
        assert look("X", "1234", client).status_code == 404
    limited = look("X", "1234", client)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "quá nhiều lần" in limited.json()["detail"]


def test_the_answer_in_full_and_a_look_up_writes_nothing(world):
    d = received_dossier(
        unit=world.unit_a, version=world.version, actor=world.user, name="Trần Thị Bình"
    )
    d.refresh_from_db()  # the instants as stored (UTC)
    with CaptureQueriesContext(connection) as queries:
        response = look(d.code, d.applicant_phone[-4:])
    assert response.status_code == 200
    assert response.json() == {
        "code": d.code,
        "masked_name": "Trần T** B***",
        "procedure": world.version.name,
        "procedure_code": world.version.procedure.code,
        "unit": world.unit_a.name,
        "status": "Đã tiếp nhận",
        "received_at": as_json(d.received_at),
        "due_at": as_json(d.due_at),
        "appointment_at": None,
    }
    LookupOut.model_validate(response.json())  # the declared schema (it is not re-validated)
    assert response["Cache-Control"] == "no-store"
    # one SELECT: no session, no audit entry, no other write (the limit is in the cache)
    assert [q["sql"].split()[0].upper() for q in queries.captured_queries] == ["SELECT"]
