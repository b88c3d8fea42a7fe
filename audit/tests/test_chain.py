"""The hash chain, the verifier and the append-only triggers, on SQLite and PostgreSQL."""

import itertools
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.chain import GENESIS, canonical_json, entry_hash
from audit.db import TABLE
from audit.models import AuditEvent, AuditHead, Event
from audit.services import audit_record, mask_pii
from audit.tests.tamper import assert_refused, sql, swap_seq, triggers_lifted

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """Six entries of assorted content (Vietnamese text, JSON, an actor)."""
    user = UserFactory(username="canbo")
    for n in range(1, 7):
        audit_record(
            event=Event.DOSSIER_TRANSITION,
            actor=user if n % 2 else None,
            object_type="dossiers.dossier",
            object_id=str(n),
            object_repr=f"000.00.00.H26-260302-000{n}",
            before={"status": "received"},
            after={"status": "in_progress", "ghi_chú": "Đã chuyển", "n": n, "list": [1, "a"]},
            reason="lý do",
        )
    return list(AuditEvent.objects.order_by("seq"))


def verify(*args: str) -> str:
    """audit_verify's report; a broken chain raises CommandError (exit status 1)."""
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", "--no-progress", *args, stdout=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        verify(*args)
    return str(error.value)


def test_entries_chain_from_genesis_and_verify(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5, 6]
    assert chain[0].prev_hash == GENESIS
    for previous, entry in itertools.pairwise(chain):
        assert entry.prev_hash == previous.hash
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (6, chain[-1].hash)
    assert verify() == f"OK: 6 entries, head {chain[-1].hash}\n"


def test_hash_survives_the_database_round_trip(chain):
    """What is read back hashes to what was written (times, JSON, Vietnamese text)."""
    for entry in AuditEvent.objects.all():
        assert entry_hash(entry) == entry.hash
    assert canonical_json({"b": "ư", "a": 1}) == '{"a":1,"b":"ư"}'


def test_an_empty_log_verifies():
    assert verify() == f"OK: 0 entries, head {GENESIS}\n"


def test_edited_entry_is_named(chain):
    sql(f"UPDATE {TABLE} SET reason = 'không có gì' WHERE seq = 3")  # noqa: S608
    assert "BROKEN at seq 3: hash does not match the content: the entry was edited" in broken()


def test_edited_json_is_named(chain):
    sql(f"UPDATE {TABLE} SET actor_repr = 'ai-do' WHERE seq = 5")  # noqa: S608
    assert "BROKEN at seq 5" in broken()


def test_deleted_entry_is_named(chain):
    sql(f"DELETE FROM {TABLE} WHERE seq = 3")  # noqa: S608
    assert "BROKEN at seq 4: seq 4 follows seq 2" in broken()


def test_reordered_entries_are_named(chain):
    swap_seq(3, 4)
    assert "BROKEN at seq 3: prev_hash does not match the hash of seq 2" in broken()


def test_forged_entry_is_named(chain):
    """A row inserted with a made-up hash, where the chain expects seq 7."""
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (seq, at, actor_repr, client_ip, request_id, event, "  # noqa: S608
            "object_type, object_id, object_repr, reason, result, prev_hash, hash) "
            "VALUES (7, %s, 'admin', '', '', 'export', '', '', '', '', 'ok', %s, %s)",
            [timezone.now(), chain[-1].hash, "f" * 64],
        )
    assert "BROKEN at seq 7: hash does not match the content" in broken()


def test_forged_entry_with_a_valid_hash_is_caught_by_the_head(chain):
    """Whoever knows the algorithm can append a well-formed entry; the head row (which the
    application moves with every append) no longer matches."""
    forged = AuditEvent(
        seq=7, at=timezone.now(), event=Event.EXPORT, prev_hash=chain[-1].hash, result="ok"
    )
    forged.hash = entry_hash(forged)
    forged.save()
    assert "BROKEN at seq 7: the chain ends at seq 7 but the head row says seq 6" in broken()


def test_cut_off_tail_is_caught_by_the_head(chain):
    sql(f"DELETE FROM {TABLE} WHERE seq >= 5")  # noqa: S608
    assert "BROKEN at seq 5: the chain ends at seq 4 but the head row says seq 6" in broken()


def test_truncation_and_recomputation_are_caught_only_by_the_anchor(chain, tmp_path):
    """Cut the tail and move the head back, or edit and recompute the rest of the chain: the
    chain is consistent again and only the anchor (kept elsewhere) shows it."""
    anchor = tmp_path / "audit.anchor"
    verify("--anchor", str(anchor))
    assert anchor.read_text() == f"6 {chain[-1].hash}\n"
    verify("--anchor", str(anchor))
    assert anchor.read_text().count("\n") == 1  # an unchanged head is not appended twice

    sql(f"DELETE FROM {TABLE} WHERE seq >= 5")  # noqa: S608
    AuditHead.objects.update(seq=4, hash=chain[3].hash)
    assert verify().startswith("OK: 4 entries")  # the chain alone cannot tell
    assert "the anchor has seq 6 but the chain ends at seq 4: truncated" in broken(
        "--anchor", str(anchor)
    )


def test_recomputed_chain_is_caught_by_the_anchor(chain, tmp_path):
    anchor = tmp_path / "audit.anchor"
    verify("--anchor", str(anchor))
    sql(f"UPDATE {TABLE} SET reason = 'sửa' WHERE seq = 2")  # noqa: S608
    previous = chain[0].hash
    for entry in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        entry.prev_hash = previous
        entry.hash = previous = entry_hash(entry)
        sql(
            f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE seq = %s",  # noqa: S608
            [entry.prev_hash, entry.hash, entry.seq],
        )
    AuditHead.objects.update(hash=previous)
    assert verify().startswith("OK: 6 entries")
    assert "seq 6 has not the hash the anchor recorded" in broken("--anchor", str(anchor))


@pytest.mark.parametrize(
    "statement",
    [f"UPDATE {TABLE} SET reason = 'x' WHERE seq = 1", f"DELETE FROM {TABLE} WHERE seq = 1"],  # noqa: S608
)
def test_the_database_refuses_update_and_delete(chain, statement):
    assert_refused(statement)
    assert AuditEvent.objects.get(seq=1).reason == "lý do"


@pytest.mark.postgres_only
def test_postgresql_refuses_truncate(chain):
    assert_refused(f"TRUNCATE {TABLE}")
    assert AuditEvent.objects.count() == 6


def test_an_audited_change_that_rolls_back_leaves_no_entry_and_no_gap():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(event=Event.EXPORT, object_repr="sẽ bị hủy")
        raise RuntimeError
    entry = audit_record(event=Event.EXPORT, object_repr="giữ lại")
    assert entry.seq == 1 and AuditEvent.objects.count() == 1
    assert verify().startswith("OK: 1 entries")


def test_deleting_a_user_keeps_their_entries():
    user = UserFactory(username="nghiviec")
    audit_record(event=Event.AUTH_LOGIN, actor=user, obj=user)
    user.delete()
    entry = AuditEvent.objects.get()
    assert (entry.actor_id is not None, entry.actor_repr) == (True, "nghiviec")
    assert verify().startswith("OK: 1 entries")


def test_personal_data_is_masked():
    masked = mask_pii(
        {"applicant_id_number": "001190012345", "phone": "0912345678", "status": "received"}
    )
    assert masked["status"] == "received"
    assert "001190012345" not in str(masked) and "0912345678" not in str(masked)
    assert masked["applicant_id_number"].startswith("masked:")
    assert mask_pii({"password": ""}) == {"password": ""}


def test_times_are_utc_with_microseconds(chain):
    entry = AuditEvent.objects.get(seq=1)
    assert entry.at.utcoffset() == timedelta(0)
    assert '"at":"' in canonical_json({"at": entry.at.isoformat()})
