from collections import defaultdict
from datetime import date
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Role
from accounts.tests.factories import UserFactory
from catalog.models import Level
from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from dossiers.demo import demo_seed
from dossiers.demo_users import DEMO_PASSWORD, demo_logins
from dossiers.models import Dossier, DossierEvent, Outcome, Status
from workcalendar.services import desk_open_at, due_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def desks():
    units = [UnitFactory(valid_from=date(2008, 8, 1)) for _ in range(3)]
    ProcedureVersionFactory(time_rule_kind="same_day", time_rule_amount=0)
    ProcedureVersionFactory(time_rule_amount=3)
    ProcedureVersionFactory(time_rule_amount=5)
    return units


def snapshot():
    return list(
        Dossier.objects.order_by("code").values_list(
            "code", "unit__code", "status", "received_at", "due_at", "finished_at", "channel"
        )
    )


def test_same_seed_same_data(desks):
    demo_seed(dossiers=400, since=date(2024, 1, 1), seed=7)
    first = snapshot()
    Dossier.objects.all().delete()
    demo_seed(dossiers=400, since=date(2024, 1, 1), seed=7)
    assert snapshot() == first
    Dossier.objects.all().delete()
    demo_seed(dossiers=400, since=date(2024, 1, 1), seed=8)
    assert snapshot() != first


def test_demo_data_is_varied_and_consistent(desks):
    result = demo_seed(dossiers=3000, since=date(2023, 1, 1), seed=1)
    assert result.dossiers == Dossier.objects.count() == 3000  # a draw still to come is redrawn
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {Status.RETURNED, Status.REFUSED, Status.WITHDRAWN} <= statuses
    outcomes = set(Dossier.objects.values_list("outcome", flat=True))
    assert outcomes == {"", Outcome.RESOLVED, Outcome.REFUSED, Outcome.WITHDRAWN}
    assert {"online", "direct", "postal"} == set(Dossier.objects.values_list("channel", flat=True))
    finished = Dossier.objects.exclude(finished_at=None)
    late = [d for d in finished if d.finished_at > d.due_at]
    assert 0.01 < len(late) / finished.count() < 0.12
    assert DossierEvent.objects.filter(action="request_supplement").exists()
    waiting = Dossier.objects.filter(status=Status.AWAITING_SUPPLEMENT)
    assert all(d.clock_stopped_at is not None for d in waiting)
    assert (
        not Dossier.objects.exclude(status=Status.AWAITING_SUPPLEMENT)
        .filter(clock_stopped_at__isnull=False)
        .exists()
    )
    assert DossierEvent.objects.filter(action="apologise").exists()
    rescheduled = Dossier.objects.exclude(appointment_at=None).select_related("unit")
    assert rescheduled.exists()
    assert all(  # as dossier_apologise requires: when the desk is open
        desk_open_at(moment=d.appointment_at, sessions=d.unit.sessions()) for d in rescheduled
    )

    by_day = defaultdict(list)
    for dossier in Dossier.objects.select_related("procedure_version", "unit"):
        prefix, seq = dossier.code.rsplit("-", 1)
        by_day[prefix].append(int(seq))
        events = list(dossier.events.order_by("at", "id"))
        assert events[0].action == "receive" and events[-1].to_status == dossier.status
        assert all(a.to_status == b.from_status for a, b in pairwise(events))
        assert all(a.at <= b.at for a, b in pairwise(events))
        if not events[1:] or all(e.action != "resubmit" for e in events):
            due = due_for(received_at=dossier.received_at, rule=dossier.procedure_version.time_rule)
            assert (dossier.effective_start, dossier.due_at) == (due.effective_start, due.due_at)
    assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in by_day.values())


def test_command_prints_and_refuses_a_second_seed(desks, capsys):
    call_command("seed_demo", "--dossiers", "50", "--since", "2025-01-01", "--no-progress")
    assert "Đã tạo" in capsys.readouterr().out
    with pytest.raises(CommandError, match="đã có hồ sơ"):
        call_command("seed_demo", "--dossiers", "50", "--no-progress")
    call_command("seed_demo", "--if-empty", "--no-progress")
    assert "giữ nguyên" in capsys.readouterr().out
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "tiepnhan." in out and "admin" in out
    assert "xác thực hai bước bắt buộc" in out  # the admin enrols a TOTP app first


def test_demo_logins_one_line_per_account_naming_its_units():
    district = UnitFactory(
        name="Huyện Mỹ Đức", level=Level.DISTRICT, kind="huyện", valid_to=date(2025, 7, 1)
    )
    province = UnitFactory(name="Thành phố Hà Nội", level=Level.PROVINCE, kind="thành phố")
    ended = UnitFactory(name="Xã Cũ", valid_to=date(2025, 7, 1))
    current = UnitFactory(name="Xã Mới")
    overseer = UserFactory(username="theodoi.myduc")
    Membership.objects.create(user=overseer, unit=district, role=Role.OVERSEER)
    Membership.objects.create(user=overseer, unit=province, role=Role.OVERSEER)
    Membership.objects.create(
        user=UserFactory(username="tiepnhan.cu"), unit=ended, role=Role.RECEPTION
    )
    Membership.objects.create(
        user=UserFactory(username="tiepnhan.moi"), unit=current, role=Role.RECEPTION
    )
    logins = {login.username: login for login in demo_logins()}
    assert set(logins) == {"theodoi.myduc", "tiepnhan.moi"}
    assert logins["theodoi.myduc"].unit == "Thành phố Hà Nội; Huyện Mỹ Đức (đến 30/06/2025)"
    assert logins["tiepnhan.moi"].unit == "Xã Mới"
