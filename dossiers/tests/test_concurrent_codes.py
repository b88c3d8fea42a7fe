"""Codes stay unique and gapless when many officers receive at once (rules.md §4)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers.models import Dossier
from dossiers.tests.factories import received_dossier

THREADS, PER_THREAD = 8, 250


@pytest.mark.django_db(transaction=True)
def test_eight_threads_of_250_intakes_get_2000_gapless_codes():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: runs in the PostgreSQL pass of bin/test")
    unit = UnitFactory(agency_id="000.00.77.H26")
    version = ProcedureVersionFactory()
    RequiredPaperFactory(procedure_version=version, position=1)
    officers = [officer(unit, Role.RECEPTION) for _ in range(THREADS)]
    received_at = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

    def intake(actor):
        try:
            return [
                received_dossier(
                    unit=unit, version=version, actor=actor, received_at=received_at
                ).code
                for _ in range(PER_THREAD)
            ]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = [code for batch in pool.map(intake, officers) for code in batch]

    assert len(codes) == len(set(codes)) == THREADS * PER_THREAD
    sequences = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert sequences == list(range(1, THREADS * PER_THREAD + 1))
    assert Dossier.objects.filter(unit=unit).count() == THREADS * PER_THREAD
