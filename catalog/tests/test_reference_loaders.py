"""The shipped-data loaders write only differences, and never edit a published version."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from catalog.models import AdministrativeUnit, ProcedureVersion
from catalog.reference import (
    PROCEDURES_FILE,
    UNITS_FILE,
    LoadResult,
    load_procedures,
    load_units,
)
from catalog.selectors import procedure_version_in_force, unit_in_force
from catalog.tests.dump import catalog_dump

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing():
    assert load_units() == LoadResult(created=31)
    assert load_procedures() == LoadResult(created=21)
    before = catalog_dump()
    assert load_units() == LoadResult(unchanged=31)
    assert load_procedures() == LoadResult(unchanged=21)
    assert catalog_dump() == before


def edited_procedures(tmp_path: Path, code: str, **changes: object) -> Path:
    data = json.loads(PROCEDURES_FILE.read_text(encoding="utf-8"))
    entry = next(item for item in data["procedures"] if item["code"] == code)
    entry.update(changes)
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_changed_procedure_becomes_a_new_published_version(tmp_path):
    load_procedures()
    path = edited_procedures(
        tmp_path, "1.004873", effective_from="2025-07-01",
        time_rule={"kind": "working_days", "amount": 2},
    )  # fmt: skip
    assert load_procedures(path=path) == LoadResult(updated=1, unchanged=20)
    old = procedure_version_in_force("1.004873", date(2025, 6, 30))
    new = procedure_version_in_force("1.004873", date(2025, 7, 1))
    assert (old.version, old.effective_to, old.time_rule.amount) == (1, date(2025, 7, 1), 3)
    assert (new.version, new.status, new.time_rule.amount) == (2, "published", 2)
    assert new.papers.count() == old.papers.count()
    before = catalog_dump()
    assert load_procedures(path=path) == LoadResult(unchanged=21)
    assert catalog_dump() == before


def test_a_change_without_a_later_date_is_refused_and_nothing_is_written(tmp_path):
    load_procedures()
    before = catalog_dump()
    path = edited_procedures(tmp_path, "1.004873", name="Tên đã sửa")
    with pytest.raises(ValidationError, match="hãy ghi ngày áp dụng mới"):
        load_procedures(path=path)
    assert catalog_dump() == before


def test_a_renamed_unit_is_updated_in_place(tmp_path):
    load_units()
    text = UNITS_FILE.read_text(encoding="utf-8").replace("Xã An Phú,", "Xã An Phú Mới,")
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    assert load_units(path=path) == LoadResult(updated=1, unchanged=30)
    assert unit_in_force("10504", date(2019, 1, 1)).name == "Xã An Phú Mới"
    assert AdministrativeUnit.objects.filter(code="10504").count() == 1


def test_reloading_keeps_the_real_agency_id_a_deployment_entered():
    load_units()
    unit = unit_in_force("10465", date(2024, 1, 1))
    unit.agency_id = "000.20.31.H26"
    unit.save()
    assert load_units() == LoadResult(unchanged=31)
    unit.refresh_from_db()
    assert unit.agency_id == "000.20.31.H26"


def test_drafts_do_not_count_as_shipped_content():
    load_procedures()
    version = procedure_version_in_force("1.001193", date(2020, 1, 1))
    ProcedureVersion.objects.create(
        procedure=version.procedure, version=2, name="Dự thảo", field=version.field,
        level=version.level, time_rule_kind="working_days", time_rule_amount=1,
        fee_kind="free", effective_from=date(2030, 1, 1),
    )  # fmt: skip
    assert load_procedures() == LoadResult(unchanged=21)
