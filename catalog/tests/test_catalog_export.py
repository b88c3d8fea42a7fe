"""`catalog_export --format json`: every unit of every period, procedures in force today."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.reference import load_procedures, load_units
from catalog.tests.factories import ProcedureFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def export() -> tuple[str, dict]:
    out = StringIO()
    call_command("catalog_export", "--format", "json", stdout=out)
    return out.getvalue(), json.loads(out.getvalue())


def test_export_of_the_shipped_catalogue():
    load_units()
    load_procedures()
    text, data = export()
    assert "\\u" not in text and "Thành phố Hà Nội" in text
    assert set(data) == {"units", "procedures"}
    assert len(data["units"]) == 31
    assert all(set(unit) == {"code", "name", "level", "parent_code", "agency_id"}
               for unit in data["units"])  # fmt: skip
    by_code = {}
    for unit in data["units"]:
        by_code.setdefault(unit["code"], []).append(unit)
    assert [u["name"] for u in by_code["10459"]] == ["Xã Bột Xuyên", "Xã Mỹ Xuyên", "Xã Phúc Sơn"]
    assert [u["parent_code"] for u in by_code["10459"]] == ["282", "282", "01"]
    assert by_code["01"] == [{"code": "01", "name": "Thành phố Hà Nội", "level": "province",
                              "parent_code": None, "agency_id": ""}]  # fmt: skip
    assert by_code["282"][0]["agency_id"] == ""
    assert by_code["10441"][0]["agency_id"] == "000.01.82.H26"

    procedures = {p["code"]: p for p in data["procedures"]}
    assert len(procedures) == 21
    assert procedures["1.001193"] == {
        "code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "level": "commune",
        "time_rule": {"kind": "same_day", "cutoff": "15:00"},
    }  # fmt: skip
    assert procedures["2.001035"]["time_rule"] == {"kind": "working_days", "amount": 2}
    assert procedures["2.001035"]["field"] == "Chứng thực"


def test_the_version_in_force_today_else_the_latest_published():
    today = timezone.localdate()
    procedure = ProcedureFactory(code="1.000001")
    ProcedureVersionFactory(procedure=procedure, version=1, name="Cũ", effective_to=today)
    ProcedureVersionFactory(procedure=procedure, version=2, name="Hiện hành", effective_from=today)
    ProcedureVersionFactory(
        procedure=procedure, version=3, name="Tương lai", status="draft",
        effective_from=date(today.year + 5, 1, 1),
    )  # fmt: skip
    future = ProcedureFactory(code="1.000002")
    ProcedureVersionFactory(procedure=future, name="Sắp áp dụng",
                            effective_from=date(today.year + 5, 1, 1))  # fmt: skip
    ProcedureVersionFactory(procedure=ProcedureFactory(code="1.000003"), status="draft")
    _, data = export()
    assert [(p["code"], p["name"]) for p in data["procedures"]] == [
        ("1.000001", "Hiện hành"),
        ("1.000002", "Sắp áp dụng"),
    ]
