"""Searching the registers with or without diacritics."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from registry.doctypes import DocumentType
from registry.selectors import RegisterFilters, incoming_search, outgoing_search
from registry.tests.factories import incoming_letter, outgoing_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    unit = UnitFactory()
    clerk = officer(unit, Role.RECEPTION)
    land = incoming_letter(
        unit=unit, actor=clerk, sender="Sở Tài nguyên và Môi trường", original_number="15/STNMT"
    )
    road = incoming_letter(
        unit=unit,
        actor=clerk,
        sender="Đội Quản lý thị trường",
        summary="V/v kiểm tra đường",
        original_number="07/QLTT",
    )
    return unit, clerk, land, road


@pytest.mark.parametrize(
    "query", ["tai nguyen va moi truong", "Tài nguyên", "TAI NGUYEN", "đất đai", "dat dai"]
)
def test_incoming_search_folds_diacritics(desk, query):
    _, clerk, land, _road = desk
    found = list(incoming_search(user=clerk, filters=RegisterFilters(text=query)))
    assert found == [land]


def test_d_with_stroke_is_folded_and_numbers_are_found(desk):
    _, clerk, land, road = desk
    assert list(incoming_search(user=clerk, filters=RegisterFilters(text="doi quan ly"))) == [road]
    # A bare number finds that arrival number (or the digits in a symbol or summary).
    assert list(incoming_search(user=clerk, filters=RegisterFilters(text="2"))) == [road]
    assert list(incoming_search(user=clerk, filters=RegisterFilters(text="15/stnmt"))) == [land]
    huge = RegisterFilters(text="9" * 30)  # no integer overflow on PostgreSQL
    assert list(incoming_search(user=clerk, filters=huge)) == []


def test_outgoing_search_by_symbol_and_summary(desk):
    unit, clerk, *_ = desk
    decision = outgoing_document(
        unit=unit, doc_type=DocumentType.QUYET_DINH, summary="Về việc thành lập Tổ công tác"
    )
    letter = outgoing_document(unit=unit, summary="V/v đề nghị hỗ trợ kinh phí")
    search = lambda q: list(outgoing_search(user=clerk, filters=RegisterFilters(text=q)))  # noqa: E731
    assert search("qd-ubnd") == [decision]
    assert search("to cong tac") == [decision]
    assert search("ho tro kinh phi") == [letter]


def test_the_list_page_searches_without_diacritics_and_only_in_visible_units(client, desk):
    _, clerk, land, road = desk
    elsewhere = incoming_letter(sender="Sở Tài nguyên và Môi trường")
    client.force_login(clerk)
    page = client.get(reverse("registry:incoming_list"), {"q": "so tai nguyen"}).content.decode()
    assert reverse("registry:incoming_detail", args=[land.pk]) in page
    assert reverse("registry:incoming_detail", args=[road.pk]) not in page
    assert reverse("registry:incoming_detail", args=[elsewhere.pk]) not in page
