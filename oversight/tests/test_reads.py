"""A supervisor's read of a dossier page is recorded; officers' reads are not logged here."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory, officer
from catalog.models import Level
from catalog.tests.factories import UnitFactory
from dossiers.tests.factories import received_dossier
from oversight.models import Programme, ReadLog

pytestmark = pytest.mark.django_db


def test_supervisor_reads_of_dossier_pages_are_logged_and_they_cannot_act(client):
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    unit = UnitFactory(parent=district)
    dossier = received_dossier(
        unit=unit, received_at=datetime(2017, 3, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    supervisor = officer(district, Role.SUPERVISOR)
    programme = Programme.objects.create(
        decision_number="02/NQ-HĐND",
        decision_date=date(2018, 4, 20),
        body="Ban Pháp chế",
        head="Trưởng ban",
        subject="Giám sát",
        period_start=date(2017, 1, 1),
        period_end=date(2018, 3, 31),
        created_by=UserFactory(),
        created_at="2018-04-20T08:00Z",
    )
    programme.units.set([unit])
    programme.members.add(supervisor)

    client.force_login(supervisor)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert dossier.code in page and "Bạn chỉ được xem hồ sơ này" in page
    read = ReadLog.objects.get()
    assert (read.user, read.dossier, read.programme, read.what) == (
        supervisor,
        dossier,
        programme,
        "dossier",
    )
    client.post(reverse("dossiers:act", args=[dossier.code, "note"]), {"note-text": "x"})
    assert dossier.events.count() == 1  # nothing written by a supervisor

    logged = ReadLog.objects.count()  # the refused action showed the page again: a read
    client.force_login(officer(unit, Role.RECEPTION))
    client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert ReadLog.objects.count() == logged
