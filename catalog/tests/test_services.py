"""The write path: drafts are numbered, publishing guards the windows, published is frozen."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from catalog.models import AdministrativeUnit, ProcedureVersion
from catalog.services import (
    Change,
    procedure_version_create,
    procedure_version_publish,
    procedure_version_sync,
    procedure_version_update,
    unit_upsert,
)
from catalog.specs import PaperSpec
from catalog.tests.factories import (
    FieldFactory,
    PaperSpecFactory,
    ProcedureVersionFactory,
    UnitFactory,
    VersionSpecFactory,
)
from workcalendar.rules import TimeRule, TimeRuleKind

pytestmark = pytest.mark.django_db

THREE_DAYS = TimeRule(TimeRuleKind.WORKING_DAYS, 3)


def draft(**overrides) -> ProcedureVersion:
    values = {
        "procedure_code": "1.004873", "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "field_code": FieldFactory().code, "level": "commune", "time_rule": THREE_DAYS,
        "fee_kind": "free", "effective_from": date(2016, 1, 1),
    }  # fmt: skip
    return procedure_version_create(**{**values, **overrides})


def test_create_makes_a_numbered_draft_with_its_papers_in_order():
    papers = [PaperSpec("Tờ khai", "original", 1), PaperSpec("Giấy tờ", "certified_copy", 2)]
    first = draft(papers=papers)
    second = draft(effective_from=date(2020, 1, 1))
    assert (first.version, first.status) == (1, ProcedureVersion.Status.DRAFT)
    assert second.version == 2 and second.procedure == first.procedure
    assert [(p.position, p.name, p.copy_kind, p.count) for p in first.papers.all()] == [
        (1, "Tờ khai", "original", 1),
        (2, "Giấy tờ", "certified_copy", 2),
    ]


def test_same_day_rules_store_their_cutoff():
    version = draft(time_rule=TimeRule(TimeRuleKind.SAME_DAY))
    assert version.time_rule_cutoff == time(15, 0)
    assert version.time_rule.as_dict() == {"kind": "same_day", "cutoff": "15:00"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"fee_kind": "fixed"}, "fee_amount"),
        ({"fee_kind": "schedule"}, "fee_schedule"),
        ({"fee_kind": "free", "fee_amount": 5000}, "fee_amount"),
        ({"effective_to": date(2016, 1, 1)}, "effective_to"),
        ({"level": "ward"}, "level"),
        ({"field_code": "KHONGCO"}, "field"),
    ],
)
def test_create_refuses_inconsistent_content(overrides, field):
    with pytest.raises(ValidationError) as error:
        draft(**overrides)
    assert field in error.value.message_dict
    assert not ProcedureVersion.objects.exists()


def test_publish_closes_the_open_ended_previous_version():
    first = procedure_version_publish(version=draft())
    second = procedure_version_publish(version=draft(effective_from=date(2025, 7, 1)))
    first.refresh_from_db()
    assert first.effective_to == date(2025, 7, 1)
    assert (second.status, second.effective_to) == ("published", None)
    assert second.published_at is not None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2016, 1, 1), None),  # same start: would erase the published text
        (date(2015, 1, 1), None),  # starts before it
        (date(2020, 1, 1), date(2021, 1, 1)),  # a bounded window inside it
    ],
)
def test_publish_refuses_an_overlap_it_cannot_resolve(start, end):
    first = procedure_version_publish(version=draft())
    second = draft(effective_from=start, effective_to=end)
    with pytest.raises(ValidationError, match="trùng với phiên bản 1"):
        procedure_version_publish(version=second)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == "draft" and first.effective_to is None


def test_publish_accepts_a_window_after_a_closed_one_and_refuses_publishing_twice():
    procedure_version_publish(version=draft(effective_to=date(2020, 1, 1)))
    later = procedure_version_publish(version=draft(effective_from=date(2020, 1, 1)))
    with pytest.raises(ValidationError, match="đã được công bố"):
        procedure_version_publish(version=later)


def test_publish_validates_the_time_rule_of_a_draft_edited_by_hand():
    version = draft()
    ProcedureVersion.objects.filter(pk=version.pk).update(time_rule_amount=0)
    with pytest.raises(ValidationError) as error:
        procedure_version_publish(version=version)
    assert "time_rule_amount" in error.value.message_dict


def test_a_published_version_cannot_be_updated():
    version = procedure_version_publish(version=draft())
    with pytest.raises(ValidationError) as error:
        procedure_version_update(version=version, name="Tên mới")
    assert error.value.messages == ["Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới."]
    version.refresh_from_db()
    assert version.name == "Cấp Giấy xác nhận tình trạng hôn nhân"


def test_a_stale_object_of_a_published_version_cannot_be_updated_either():
    version = draft()
    procedure_version_publish(version=ProcedureVersion.objects.get(pk=version.pk))
    with pytest.raises(ValidationError):
        procedure_version_update(version=version, name="Tên mới")


def test_a_draft_is_updated_with_its_rule_and_papers():
    version = draft(papers=[PaperSpecFactory()])
    procedure_version_update(
        version=version, name="Tên mới", time_rule=TimeRule(TimeRuleKind.WORKING_HOURS, 8),
        papers=[PaperSpec("Tờ khai mới")],
    )  # fmt: skip
    version.refresh_from_db()
    assert version.name == "Tên mới"
    assert version.time_rule == TimeRule(TimeRuleKind.WORKING_HOURS, 8)
    assert [p.name for p in version.papers.all()] == ["Tờ khai mới"]
    with pytest.raises(TypeError):
        procedure_version_update(version=version, status="published")


def test_sync_creates_then_skips_identical_content():
    spec = VersionSpecFactory()
    assert procedure_version_sync(spec=spec) is Change.CREATED
    assert procedure_version_sync(spec=spec) is Change.UNCHANGED
    assert ProcedureVersion.objects.get().status == "published"


def test_unit_upsert_creates_updates_and_reports_no_change():
    parent = UnitFactory(code="01", level="province", agency_id="")
    values = {
        "code": "10441", "valid_from": date(2008, 8, 1), "name": "Thị trấn Đại Nghĩa",
        "level": "commune", "kind": "thị trấn", "parent": parent, "agency_id": "000.01.82.H26",
    }  # fmt: skip
    unit, change = unit_upsert(**values)
    assert change is Change.CREATED and unit.agency_id == "000.01.82.H26"
    assert unit_upsert(**values)[1] is Change.UNCHANGED
    renamed, change = unit_upsert(**{**values, "name": "Thị trấn Mới", "agency_id": "x"})
    assert change is Change.UPDATED and renamed.pk == unit.pk
    renamed.refresh_from_db()
    assert (renamed.name, renamed.agency_id) == ("Thị trấn Mới", "000.01.82.H26")


def test_unit_upsert_refuses_a_duplicate_agency_id():
    UnitFactory(agency_id="000.01.82.H26")
    with pytest.raises(ValidationError):
        unit_upsert(
            code="10444", valid_from=date(2008, 8, 1), name="Xã Đồng Tâm", level="commune",
            agency_id="000.01.82.H26",
        )  # fmt: skip
    assert AdministrativeUnit.objects.count() == 1


def test_factory_versions_stay_compatible_with_the_services():
    version = ProcedureVersionFactory(status="draft")
    procedure_version_update(version=version, name="Đổi tên")
    assert procedure_version_publish(version=version).status == "published"
