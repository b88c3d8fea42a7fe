"""Selectors answer by date: reused codes, windows [from, to), drafts never returned."""

from datetime import date

import pytest

from catalog.models import ProcedureVersion
from catalog.selectors import (
    NotFound,
    procedure_version_in_force,
    procedure_versions_in_force,
    receiving_units,
    unit_in_force,
)
from catalog.tests.factories import ProcedureFactory, ProcedureVersionFactory, UnitFactory

pytestmark = pytest.mark.django_db

DRAFT = ProcedureVersion.Status.DRAFT


def test_a_reused_code_resolves_to_the_unit_of_that_day():
    bot_xuyen = UnitFactory(
        code="10459", name="Xã Bột Xuyên", valid_from=date(2008, 8, 1), valid_to=date(2020, 1, 1)
    )
    my_xuyen = UnitFactory(
        code="10459", name="Xã Mỹ Xuyên", valid_from=date(2020, 1, 1), valid_to=date(2025, 7, 1)
    )
    phuc_son = UnitFactory(code="10459", name="Xã Phúc Sơn", valid_from=date(2025, 7, 1))
    assert unit_in_force("10459", date(2019, 12, 31)) == bot_xuyen
    assert unit_in_force("10459", date(2020, 1, 1)) == my_xuyen
    assert unit_in_force("10459", date(2025, 6, 30)) == my_xuyen
    assert unit_in_force("10459", date(2025, 7, 1)) == phuc_son


def test_a_unit_outside_its_window_is_not_found_with_a_vietnamese_message():
    UnitFactory(code="10456", valid_from=date(2008, 8, 1), valid_to=date(2020, 1, 1))
    with pytest.raises(NotFound, match=r"Không có đơn vị hành chính mã 10456 .* 01/01/2020"):
        unit_in_force("10456", date(2020, 1, 1))
    with pytest.raises(NotFound):
        unit_in_force("10456", date(2008, 7, 31))


def test_receiving_units_are_those_with_an_agency_id_existing_that_day():
    desk = UnitFactory(valid_from=date(2020, 1, 1))
    UnitFactory(valid_from=date(2020, 1, 1), agency_id="")  # receives nothing
    UnitFactory(valid_from=date(2008, 1, 1), valid_to=date(2020, 1, 1))  # gone
    UnitFactory(valid_from=date(2025, 7, 1))  # not yet
    assert list(receiving_units(date(2021, 1, 1))) == [desk]


def test_the_published_version_whose_window_holds_the_day_is_returned():
    procedure = ProcedureFactory(code="1.004873")
    v1 = ProcedureVersionFactory(
        procedure=procedure, version=1, effective_from=date(2016, 1, 1),
        effective_to=date(2025, 7, 1),
    )  # fmt: skip
    v2 = ProcedureVersionFactory(procedure=procedure, version=2, effective_from=date(2025, 7, 1))
    assert procedure_version_in_force("1.004873", date(2016, 1, 1)) == v1
    assert procedure_version_in_force("1.004873", date(2025, 6, 30)) == v1
    assert procedure_version_in_force("1.004873", date(2025, 7, 1)) == v2
    with pytest.raises(NotFound, match=r"1\.004873 không có phiên bản đã công bố .* 31/12/2015"):
        procedure_version_in_force("1.004873", date(2015, 12, 31))


def test_drafts_are_never_returned():
    procedure = ProcedureFactory(code="1.001193")
    published = ProcedureVersionFactory(procedure=procedure, version=1)
    ProcedureVersionFactory(
        procedure=procedure, version=2, status=DRAFT, effective_from=date(2020, 1, 1)
    )
    draft_only = ProcedureVersionFactory(status=DRAFT)
    assert procedure_version_in_force("1.001193", date(2021, 1, 1)) == published
    with pytest.raises(NotFound):
        procedure_version_in_force(draft_only.procedure.code, date(2021, 1, 1))
    assert list(procedure_versions_in_force(date(2021, 1, 1))) == [published]


def test_versions_in_force_lists_one_version_per_procedure_on_that_day():
    a = ProcedureVersionFactory(procedure=ProcedureFactory(code="1.000001"))
    ProcedureVersionFactory(effective_from=date(2030, 1, 1))  # not yet in force
    old = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000002"), effective_to=date(2020, 1, 1)
    )
    new = ProcedureVersionFactory(
        procedure=old.procedure, version=2, effective_from=date(2020, 1, 1)
    )
    assert list(procedure_versions_in_force(date(2019, 1, 1))) == [a, old]
    assert list(procedure_versions_in_force(date(2024, 1, 1))) == [a, new]
