from datetime import date

import pytest

from catalog.tests.factories import ProcedureVersionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_units_with_codes_and_validity(world):
    old = UnitFactory(
        code="77777",
        name="Xã Cũ",
        valid_from=date(2000, 1, 1),
        valid_to=date(2025, 7, 1),
        agency_id="",
    )
    UnitFactory(code="77777", name="Xã Mới", valid_from=date(2025, 7, 1))
    data = world.client.get("/api/v1/units", {"code": "77777"}).json()
    assert data["count"] == 2
    assert [(u["name"], u["valid_from"], u["valid_to"]) for u in data["items"]] == [
        ("Xã Cũ", "2000-01-01", "2025-07-01"),
        ("Xã Mới", "2025-07-01", None),
    ]
    on = world.client.get("/api/v1/units", {"code": "77777", "on": "2024-01-01"}).json()
    assert [u["name"] for u in on["items"]] == [old.name]
    receiving = world.client.get("/api/v1/units", {"receiving": True}).json()
    assert old.code not in {u["code"] for u in receiving["items"] if u["name"] == "Xã Cũ"}


def test_procedures_with_version_in_force_and_time_rule(world):
    proc = world.version.procedure
    ProcedureVersionFactory(
        procedure=proc, version=2, name="Đăng ký khai sinh (mới)", effective_from=date(2099, 1, 1)
    )
    listed = world.client.get("/api/v1/procedures", {"q": "dang ky khai sinh"}).json()
    mine = [p for p in listed if p["code"] == proc.code]
    assert [p["version"] for p in mine] == [1]
    assert mine[0]["time_rule"] == {
        "kind": "working_days",
        "amount": 3,
        "cutoff": None,
        "description": "3 ngày làm việc",
    }
    later = world.client.get(f"/api/v1/procedures/{proc.code}", {"on": "2099-06-01"}).json()
    assert later["version"] == 2
    detail = world.client.get(f"/api/v1/procedures/{proc.code}").json()
    assert [p["id"] for p in detail["papers"]] == [world.paper.pk]
    missing = world.client.get("/api/v1/procedures/0.000")
    assert missing.status_code == 404
    assert missing.json()["detail"].startswith("Thủ tục mã 0.000")
