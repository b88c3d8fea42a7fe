"""Query-count pins of the register pages (issue #9): the same number of queries with 30
letters and documents as with 1, and no more than pinned. See common.tests.querycount."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from common.tests.querycount import assert_flat_and_pinned, query_count
from registry.tests.factories import incoming_letter, outgoing_document

pytestmark = pytest.mark.django_db

# + the two-factor device, + the header's question whether the user works at a desk
PINS = {"incoming": 15, "outgoing": 14, "due": 12, "book": 11}


class Office:
    def __init__(self) -> None:
        self.unit = UnitFactory()
        self.clerk = officer(self.unit, Role.RECEPTION, Role.SPECIALIST)
        self.rows = 0

    def grow(self, n: int) -> None:
        """Up to `n` letters with a reply deadline and `n` documents, by different officers."""
        for _ in range(self.rows, n):
            actor = officer(self.unit, Role.RECEPTION, Role.SPECIALIST)
            incoming_letter(unit=self.unit, actor=actor, reply_days=5)
            outgoing_document(unit=self.unit, actor=actor)
        self.rows = n

    def counts(self, client) -> dict[str, int]:
        client.force_login(self.clerk)
        return {
            "incoming": query_count(client, reverse("registry:incoming_list")),
            "outgoing": query_count(client, reverse("registry:outgoing_list")),
            "due": query_count(client, reverse("registry:due")),
            "book": query_count(client, reverse("registry:book")),
        }


def test_register_pages_make_as_many_queries_for_30_rows_as_for_1(client):
    office = Office()
    office.grow(1)
    few = office.counts(client)
    office.grow(30)
    many = office.counts(client)
    assert_flat_and_pinned(few, many, PINS)
