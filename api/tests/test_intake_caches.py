"""The API's intake keeps the catalogue, the calendar and the token in each process while
their change stamps hold (common.stamps). Those stamps live in the database, written by
triggers: an edit made by another process, or behind the ORM's back, reaches the very next
intake of every process, whose due time must equal one computed from freshly read rows."""

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection

from api.tests.conftest import intake_body
from catalog.selectors import procedure_version_in_force
from workcalendar.calendar import VN_TZ, WorkCalendar
from workcalendar.models import AnnouncedDay
from workcalendar.services import due_for

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = datetime(2024, 10, 1, 9, 0, tzinfo=VN_TZ)  # a Tuesday


def fresh_due(world) -> datetime:
    """The due time from rows read now, without any of the process's kept copies."""
    version = procedure_version_in_force(world.version.procedure.code, RECEIVED.date())
    rows = AnnouncedDay.objects.values_list("date", "kind")
    calendar = WorkCalendar({d: k == AnnouncedDay.Kind.WORKING_DAY for d, k in rows})
    due = due_for(
        received_at=RECEIVED,
        rule=version.time_rule,
        sessions=world.unit_a.sessions(),
        calendar=calendar,
    )
    return due.due_at


def intake_due(world) -> datetime:
    body = intake_body(world, received_at=RECEIVED.isoformat())
    response = world.client.post_json("/api/v1/dossiers", body)
    assert response.status_code == 201, response.content
    return datetime.fromisoformat(response.json()["due_at"].replace("Z", "+00:00"))


@pytest.mark.django_db
def test_intake_follows_edits_made_behind_the_orms_back(world):
    """No signal, no save(): only the database's stamps can tell the process."""
    first = intake_due(world)
    assert first == fresh_due(world)
    assert first.astimezone(VN_TZ).date() == date(2024, 10, 4)  # 3 working days
    intake_due(world)  # now from the kept copies
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_procedureversion SET time_rule_amount = 5 WHERE id = %s",
            [world.version.pk],
        )
    second = intake_due(world)
    assert second == fresh_due(world)
    assert second.astimezone(VN_TZ).date() == date(2024, 10, 8)
    AnnouncedDay.objects.bulk_create(
        [AnnouncedDay(date=date(2024, 10, 3), kind="day_off", name="nghỉ", source="thử")]
    )
    third = intake_due(world)
    assert third == fresh_due(world)
    assert third.astimezone(VN_TZ).date() == date(2024, 10, 9)
    AnnouncedDay.objects.filter(date=date(2024, 10, 3)).update(kind="working_day")
    assert intake_due(world) == second == fresh_due(world)


EDIT_IN_ANOTHER_PROCESS = """
import django
django.setup()
from datetime import date
from catalog.models import ProcedureVersion
from workcalendar.models import AnnouncedDay
what, pk = "{what}", {pk}
if what == "version":
    version = ProcedureVersion.objects.get(pk=pk)
    version.time_rule_amount = 5
    version.save()
else:
    AnnouncedDay.objects.create(date=date(2024, 10, 3), kind="day_off", name="nghỉ", source="thử")
"""


def edit_in_another_process(what: str, pk: int) -> None:
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "motcua.settings_test"}
    code = EDIT_IN_ANOTHER_PROCESS.format(what=what, pk=pk)
    subprocess.run(  # noqa: S603 (our own code, the test database)
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120
    )


@pytest.mark.django_db(transaction=True)
def test_intake_follows_edits_committed_by_another_process(world):
    """An administrator's edit saved by another process (the admin's worker, a command)
    reaches this process's next intake: through the database's stamps, nothing else."""
    if connection.vendor != "postgresql":
        pytest.skip("another process shares the test database only on PostgreSQL")
    first = intake_due(world)
    assert first.astimezone(VN_TZ).date() == date(2024, 10, 4)
    assert intake_due(world) == first  # from the kept copies
    edit_in_another_process("version", world.version.pk)
    second = intake_due(world)
    assert second == fresh_due(world)
    assert second.astimezone(VN_TZ).date() == date(2024, 10, 8)
    edit_in_another_process("calendar", 0)
    third = intake_due(world)
    assert third == fresh_due(world)
    assert third.astimezone(VN_TZ).date() == date(2024, 10, 9)
