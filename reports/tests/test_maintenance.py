"""rollup_check finds a tampered rollup and --repair sets it right; rollup_rebuild."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from dossiers.models import Outcome
from reports.maintenance import rollup_check
from reports.models import DailyCounter, Grain
from reports.tests.helpers import at, dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers():
    unit, version = UnitFactory(code="10444", name="Xã Đồng Tâm"), ProcedureVersionFactory()
    dossier(
        unit=unit,
        procedure_version=version,
        received_at=at(2018, 3, 5, 9),
        due_at=at(2018, 3, 8, 17),
    )
    dossier(
        unit=unit,
        procedure_version=version,
        received_at=at(2018, 3, 5, 10),
        due_at=at(2018, 3, 8, 17),
        finished_at=at(2018, 3, 9, 8),
        outcome=Outcome.RESOLVED,
    )
    return unit


def run(*args) -> str:
    out = StringIO()
    call_command("rollup_check", "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_a_consistent_rollup_passes(dossiers):
    assert rollup_check() == []
    assert "khớp" in run()


def test_a_tampered_row_is_found_and_repaired(dossiers):
    row = DailyCounter.objects.get(grain=Grain.DAY, day="2018-03-05")
    row.received_direct = 7
    row.save()
    DailyCounter.objects.filter(grain=Grain.YEAR).delete()  # a missing row, too
    DailyCounter.objects.create(  # and one that should not be there
        grain=Grain.DAY,
        day="2019-01-01",
        unit_id=row.unit_id,
        procedure_version_id=row.procedure_version_id,
        overdue=3,
    )

    differences = rollup_check()
    assert len(differences) == 3
    with pytest.raises(CommandError, match="3 dòng sai lệch; chạy lại với --repair"):
        run()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rollup_check", "--no-progress", stdout=out)
    assert "Sai lệch ngày 05/03/2018, Xã Đồng Tâm (10444)" in out.getvalue()
    assert "received_direct: đang lưu 7, đúng là 2" in out.getvalue()

    assert "Đã sửa 3 dòng" in run("--repair")
    assert rollup_check() == []
    assert not DailyCounter.objects.filter(day="2019-01-01").exists()
    assert DailyCounter.objects.get(grain=Grain.DAY, day="2018-03-05").received_direct == 2


def test_rebuild_writes_the_same_rows(dossiers):
    before = set(DailyCounter.objects.values_list())
    ids = {row[0] for row in before}
    DailyCounter.objects.update(received_direct=99)
    out = StringIO()
    call_command("rollup_rebuild", "--no-progress", stdout=out)
    assert "Đã tính lại" in out.getvalue()
    after = {row[1:] for row in DailyCounter.objects.values_list()}
    assert after == {row[1:] for row in before}
    assert rollup_check() == []
    assert ids  # the rows existed before
