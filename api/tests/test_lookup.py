"""Public look-up: no auth, the portal's rules and rate limit."""

import pytest
from django.test import Client

from dossiers.tests.factories import received_dossier
from portal.ratelimit import LOOKUPS_PER_MINUTE

pytestmark = pytest.mark.django_db


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


def test_rate_limited_per_client_like_the_portal(world):
    client = Client()
    for _ in range(LOOKUPS_PER_MINUTE):
        assert look("X", "1234", client).status_code == 404
    limited = look("X", "1234", client)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "quá nhiều lần" in limited.json()["detail"]
