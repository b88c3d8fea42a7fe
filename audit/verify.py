"""Walk the chain and name the first broken link."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.chain import GENESIS, entry_hash
from audit.models import AuditEvent, AuditHead
from audit.services import HEAD_PK


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str = ""


def _identity(iterable: Iterable, **kwargs: Any) -> Iterable:
    return iterable


def audit_chain_verify(*, progress: Callable[..., Any] = _identity) -> Verdict:
    """Recompute every entry's hash in seq order. The first entry whose seq skips, whose
    prev_hash is not the previous entry's hash, or whose hash is not its content's, is the
    first broken link. Finally the chain's end must be the head row's (seq, hash)."""
    expected_seq, expected_prev, count = 1, GENESIS, 0
    total = AuditEvent.objects.count()
    entries = AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
    for entry in progress(entries, total=total, desc="audit_verify", unit=" entries"):

        def broken(problem: str, entry: AuditEvent = entry, count: int = count) -> Verdict:
            return Verdict(False, count, entry.seq, entry.hash, entry.seq, problem)

        if entry.seq != expected_seq:
            return broken(
                f"seq {entry.seq} follows seq {expected_seq - 1}: "
                f"entries deleted, inserted or renumbered"
            )
        if entry.prev_hash != expected_prev:
            return broken(
                f"prev_hash does not match the hash of seq {expected_seq - 1}: "
                f"an entry before it was deleted, replaced or reordered"
            )
        if entry_hash(entry) != entry.hash:
            return broken("hash does not match the content: the entry was edited")
        expected_seq, expected_prev, count = expected_seq + 1, entry.hash, count + 1
    last_seq, last_hash = expected_seq - 1, expected_prev
    head = AuditHead.objects.filter(pk=HEAD_PK).first()
    if head is not None and (head.seq, head.hash or GENESIS) != (last_seq, last_hash):
        return Verdict(
            False,
            count,
            last_seq,
            last_hash,
            min(head.seq, last_seq) + 1,
            f"the chain ends at seq {last_seq} but the head row says seq {head.seq}: "
            f"entries were cut off the end or appended outside the application",
        )
    return Verdict(True, count, last_seq, last_hash)


def anchor_check(verdict: Verdict, path: Path) -> str:
    """Compare the chain with the last (seq, hash) written to the anchor file, an
    append-only file kept apart from the database. Returns a problem, or "" if the anchored
    entry is still in the chain unchanged. Catches what the chain alone cannot: a cut-off
    tail (with the head row adjusted) and a chain recomputed after an edit."""
    if not path.exists():
        return ""
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    if not lines:
        return ""
    seq_text, anchored_hash = lines[-1][0], lines[-1][1]
    seq = int(seq_text)
    if seq > verdict.head_seq:
        return f"the anchor has seq {seq} but the chain ends at seq {verdict.head_seq}: truncated"
    if seq == 0:
        return ""
    stored = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    if stored != anchored_hash:
        return f"seq {seq} has not the hash the anchor recorded: the chain was rewritten"
    return ""


def anchor_append(verdict: Verdict, path: Path) -> None:
    """Append the head (seq, hash) unless it is the anchor's last line already."""
    line = f"{verdict.head_seq} {verdict.head_hash}"
    if path.exists():
        lines = [x for x in path.read_text().splitlines() if x.strip()]
        if lines and lines[-1].strip() == line:
            return
    with path.open("a") as anchor:
        anchor.write(line + "\n")
