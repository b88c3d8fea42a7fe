"""Query-count pins of the API (issue #9): the same number of queries with 30 dossiers,
procedures and events as with 1, and no more than pinned. See common.tests.querycount."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory
from common.tests.querycount import assert_flat_and_pinned, query_count
from dossiers.models import DossierEvent
from dossiers.tests.factories import received_dossier

pytestmark = pytest.mark.django_db

PINS = {
    "dossiers list": 8,  # + the audit entry naming the dossiers listed
    "dossiers list, filtered": 8,
    "dossiers get": 8,  # + the audit entry of the read
    "attachments list": 5,
    "procedures list": 2,
    "procedures get": 3,
    "units list": 3,
    "reports by unit": 14,  # + the audit entry of the export
    "reports by procedure": 15,
    "lookup": 1,
}


def grow(world, dossiers: list, n: int) -> None:
    """Up to `n` dossiers, each under its own procedure version, and `n` events on the first."""
    for i in range(len(dossiers), n):
        version = ProcedureVersionFactory()
        RequiredPaperFactory(procedure_version=version, position=1)
        dossiers.append(
            received_dossier(
                unit=world.unit_a,
                version=version,
                actor=world.user,
                received_at=timezone.now() - timedelta(days=i % 20),
            )
        )
        DossierEvent.objects.create(
            dossier=dossiers[0], action="note", actor=world.user, at=timezone.now(), to_status="x"
        )


def counts(world, dossiers: list) -> dict[str, int]:
    client, first = world.client, dossiers[0]
    today = timezone.localdate()
    period = {"from": (today - timedelta(days=60)).isoformat(), "to": today.isoformat()}
    client.get("/api/v1/units")  # the token's first use of the minute writes its last use
    return {
        "dossiers list": query_count(client, "/api/v1/dossiers"),
        "dossiers list, filtered": query_count(
            client, "/api/v1/dossiers", {"status": "received", "limit": 50}
        ),
        "dossiers get": query_count(client, f"/api/v1/dossiers/{first.code}"),
        "attachments list": query_count(client, f"/api/v1/dossiers/{first.code}/attachments"),
        "procedures list": query_count(client, "/api/v1/procedures"),
        "procedures get": query_count(
            client, f"/api/v1/procedures/{first.procedure_version.procedure.code}"
        ),
        "units list": query_count(client, "/api/v1/units"),
        "reports by unit": query_count(client, "/api/v1/reports", period),
        "reports by procedure": query_count(
            client, "/api/v1/reports", {**period, "group_by": "procedure"}
        ),
        "lookup": query_count(
            client,
            "/api/v1/lookup",
            {"code": first.code, "digits": "5678"},
            method="post",
            content_type="application/json",
        ),
    }


def test_endpoints_make_as_many_queries_for_30_rows_as_for_1(world):
    dossiers: list = []
    grow(world, dossiers, 1)
    # Once to fill this process's copies of what the change stamps guard (common.stamps: the
    # token's user and its roles, the calendar), which a later request finds kept.
    counts(world, dossiers)
    few = counts(world, dossiers)
    grow(world, dossiers, 30)
    many = counts(world, dossiers)
    assert_flat_and_pinned(few, many, PINS)
