"""Query-count pins of the officer pages (issue #9): the same number of queries with 30
dossiers (events, attachments) as with 1, and no more than pinned. See common.tests.querycount."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from common.tests.querycount import assert_flat_and_pinned, query_count
from dossiers.models import DossierAttachment, DossierEvent, Status
from dossiers.selectors import QUEUES
from dossiers.tests.factories import DossierFactory, received_dossier

pytestmark = pytest.mark.django_db

# Every signed-in page: + the two-factor device (django-otp). The dossier page: + the audit
# entry of the read (head row, insert, head update) and the personal-data rules (dossiers.privacy).
PINS = {  # the queues read the rows' units in a query of their own (dossiers.selectors);
    # every page's header asks whether the user works at a desk (its counter link)
    "home": 17,
    **{f"queue {name}": 17 for name in QUEUES},
    "queue due_soon": 18,  # + the calendar for "2 working days ahead"
    "queue unit, filtered": 17,
    "counter": 9,
    "detail": 25,
    "book": 11,  # + the officer's desk, chosen first
}
KINDS = [  # (status, due in, assigned to the officer): every queue shows each
    (Status.IN_PROGRESS, timedelta(hours=2), True),
    (Status.IN_PROGRESS, timedelta(days=-2), True),
    (Status.IN_PROGRESS, timedelta(days=1), False),
    (Status.AWAITING_APPROVAL, timedelta(hours=3), True),
    (Status.RESULT_READY, timedelta(days=1), False),
    (Status.AWAITING_SUPPLEMENT, timedelta(days=2), True),
]


class Desk:
    def __init__(self) -> None:
        self.unit = UnitFactory()
        self.user = officer(self.unit, Role.RECEPTION, Role.SPECIALIST, Role.APPROVER)
        self.dossier = received_dossier(unit=self.unit, actor=self.user)
        self.rows = 0

    def grow(self, n: int) -> None:
        """Up to `n` dossiers of each kind (each with its own procedure version and
        assignee), and `n` events and attachments on self.dossier by different officers."""
        now = timezone.now()
        for i in range(self.rows, n):
            for status, due_in, mine in KINDS:
                DossierFactory(
                    unit=self.unit,
                    procedure_version=ProcedureVersionFactory(),
                    status=status,
                    received_at=now - timedelta(days=3),
                    due_at=now + due_in,
                    assignee=self.user if mine else officer(self.unit, Role.SPECIALIST),
                    applicant_name=f"Nguyễn Văn {i}",
                )
            actor = officer(self.unit, Role.SPECIALIST)
            DossierEvent.objects.create(
                dossier=self.dossier, action="note", actor=actor, at=now, to_status="received"
            )
            DossierAttachment.objects.create(
                dossier=self.dossier,
                name=f"scan-{i}.pdf",
                content_type="application/pdf",
                size=10,
                sha256=f"{i:064d}",
                file=f"attachments/x/{i}",
                uploaded_by=actor,
                uploaded_at=now,
            )
        self.rows = n

    def counts(self, client) -> dict[str, int]:
        client.force_login(self.user)
        counts = {"home": query_count(client, reverse("dossiers:home"))}
        for name in QUEUES:
            url = reverse("dossiers:queue", args=[name])
            counts[f"queue {name}"] = query_count(client, url)
        counts["queue unit, filtered"] = query_count(
            client, reverse("dossiers:queue", args=["unit"]), {"q": "nguyen van", "trang": "1"}
        )
        counts["counter"] = query_count(client, reverse("dossiers:counter"))
        counts["detail"] = query_count(client, reverse("dossiers:detail", args=[self.dossier.code]))
        counts["book"] = query_count(client, reverse("dossiers:book"))
        return counts


def test_officer_pages_make_as_many_queries_for_30_rows_as_for_1(client):
    desk = Desk()
    desk.grow(1)
    few = desk.counts(client)
    desk.grow(30)
    many = desk.counts(client)
    assert_flat_and_pinned(few, many, PINS)
