"""Change stamps: every write to a watched table changes its kind's stamp, in the database
itself (the ORM, queryset.update(), raw SQL), and a StampedCache follows them."""

from datetime import date

import pytest
from django.db import connection, transaction

from accounts.models import Role
from accounts.tests.factories import officer
from api.models import ApiToken
from api.tokens import api_token_create
from catalog.models import AdministrativeUnit, ProcedureVersion, RequiredPaper
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from common.stamps import (
    ACCESS,
    CALENDAR,
    CATALOG,
    KINDS,
    TABLE,
    StampedCache,
    stamps_read,
    triggers_ensure,
)
from workcalendar.models import AnnouncedDay

pytestmark = pytest.mark.django_db


def changed(kinds_before: dict[str, int]) -> set[str]:
    now = stamps_read()
    return {kind for kind in KINDS if now.get(kind) != kinds_before.get(kind)}


def test_every_kind_has_a_stamp_after_migrate():
    assert set(stamps_read()) == set(KINDS)


def test_catalogue_writes_change_the_catalogue_stamp_only():
    before = stamps_read()
    unit = UnitFactory()
    assert changed(before) == {CATALOG}
    before = stamps_read()
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Xã Mới")  # no save(), no signal
    assert changed(before) == {CATALOG}
    version = ProcedureVersionFactory()
    before = stamps_read()
    ProcedureVersion.objects.filter(pk=version.pk).update(time_rule_amount=9)
    assert changed(before) == {CATALOG}
    paper = RequiredPaperFactory(procedure_version=version)
    before = stamps_read()
    RequiredPaper.objects.filter(pk=paper.pk).delete()
    assert changed(before) == {CATALOG}
    before = stamps_read()
    with connection.cursor() as cursor:  # even behind the ORM's back
        cursor.execute("UPDATE catalog_field SET name = 'Hộ tịch (sửa)'")
    assert changed(before) == {CATALOG}


def test_calendar_writes_change_the_calendar_stamp():
    before = stamps_read()
    AnnouncedDay.objects.create(date=date(2030, 1, 2), kind="day_off", name="nghỉ", source="thử")
    assert changed(before) == {CALENDAR}
    before = stamps_read()
    AnnouncedDay.objects.update(kind="working_day")
    assert changed(before) == {CALENDAR}


def test_access_stamp_follows_tokens_roles_and_users_not_their_last_use():
    unit = UnitFactory()
    user = officer(unit, Role.RECEPTION)
    before = stamps_read()
    issued = api_token_create(user=user, units=[unit], name="thử")
    assert ACCESS in changed(before)

    before = stamps_read()
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at="2030-01-01T00:00:00Z")
    user.last_login = issued.token.created_at
    user.save(update_fields=["last_login"])
    user.save()  # every column written, none of the watched ones changed
    assert changed(before) == set()

    for change in (
        lambda: ApiToken.objects.filter(pk=issued.token.pk).update(revoked_at=user.last_login),
        lambda: type(user).objects.filter(pk=user.pk).update(is_active=False),
        lambda: user.memberships.update(role=Role.SPECIALIST),
        lambda: user.memberships.all().delete(),
        lambda: issued.token.units.clear(),
    ):
        before = stamps_read()
        change()
        assert changed(before) == {ACCESS}


def test_a_rolled_back_change_leaves_the_stamp_as_it_was_and_is_never_reused():
    before = stamps_read()
    seen = []
    with pytest.raises(RuntimeError), transaction.atomic():
        UnitFactory()
        seen.append(stamps_read()[CATALOG])  # the transaction sees its own stamp
        raise RuntimeError
    assert stamps_read() == before
    UnitFactory()
    assert stamps_read()[CATALOG] not in (before[CATALOG], seen[0])


def test_triggers_are_put_back_after_a_table_lost_them():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for op in ("ins", "upd", "del"):
                cursor.execute(f"DROP TRIGGER stamp_catalog_administrativeunit_{op}")
        else:
            table = "catalog_administrativeunit"
            cursor.execute(f"DROP TRIGGER stamp_{table} ON {table}")
    before = stamps_read()
    UnitFactory()
    assert changed(before) == set()  # what a table rebuilt by a migration would do
    triggers_ensure()  # run after every migrate
    triggers_ensure()  # and idempotent
    before = stamps_read()
    UnitFactory()
    assert changed(before) == {CATALOG}


def test_stamped_cache_keeps_values_while_the_stamp_holds():
    cache: StampedCache[str, object] = StampedCache(CATALOG, max_size=2)
    loads = []

    def load(value):
        def inner():
            loads.append(value)
            return value

        return inner

    assert cache.get("a", {CATALOG: 1}, load("A1")) == "A1"
    assert cache.get("a", {CATALOG: 1}, load("A2")) == "A1"  # kept
    assert cache.get("a", {CATALOG: 2}, load("A3")) == "A3"  # new stamp: read again
    assert cache.get("a", {}, load("A4")) == "A4"  # no stamp row: nothing kept
    assert cache.get("b", {CATALOG: 2}, load(None)) is None
    assert cache.get("b", {CATALOG: 2}, load("B")) == "B"  # misses are not kept
    assert cache.get("c", {CATALOG: 2}, load("C")) == "C"  # full: starts again
    assert cache.get("a", {CATALOG: 2}, load("A5")) == "A5"
    assert loads == ["A1", "A3", "A4", None, "B", "C", "A5"]


def test_nothing_is_kept_when_the_stamp_rows_are_gone():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 (what flush does)
    assert stamps_read() == {}
    UnitFactory()  # the first write afterwards creates its row again
    assert set(stamps_read()) == {CATALOG}
