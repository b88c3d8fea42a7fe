"""Numbers never collide or skip when many officers write to one register at once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from registry.doctypes import DocumentType
from registry.models import IncomingLetter, OutgoingDocument
from registry.tests.factories import incoming_letter, outgoing_document

THREADS, PER_THREAD = 8, 100
pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(work, actors):
    def run(actor):
        try:
            return [work(actor, i) for i in range(PER_THREAD)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return [item for batch in pool.map(run, actors) for item in batch]


def _require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: runs in the PostgreSQL pass of bin/test")


def test_eight_threads_issue_800_outgoing_documents_without_gaps():
    _require_postgres()
    unit = UnitFactory()
    actors = [officer(unit, Role.SPECIALIST) for _ in range(THREADS)]

    def issue(actor, i):
        # Two series at once: công văn and quyết định interleave in every thread.
        doc_type = DocumentType.QUYET_DINH if i % 2 else DocumentType.CONG_VAN
        return outgoing_document(unit=unit, actor=actor, doc_type=doc_type).symbol

    symbols = _in_threads(issue, actors)
    assert len(symbols) == len(set(symbols)) == THREADS * PER_THREAD
    half = THREADS * PER_THREAD // 2
    for suffix in ("/UBND-VP", "/QĐ-UBND"):
        numbers = sorted(int(s.split("/")[0]) for s in symbols if s.endswith(suffix))
        assert numbers == list(range(1, half + 1)), suffix
    assert OutgoingDocument.objects.filter(unit=unit).count() == THREADS * PER_THREAD


def test_eight_threads_register_800_incoming_letters_without_gaps():
    _require_postgres()
    unit = UnitFactory()
    actors = [officer(unit, Role.RECEPTION) for _ in range(THREADS)]
    numbers = _in_threads(lambda actor, i: incoming_letter(unit=unit, actor=actor).number, actors)
    assert sorted(numbers) == list(range(1, THREADS * PER_THREAD + 1))
    assert IncomingLetter.objects.filter(unit=unit).count() == THREADS * PER_THREAD
    # timed under the number's lock: the register read by arrival time is in number order
    by_arrival = IncomingLetter.objects.filter(unit=unit).order_by("received_at", "number")
    assert list(by_arrival.values_list("number", flat=True)) == sorted(numbers)
