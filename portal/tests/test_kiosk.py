"""Kiosk mode: queue numbers gapless per unit, line and day; the counter calls the next
number (officers of that unit only); the public display shows who is called."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from portal.errors import PortalError
from portal.models import QueueTicket, TicketStatus
from portal.queue import GENERAL_LINE, service_lines
from portal.services import queue_ticket_call_next, queue_ticket_take
from portal.tests.factories import at, catalogue, desk

pytestmark = pytest.mark.django_db
MORNING = at(2026, 3, 2, 8, 30)


@pytest.fixture
def unit():
    catalogue()  # Hộ tịch at commune level, Chứng thực at district level
    return UnitFactory(name="Xã Hồng Sơn", code="09876")


def numbers(unit, line, day=None):
    tickets = QueueTicket.objects.filter(unit=unit, line=line)
    if day:
        tickets = tickets.filter(day=day)
    return list(tickets.order_by("number").values_list("number", flat=True))


def test_lines_are_a_general_counter_and_the_fields_of_the_units_level(unit):
    assert service_lines(unit=unit, on=MORNING.date()) == [GENERAL_LINE, "Hộ tịch"]


def test_numbers_are_gapless_per_unit_line_and_day(unit):
    other = UnitFactory()
    with time_machine.travel(MORNING, tick=False):
        for _ in range(3):
            queue_ticket_take(unit=unit, line="Hộ tịch")
        queue_ticket_take(unit=unit, line=GENERAL_LINE)
        queue_ticket_take(unit=other, line="Hộ tịch")
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_ticket_take(unit=unit, line="Hộ tịch")  # taken, then rolled back
            raise RuntimeError
        queue_ticket_take(unit=unit, line="Hộ tịch")
    assert numbers(unit, "Hộ tịch") == [1, 2, 3, 4]
    assert numbers(unit, GENERAL_LINE) == [1]
    assert numbers(other, "Hộ tịch") == [1]
    with time_machine.travel(at(2026, 3, 3, 8), tick=False):
        queue_ticket_take(unit=unit, line="Hộ tịch")
    assert numbers(unit, "Hộ tịch", day=at(2026, 3, 3, 8).date()) == [1]  # a new day


@pytest.mark.django_db(transaction=True)
def test_kiosks_taking_numbers_at_once_get_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: runs in the PostgreSQL pass")
    unit = UnitFactory()

    def take(_):
        try:
            return [queue_ticket_take(unit=unit, line="Hộ tịch").number for _ in range(25)]
        finally:
            connections.close_all()

    with time_machine.travel(MORNING, tick=True), ThreadPoolExecutor(max_workers=8) as pool:
        taken = [n for batch in pool.map(take, range(8)) for n in batch]  # on one day
    assert sorted(taken) == list(range(1, 201))


def test_call_next_takes_the_lowest_waiting_number_and_serves_the_previous(unit):
    clerk = officer(unit, Role.RECEPTION)
    with time_machine.travel(MORNING, tick=False):
        first, second = (queue_ticket_take(unit=unit, line="Hộ tịch") for _ in range(2))
        called = queue_ticket_call_next(
            actor=clerk, unit=unit, line="Hộ tịch", counter_label="Quầy 1"
        )
        assert called.pk == first.pk and called.status == TicketStatus.CALLED
        assert called.counter_label == "Quầy 1" and called.called_at == MORNING
        again = queue_ticket_call_next(
            actor=clerk, unit=unit, line="Hộ tịch", counter_label="Quầy 1"
        )
        assert again.pk == second.pk
        first.refresh_from_db()
        assert first.status == TicketStatus.SERVED
        assert (
            queue_ticket_call_next(actor=clerk, unit=unit, line="Hộ tịch", counter_label="Quầy 1")
            is None
        )
    second.refresh_from_db()
    assert second.status == TicketStatus.SERVED


def test_only_officers_of_the_unit_call_numbers(unit):
    stranger = officer(UnitFactory(), Role.RECEPTION)
    with time_machine.travel(MORNING, tick=False):
        queue_ticket_take(unit=unit, line="Hộ tịch")
        with pytest.raises(PortalError):
            queue_ticket_call_next(actor=stranger, unit=unit, line="Hộ tịch", counter_label="Q1")
    assert QueueTicket.objects.get().status == TicketStatus.WAITING


def test_kiosk_pages_take_a_ticket_and_print_it(client, unit):
    home = client.get(reverse("portal:kiosk", args=[unit.code])).content.decode()
    for button in ("Tra cứu thủ tục", "Tra cứu hồ sơ", "Lấy số thứ tự"):
        assert button in home
    take = reverse("portal:ticket_take", args=[unit.code])
    page = client.get(take).content.decode()
    assert "Hộ tịch" in page and GENERAL_LINE in page
    client.post(take, {"line": "Hộ tịch"})
    response = client.post(take, {"line": "Hộ tịch"})
    ticket = QueueTicket.objects.get(number=2)
    assert response["Location"] == reverse("portal:ticket_print", args=[unit.code, ticket.pk])
    printed = client.get(response["Location"]).content.decode()
    assert 'id="ticket-number">002<' in printed and "Có 1 người chờ trước ông/bà." in printed
    assert client.post(take, {"line": "Không có"}).status_code == 404
    assert client.get(reverse("portal:kiosk", args=["00000"])).status_code == 404


def test_call_next_page_flow_and_display(client, unit):
    clerk = officer(unit, Role.RECEPTION)
    take = reverse("portal:ticket_take", args=[unit.code])
    for _ in range(2):
        client.post(take, {"line": "Hộ tịch"})
    url = reverse("portal:call_next", args=[unit.code])
    assert "/tai-khoan/dang-nhap/" in client.get(url)["Location"]
    client.force_login(clerk)
    response = client.post(url, {"line": "Hộ tịch", "counter_label": "Quầy 2"}, follow=True)
    assert "Mời số 001 (Hộ tịch) đến Quầy 2." in response.content.decode()
    assert QueueTicket.objects.get(number=1).status == TicketStatus.CALLED
    board = client.get(reverse("portal:display_board", args=[unit.code])).content.decode()
    assert "001" in board and "Quầy 2" in board
    assert 'hx-trigger="every 3s"' in board
    display = client.get(reverse("portal:display", args=[unit.code])).content.decode()
    assert 'id="board"' in display and "001" in display
    page = client.get(url).content.decode()
    assert 'value="Quầy 2"' in page  # the counter's name is remembered


def test_an_officer_of_another_unit_gets_404(client, unit):
    client.post(reverse("portal:ticket_take", args=[unit.code]), {"line": "Hộ tịch"})
    client.force_login(officer(UnitFactory(), Role.RECEPTION, Role.APPROVER))
    url = reverse("portal:call_next", args=[unit.code])
    assert client.get(url).status_code == 404
    assert client.post(url, {"line": "Hộ tịch", "counter_label": "Quầy 9"}).status_code == 404
    assert QueueTicket.objects.get().status == TicketStatus.WAITING


def test_the_unit_list_offers_officer_pages_only_at_ones_own_units(client, unit):
    other = UnitFactory(name="Xã Phúc Sơn", code="09877")
    here, there = (reverse("portal:call_next", args=[u.code]) for u in (unit, other))
    anonymous = client.get(reverse("portal:kiosk_units")).content.decode()
    assert "Xã Phúc Sơn" in anonymous and here not in anonymous and there not in anonymous
    assert 'id="staff-sign-in"' in anonymous
    client.force_login(officer(unit, Role.RECEPTION))
    page = client.get(reverse("portal:kiosk_units")).content.decode()
    assert here in page and reverse("portal:tablet", args=[unit.code]) in page
    assert there not in page and 'id="staff-sign-in"' not in page
    assert client.get(here).status_code == 200


def test_kiosk_mode_leads_back_home_and_forgets_the_last_look_up(client, unit):
    office = desk(name="Xã Phù Lưu")
    dossier = office.receive(at(2026, 3, 2, 9))
    kiosk = reverse("portal:kiosk", args=[office.unit.code])
    client.get(kiosk)
    page = client.get(reverse("portal:procedures")).content.decode()
    assert f'id="kiosk-home" href="{kiosk}"' in page
    client.post(reverse("portal:lookup"), {"code": dossier.code, "digits": "2345"})
    result = reverse("portal:lookup_result", args=[dossier.code])
    response = client.get(result)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    client.get(kiosk)  # the citizen is done; the next one starts here
    assert client.get(result).status_code == 302
    client.get(reverse("portal:kiosk_units"))  # leaving kiosk mode
    assert 'id="kiosk-home"' not in client.get(reverse("portal:procedures")).content.decode()
