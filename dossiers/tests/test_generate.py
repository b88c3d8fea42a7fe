from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from catalog.models import Procedure
from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from dossiers.generate import dossiers_generate
from dossiers.models import Dossier, DossierCounter, DossierEvent, Outcome, Status
from dossiers.numbering import dossier_code_allocate
from reports.maintenance import rollup_check
from workcalendar.calendar import VN_TZ

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desks():
    units = [UnitFactory(valid_from=date(2008, 8, 1)) for _ in range(3)]
    ProcedureVersionFactory(time_rule_kind="same_day", time_rule_amount=0)
    ProcedureVersionFactory(time_rule_amount=3)
    return units


def snapshot():
    return list(
        Dossier.objects.order_by("code").values_list(
            "code", "unit_id", "status", "received_at", "due_at", "finished_at", "channel"
        )
    )


def test_generated_dossiers_follow_the_rules(desks):
    result = dossiers_generate(dossiers=1500, years=2, until=date(2026, 6, 30), procedures=8)
    assert result.procedures_created == 6
    assert Procedure.objects.count() == 8
    assert Dossier.objects.count() == result.dossiers > 1400
    assert DossierEvent.objects.count() == result.events
    # Codes: agency identifier, receipt date, gapless from 1 per unit-day; counters agree.
    numbers = defaultdict(list)
    for code, unit_id, agency_id, received_at in Dossier.objects.values_list(
        "code", "unit_id", "unit__agency_id", "received_at"
    ):
        day = received_at.astimezone(VN_TZ).date()
        prefix = f"{agency_id}-{day:%y%m%d}-"
        assert code.startswith(prefix)
        numbers[(unit_id, day)].append(int(code.removeprefix(prefix)))
    counters = {(c.unit_id, c.day): c.last for c in DossierCounter.objects.all()}
    assert counters.keys() == numbers.keys()
    for key, seen in numbers.items():
        assert sorted(seen) == list(range(1, len(seen) + 1))
        assert counters[key] == len(seen)
    # A realistic mix, and the history ends in the stored status.
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {Status.RETURNED, Status.IN_PROGRESS} <= statuses
    outcomes = set(Dossier.objects.values_list("outcome", flat=True))
    assert {Outcome.RESOLVED, Outcome.REFUSED, Outcome.WITHDRAWN} <= outcomes
    assert set(Dossier.objects.values_list("channel", flat=True)) == {"direct", "online", "postal"}
    for dossier in Dossier.objects.order_by("?")[:50]:
        assert dossier.events.order_by("at", "id").last().to_status == dossier.status
    assert rollup_check() == []


def test_same_seed_same_data_and_intake_continues(desks):
    dossiers_generate(dossiers=300, years=1, until=date(2026, 6, 30), procedures=3, seed=5)
    first = snapshot()
    Dossier.objects.all().delete()
    DossierCounter.objects.all().delete()
    dossiers_generate(dossiers=300, years=1, until=date(2026, 6, 30), procedures=3, seed=5)
    assert snapshot() == first
    # The sequences were reset: new rows get fresh ids, intake continues a generated day.
    dossier = Dossier.objects.get(code=first[-1][0])
    day = dossier.received_at.astimezone(VN_TZ).date()
    last = DossierCounter.objects.get(unit=dossier.unit, day=day).last
    with transaction.atomic():
        code = dossier_code_allocate(unit=dossier.unit, day=day)
    assert code.endswith(f"-{last + 1:04d}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('dossiers_dossier', 'id'))")
            assert cursor.fetchone()[0] > Dossier.objects.order_by("-id").first().id


def test_command_prints_rates_beside_the_baseline(desks, capsys):
    call_command("generate_dossiers", dossiers=200, years=1, procedures=3, no_progress=True)
    out = capsys.readouterr().out
    assert "rows/s" in out
    assert "baseline bare table" in out
    assert not connection.introspection.table_names().count("bench_baseline_dossiers_dossier")
