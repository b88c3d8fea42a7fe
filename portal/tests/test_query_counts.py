"""Query-count pins of the public pages (issue #9): the same number of queries with 30
procedures, papers, units and history events as with 1, and no more than pinned. See
common.tests.querycount."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from common.tests.querycount import assert_flat_and_pinned, query_count
from dossiers.models import DossierEvent
from dossiers.tests.factories import received_dossier

pytestmark = pytest.mark.django_db

PINS = {
    "lookup form": 1,
    "lookup result": 1,  # the dossier with whether it was rated and its events (no session)
    "procedures": 6,
    "procedure": 4,
    "figures": 2,
    "unit figures": 31,
}


class Public:
    def __init__(self) -> None:
        self.unit = UnitFactory()
        self.version = ProcedureVersionFactory()
        self.clerk = officer(self.unit, Role.RECEPTION)
        self.rows = 0

    def grow(self, n: int) -> None:
        """Up to `n` procedures, papers of the first, units, and events of the dossier."""
        for i in range(self.rows, n):
            ProcedureVersionFactory()
            RequiredPaperFactory(procedure_version=self.version, position=i + 1)
            UnitFactory()
            if i == 0:
                self.dossier = received_dossier(
                    unit=self.unit, version=self.version, actor=self.clerk
                )
            else:
                DossierEvent.objects.create(
                    dossier=self.dossier,
                    action="note",
                    actor=officer(self.unit, Role.SPECIALIST),
                    at=timezone.now(),
                    to_status="received",
                )
        self.rows = n

    def counts(self, client) -> dict[str, int]:
        cache.clear()  # the look-up limit
        code = self.dossier.code
        client.post(reverse("portal:lookup"), {"code": code, "digits": "5678"})
        return {
            "lookup form": query_count(client, reverse("portal:lookup")),
            "lookup result": query_count(client, reverse("portal:lookup_result", args=[code])),
            "procedures": query_count(client, reverse("portal:procedures")),
            "procedure": query_count(
                client, reverse("portal:procedure", args=[self.version.procedure.code])
            ),
            "figures": query_count(client, reverse("portal:figures")),
            "unit figures": query_count(
                client, reverse("portal:unit_figures", args=[self.unit.code])
            ),
        }


def test_public_pages_make_as_many_queries_for_30_rows_as_for_1(client):
    public = Public()
    public.grow(1)
    few = public.counts(client)
    public.grow(30)
    many = public.counts(client)
    assert_flat_and_pinned(few, many, PINS)
