"""Who sees which units (accounts.selectors.units_visible_to), in one place."""

from datetime import date

import pytest

from accounts.models import Role
from accounts.selectors import units_visible_to
from accounts.tests.factories import UserFactory, officer
from catalog.models import Level
from catalog.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    top = UnitFactory(level=Level.DISTRICT, agency_id="")
    return top, UnitFactory(parent=top), UnitFactory(parent=top), UnitFactory()


def test_officer_sees_only_their_units(district):
    _, a, _b, _ = district
    assert set(units_visible_to(user=officer(a, Role.RECEPTION))) == {a}


def test_overseer_sees_the_units_below_theirs(district):
    top, a, b, _other = district
    assert set(units_visible_to(user=officer(top, Role.OVERSEER))) == {a, b}


def test_supervisor_sees_the_units_of_their_programmes_only(district):
    from oversight.models import Programme

    top, a, _b, _other = district
    supervisor = officer(top, Role.SUPERVISOR)
    assert set(units_visible_to(user=supervisor)) == set()
    programme = Programme.objects.create(
        decision_number="01/QĐ-HĐND",
        decision_date=date(2018, 4, 2),
        body="Ban Pháp chế",
        head="Phạm Quang Lộ",
        subject="Giám sát bộ phận một cửa",
        period_start=date(2017, 1, 1),
        period_end=date(2018, 3, 31),
        created_by=UserFactory(),
        created_at="2018-04-02T08:00Z",
    )
    programme.units.set([a])
    programme.members.add(supervisor)
    assert set(units_visible_to(user=supervisor)) == {a}


def test_anonymous_and_inactive_users_see_nothing(district):
    from django.contrib.auth.models import AnonymousUser

    assert not units_visible_to(user=AnonymousUser()).exists()
    sleeper = officer(district[1], Role.RECEPTION, is_active=False)
    assert not units_visible_to(user=sleeper).exists()
