"""Concurrent intakes and transitions on PostgreSQL keep the rollup exact: the upserts
(INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n) lose no update and, written in key
order, do not deadlock."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services
from dossiers.models import Dossier
from dossiers.tests.factories import received_dossier
from reports.engine import report
from reports.maintenance import rollup_check
from workcalendar.calendar import VN_TZ

THREADS, PER_THREAD = 6, 30


@pytest.mark.django_db(transaction=True)
@time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=VN_TZ), tick=True)  # all on one day
def test_concurrent_intakes_and_transitions_keep_the_rollup_exact():
    if connection.vendor != "postgresql":
        pytest.skip("upserts under real concurrency: runs in the PostgreSQL pass of bin/test")
    units = [UnitFactory(), UnitFactory()]
    version = ProcedureVersionFactory()
    RequiredPaperFactory(procedure_version=version, position=1)
    staff = [officer(unit, Role.RECEPTION, Role.SPECIALIST, Role.APPROVER) for unit in units]

    def work(n: int) -> None:
        unit, actor = units[n % 2], staff[n % 2]
        try:
            for i in range(PER_THREAD):
                dossier = received_dossier(unit=unit, version=version, actor=actor)
                # Every thread finishes dossiers of the same unit, version and day: the
                # same rollup rows, with no lock in common but the rows themselves.
                if i % 3 == 0:
                    services.dossier_withdraw(actor=actor, dossier=dossier, reason="Rút")
                elif i % 3 == 1:
                    services.dossier_refuse(actor=actor, dossier=dossier, reason="Không đủ")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(work, range(THREADS)))

    assert Dossier.objects.count() == THREADS * PER_THREAD
    assert rollup_check() == []
    today = timezone.localdate()
    kwargs = {"date_from": today, "date_to": today, "as_of": timezone.now()}
    rolled = report(**kwargs)
    assert rolled == report(source="direct", **kwargs)
    assert rolled.total.received_new == THREADS * PER_THREAD
    assert rolled.total.resolved_withdrawn == THREADS * PER_THREAD // 3
