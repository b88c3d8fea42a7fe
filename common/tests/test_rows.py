"""insert_rows writes the row the ORM would write, in one statement, and refuses what it
cannot write exactly."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.utils import timezone

from audit.models import AuditEvent
from common.rows import insert_rows
from dossiers.models import Dossier, DossierEvent, DossierPaper
from dossiers.tests.factories import received_dossier

pytestmark = pytest.mark.django_db


def stored(model: type[models.Model], pk: int, *leave_out: str) -> dict:
    row = model.objects.filter(pk=pk).values().get()
    for name in ("id", *leave_out):
        row.pop(name)
    return row


def test_a_dossier_is_the_row_save_would_write():
    model = received_dossier()
    now = timezone.now().replace(microsecond=123456)
    values = {
        "unit_id": model.unit_id,
        "procedure_version_id": model.procedure_version_id,
        "channel": "online",
        "status": "received",
        "applicant_name": "Nguyễn Thị Hằng",
        "applicant_name_folded": "nguyen thi hang",
        "applicant_id_number": "001190012345",
        "applicant_phone": "0912345678",
        "applicant_email": "hang@example.vn",
        "applicant_address": "Thôn Đoài, xã Phù Lưu",
        "received_at": now,
        "effective_start": now + timedelta(hours=1),
        "due_at": now + timedelta(days=3),
        "paid_online": True,
        "papers_reused": True,
    }
    by_orm = Dossier(code="000.00.00.H26-260101-9001", **values)
    by_orm.save()
    ours = Dossier(code="000.00.00.H26-260101-9002", **values)

    with CaptureQueriesContext(connection) as queries:
        insert_rows(ours)

    assert len(queries) == 1
    assert ours.pk is not None and ours.pk != by_orm.pk
    assert not ours._state.adding
    assert stored(Dossier, ours.pk, "code") == stored(Dossier, by_orm.pk, "code")
    assert Dossier.objects.get(pk=ours.pk).received_at == now  # microseconds and zone kept


def test_history_and_audit_rows_with_json_and_empty_values():
    dossier = received_dossier()
    at = timezone.now()
    data = {"due_at": "2026-12-01T17:00:00+07:00", "lý do": ["thiếu", 2, None, 1.5]}
    rows = []
    for _ in range(2):
        event = DossierEvent(
            dossier=dossier,
            action="receive",
            actor=None,
            at=at,
            from_status="",
            to_status="received",
            note="Ghi chú",
            data=data,
        )
        rows.append(event)
    rows[0].save()
    insert_rows(rows[1])
    assert stored(DossierEvent, rows[1].pk) == stored(DossierEvent, rows[0].pk)
    assert DossierEvent.objects.get(pk=rows[1].pk).data == data

    top = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    entries = [
        AuditEvent(
            seq=top + n,
            at=at,
            actor_repr="tiepnhan",
            event="dossier.receive",
            object_type="dossiers.dossier",
            object_id=str(dossier.pk),
            before=None,
            after={"status": "received"},
            prev_hash="a" * 64,
            hash="b" * 64,
        )
        for n in (1, 2)
    ]
    entries[0].save()
    insert_rows(entries[1])
    assert stored(AuditEvent, entries[1].pk, "seq") == stored(AuditEvent, entries[0].pk, "seq")
    assert AuditEvent.objects.get(pk=entries[1].pk).result == "ok"  # the field's default


def test_several_rows_in_one_statement_each_with_its_own_key():
    dossier = received_dossier()
    papers = [
        DossierPaper(dossier=dossier, name=f"Giấy tờ {n}", copy_kind="copy", count=n)
        for n in range(1, 6)
    ]
    with CaptureQueriesContext(connection) as queries:
        insert_rows(*papers)
    assert len(queries) == 1
    for paper in papers:  # each instance got the key of its own row
        assert DossierPaper.objects.get(pk=paper.pk).name == paper.name
    insert_rows()  # nothing to write: no statement, no error


def test_refuses_mixed_models():
    dossier = received_dossier()
    paper = DossierPaper(dossier=dossier, name="Tờ khai", copy_kind="original", count=1)
    with pytest.raises(TypeError):
        insert_rows(paper, DossierEvent(dossier=dossier, action="receive", at=timezone.now()))
    assert paper.pk is None


def test_save_receivers_are_called_as_save_calls_them():
    dossier = received_dossier()
    paper = DossierPaper(dossier=dossier, name="Tờ khai", copy_kind="original", count=1)
    calls = []

    def before(sender, instance, raw, using, update_fields, **kwargs):
        calls.append(("pre", sender, instance.pk, raw, using, update_fields))
        instance.count = 3  # a receiver may set a value: it is written

    def after(sender, instance, created, raw, using, update_fields, **kwargs):
        calls.append(("post", sender, instance.pk, created, raw, using, update_fields))

    pre_save.connect(before, sender=DossierPaper)
    post_save.connect(after, sender=DossierPaper)
    try:
        insert_rows(paper)
    finally:
        pre_save.disconnect(before, sender=DossierPaper)
        post_save.disconnect(after, sender=DossierPaper)

    assert calls == [
        ("pre", DossierPaper, None, False, "default", None),
        ("post", DossierPaper, paper.pk, True, False, "default", None),
    ]
    assert DossierPaper.objects.get(pk=paper.pk).count == 3


@isolate_apps("common")
def test_refuses_columns_the_database_fills_before_any_receiver_runs():
    class Filled(models.Model):
        name = models.CharField(max_length=10, db_default="x")

        class Meta:
            app_label = "common"

        def __str__(self) -> str:
            return self.name

    called = []

    def before(sender, instance, **kwargs):
        called.append(instance)

    pre_save.connect(before, sender=Filled)
    try:
        with pytest.raises(TypeError, match="filled by SQL"):
            insert_rows(Filled(name="a"))
    finally:
        pre_save.disconnect(before, sender=Filled)
    assert called == []


def test_a_database_error_marks_the_callers_transaction_for_rollback():
    taken = received_dossier()
    twin = Dossier(
        code=taken.code,  # unique: the insert fails
        unit_id=taken.unit_id,
        procedure_version_id=taken.procedure_version_id,
        channel="direct",
        status="received",
        applicant_name="Trần Văn Bình",
        received_at=taken.received_at,
        effective_start=taken.received_at,
        due_at=taken.due_at,
    )
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            insert_rows(twin)  # caught, as a careless caller might
        assert transaction.get_rollback()  # as after save(): nothing more can commit
    # The block rolled back to its savepoint on leaving; the test's transaction goes on.
    assert not Dossier.objects.filter(applicant_name="Trần Văn Bình").exists()
