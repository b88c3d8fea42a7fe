"""Yearly partitions of the dossiers and their history on PostgreSQL (dossiers.partitioning,
migration dossiers 0009, `manage.py dossier_partitions`; docs/partitioning.md).

The structural tests run on PostgreSQL only; what must hold on both engines (no relation
carries a database constraint to a partitioned table, a duplicate code is refused, deletion
still cascades through the ORM) runs on SQLite too."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from dossiers.models import Action, Dossier, DossierEvent, DossierPaper
from dossiers.partitioning import (
    DOSSIERS,
    EVENTS,
    default_name,
    is_partitioned,
    partition_name,
    partitions,
    partitions_ensure,
    year_start,
)
from dossiers.tests.factories import DossierFactory, received_dossier
from workcalendar.calendar import VN_TZ

BEFORE = ("dossiers", "0008_dossier_fk_without_db_constraint")
AFTER = ("dossiers", "0009_partition_by_year")


def at(year: int, month: int = 6, day: int = 15, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def event(dossier: Dossier, moment: datetime) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier, action=Action.NOTE, at=moment, to_status=dossier.status
    )


def where(model, pk: int) -> str:
    """The partition holding the row `pk` of `model`'s table."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tableoid::regclass::text FROM {model._meta.db_table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {row[0] for row in cursor.fetchall()}


def foreign_keys(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s) AND contype = 'f'",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


# ---------------------------------------------------------------- both engines


def test_no_relation_to_a_partitioned_table_has_a_database_constraint():
    """A new ForeignKey to Dossier or DossierEvent without db_constraint=False would make the
    migration fail on PostgreSQL (no unique key on id alone to reference)."""
    partitioned = {Dossier, DossierEvent}
    constrained = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields(include_hidden=True)
        if field.concrete
        and (field.many_to_one or field.one_to_one)
        and field.related_model in partitioned
        and field.db_constraint
    ]
    assert constrained == []


@pytest.mark.django_db
def test_a_duplicate_code_is_refused_even_received_at_another_time():
    first = DossierFactory(received_at=at(2026, 3, 2, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierFactory(code=first.code, received_at=at(2026, 3, 2, 10))


@pytest.mark.django_db
def test_deleting_a_dossier_still_cascades_through_the_orm():
    dossier = received_dossier()
    assert dossier.events.exists() and dossier.papers.exists()
    dossier.delete()
    assert not DossierEvent.objects.filter(dossier_id=dossier.pk).exists()
    assert not DossierPaper.objects.filter(dossier_id=dossier.pk).exists()


@pytest.mark.django_db
def test_the_command_does_nothing_on_sqlite():
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite side of the command")
    out = io.StringIO()
    call_command("dossier_partitions", stdout=out)
    assert "SQLite" in out.getvalue()


# ---------------------------------------------------------------- PostgreSQL


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_tables_are_partitioned_by_year_with_a_default():
    this_year = timezone.localdate().year
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partrelid::regclass::text, partstrat, a.attname FROM pg_partitioned_table p "
            "JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
            "ORDER BY 1"
        )
        assert cursor.fetchall() == [
            ("dossiers_dossier", "r", "received_at"),
            ("dossiers_dossierevent", "r", "at"),
        ]
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'dossiers_dossier'::regclass "
            "AND i.indisprimary ORDER BY a.attnum"
        )
        assert [row[0] for row in cursor.fetchall()] == ["id", "received_at"]
        for spec in (DOSSIERS, EVENTS):
            names = partitions(cursor, spec.table)
            assert names[default_name(spec)] == "DEFAULT"
            for year in range(this_year, this_year + 3):
                assert partition_name(spec, year) in names
        bound = partitions(cursor, "dossiers_dossier")[partition_name(DOSSIERS, this_year)]
        # Vietnam's midnight, shown in the connection's UTC.
        assert f"FROM ('{this_year - 1}-12-31 17:00:00+00')" in bound
    # The indexes of Meta.indexes are on the parent, so every partition has them.
    assert {"dossier_unit_received", "dossier_unit_status_due"} <= index_names("dossiers_dossier")
    assert f"{partition_name(DOSSIERS, this_year)}_code_key" in index_names(
        partition_name(DOSSIERS, this_year)
    )
    # The partitioned tables keep their own foreign keys (unit, procedure, users).
    assert len(foreign_keys("dossiers_dossier")) == 3
    assert len(foreign_keys("dossiers_dossierevent")) == 1


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_rows_of_a_year_without_partition_wait_in_default_and_the_command_moves_them():
    assert partition_name(DOSSIERS, 2001) not in partitions(connection.cursor(), DOSSIERS.table)
    old = DossierFactory(code="000.00.00.H26-010615-0001", received_at=at(2001))
    step = event(old, at(2001, 6, 16))
    assert where(Dossier, old.pk) == "dossiers_dossier_default"
    assert where(DossierEvent, step.pk) == "dossiers_dossierevent_default"

    out = io.StringIO()
    call_command("dossier_partitions", stdout=out)
    assert "dossiers_dossier_y2001: đã tạo, chuyển 1 dòng từ phân vùng DEFAULT" in out.getvalue()
    assert where(Dossier, old.pk) == "dossiers_dossier_y2001"
    assert where(DossierEvent, step.pk) == "dossiers_dossierevent_y2001"
    assert Dossier.objects.get(pk=old.pk).code == old.code
    assert DossierEvent.objects.select_related("dossier").get(pk=step.pk).dossier == old
    # Every year from the earliest on got its partition; running again changes nothing.
    names = partitions(connection.cursor(), DOSSIERS.table)
    assert {partition_name(DOSSIERS, y) for y in range(2001, 2027)} <= names.keys()
    out = io.StringIO()
    call_command("dossier_partitions", stdout=out)
    assert "Đã đủ phân vùng" in out.getvalue()


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_role_that_does_not_own_the_tables_leaves_the_partitions_to_the_owner():
    """The application's role of docs/audit.md may not create partitions: an import under it
    skips that step (its rows wait in DEFAULT) and the command refuses, saying who may."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE motcua_partition_test_app")  # rolled back with the test
        cursor.execute("SET ROLE motcua_partition_test_app")
    try:
        assert partitions_ensure(connection, since=date(2003, 1, 1)) == []
        with pytest.raises(CommandError, match="không sở hữu bảng hồ sơ"):
            call_command("dossier_partitions", stdout=io.StringIO())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert partition_name(DOSSIERS, 2003) not in partitions(connection.cursor(), DOSSIERS.table)
    assert partitions_ensure(connection, since=date(2003, 1, 1))  # the owner may


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_dossiers_and_history_land_in_their_years_partition():
    partitions_ensure(connection, since=date(2019, 1, 1))
    d2019, d2026 = DossierFactory(received_at=at(2019)), DossierFactory(received_at=at(2026))
    assert where(Dossier, d2019.pk) == "dossiers_dossier_y2019"
    assert where(Dossier, d2026.pk) == "dossiers_dossier_y2026"
    # History goes by its own time: a 2019 dossier's step of 2020 is in 2020's partition.
    assert where(DossierEvent, event(d2019, at(2019, 7)).pk) == "dossiers_dossierevent_y2019"
    assert where(DossierEvent, event(d2019, at(2020, 2)).pk) == "dossiers_dossierevent_y2020"
    # Years are Vietnam's: 31/12 23:30 in Hà Nội is already the next day in UTC+8 and still
    # 31/12 in UTC; it belongs to that year, 1/1 00:10 to the next.
    last = DossierFactory(received_at=at(2019, 12, 31, 23, 30))
    first = DossierFactory(received_at=at(2020, 1, 1, 0, 10))
    assert where(Dossier, last.pk) == "dossiers_dossier_y2019"
    assert where(Dossier, first.pk) == "dossiers_dossier_y2020"


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_dossier_whose_receipt_changes_year_moves_to_that_partition():
    partitions_ensure(connection, since=date(2025, 1, 1))
    dossier = DossierFactory(received_at=at(2026, 1, 5))
    step = event(dossier, at(2026, 1, 5))
    dossier.received_at = dossier.effective_start = at(2025, 12, 30)
    dossier.save()
    assert where(Dossier, dossier.pk) == "dossiers_dossier_y2025"
    assert Dossier.objects.filter(pk=dossier.pk).count() == 1
    assert DossierEvent.objects.select_related("dossier").get(pk=step.pk).dossier.received_at == (
        at(2025, 12, 30)
    )


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_duplicate_code_is_refused_in_the_default_partition_too():
    first = DossierFactory(received_at=at(2002, 3, 2, 8))
    assert where(Dossier, first.pk) == "dossiers_dossier_default"
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierFactory(code=first.code, received_at=at(2002, 3, 2, 10))


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_receipt_range_reads_only_that_years_partition():
    partitions_ensure(connection, since=date(2019, 1, 1))
    DossierFactory(received_at=at(2019))
    plan = Dossier.objects.filter(
        received_at__gte=year_start(2019), received_at__lt=year_start(2020)
    ).explain()
    assert "dossiers_dossier_y2019" in plan
    assert "dossiers_dossier_y2020" not in plan
    assert "dossiers_dossier_default" not in plan
    plan = DossierEvent.objects.filter(
        at__gte=year_start(2024), at__lt=year_start(2024) + timedelta(days=31)
    ).explain()
    assert "dossiers_dossierevent_y2024" in plan
    assert "dossiers_dossierevent_y2025" not in plan


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_existing_rows_in_place_and_back():
    """Back to plain tables with rows, more rows, forward again: every row in its year's
    partition, ids, codes, index and constraint names and the id sequence kept. (Recent
    years: the partitions made here stay for the rest of the session, and every flush of a
    transactional test truncates each of them.)"""
    d2024 = DossierFactory(received_at=at(2024))
    d2026 = received_dossier()
    step = event(d2024, at(2024, 7))
    indexes = index_names("dossiers_dossier")
    keys = foreign_keys("dossiers_dossier") | foreign_keys("dossiers_dossierevent")
    try:
        MigrationExecutor(connection).migrate([BEFORE])
        with connection.cursor() as cursor:
            assert not is_partitioned(cursor, "dossiers_dossier")
            assert not is_partitioned(cursor, "dossiers_dossierevent")
        assert "dossiers_dossier_code_key" in index_names("dossiers_dossier")
        assert Dossier.objects.get(pk=d2024.pk).code == d2024.code
        d2025 = DossierFactory(received_at=at(2025))
        highest = d2025.pk

        MigrationExecutor(connection).migrate([AFTER])
        with connection.cursor() as cursor:
            assert is_partitioned(cursor, "dossiers_dossier")
        assert where(Dossier, d2024.pk) == "dossiers_dossier_y2024"
        assert where(Dossier, d2025.pk) == "dossiers_dossier_y2025"
        assert where(Dossier, d2026.pk) == f"dossiers_dossier_y{d2026.received_at.year}"
        assert where(DossierEvent, step.pk) == "dossiers_dossierevent_y2024"
        assert {d.pk: d.code for d in Dossier.objects.all()} == {
            d.pk: d.code for d in (d2024, d2025, d2026)
        }
        assert DossierEvent.objects.filter(dossier=d2026).count() == d2026.events.count() > 0
        assert index_names("dossiers_dossier") == indexes
        assert foreign_keys("dossiers_dossier") | foreign_keys("dossiers_dossierevent") == keys
        assert DossierFactory(received_at=at(2025, 9)).pk > highest  # the sequence goes on
    finally:  # every app back to its latest migration, whatever depended on dossiers 0009
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
