"""Query-count pins of the report pages (issue #9): the same number of queries for a district
of 30 communes (with their dossiers, procedures and overdue dossiers) as for 1, and no more
than pinned. See common.tests.querycount."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import Level
from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from common.tests.querycount import assert_flat_and_pinned, query_count
from dossiers.models import Outcome, Status
from dossiers.tests.factories import DossierFactory
from workcalendar.calendar import VN_TZ

pytestmark = pytest.mark.django_db

# Each report from the rollup is 5 queries (the grouped sums, then the dossiers changed since
# today's midnight along four indexes); each page adds the two-factor device (django-otp).
PINS = {  # + 1 each: the header asks whether the user works at a desk (its counter link)
    "report by unit": 16,
    "report by procedure": 15,
    "dashboard": 30,
    "evaluation": 22,
    "decision766": 22,
}


class District:
    def __init__(self) -> None:
        self.unit = UnitFactory(level=Level.DISTRICT, agency_id="")
        self.overseer = officer(self.unit, Role.OVERSEER)
        self.communes: list = []

    def grow(self, n: int) -> None:
        """Up to `n` communes, each with a finished and an overdue dossier of its own procedure."""
        now = timezone.now()
        for _ in range(len(self.communes), n):
            commune = UnitFactory(parent=self.unit)
            version = ProcedureVersionFactory()
            self.communes.append(commune)
            DossierFactory(
                unit=commune,
                procedure_version=version,
                status=Status.RETURNED,
                received_at=now - timedelta(days=5),
                due_at=now - timedelta(days=2),
                finished_at=now - timedelta(days=1),
                outcome=Outcome.RESOLVED,
            )
            DossierFactory(
                unit=commune,
                procedure_version=version,
                assignee=officer(commune, Role.SPECIALIST),
                received_at=now - timedelta(days=9),
                due_at=now - timedelta(days=3),
            )

    def counts(self, client) -> dict[str, int]:
        client.force_login(self.overseer)
        today = timezone.localdate()
        period = {"date_from": (today - timedelta(days=30)).isoformat(), "date_to": today}
        page = reverse("reports:report")
        return {
            "report by unit": query_count(client, page, {**period, "group_by": "unit"}),
            "report by procedure": query_count(client, page, {**period, "group_by": "procedure"}),
            "dashboard": query_count(client, reverse("reports:dashboard"), period),
            "evaluation": query_count(
                client, reverse("reports:evaluation"), {"kind": "year", "year": today.year}
            ),
            "decision766": query_count(client, reverse("reports:decision766"), period),
        }


# A fixed day: the dashboard's queries grow with the months its 30 days touch (three around
# 1 March, two otherwise).
@time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=VN_TZ), tick=False)
def test_report_pages_make_as_many_queries_for_30_communes_as_for_1(client):
    district = District()
    district.grow(1)
    few = district.counts(client)
    district.grow(30)
    many = district.counts(client)
    assert_flat_and_pinned(few, many, PINS)
