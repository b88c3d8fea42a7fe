"""The hash chain: the canonical form of an entry and its hash. Kept apart from the models
so that the verifier and the writer use exactly the same bytes."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # prev_hash of the first entry

# The fields an entry's hash covers, in the canonical JSON (sorted anyway).
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_repr",
    "client_ip",
    "request_id",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "result",
    "prev_hash",
)


def canonical_time(moment: datetime) -> str:
    """UTC, microseconds always written: the same string before and after a round trip
    through SQLite (text) or PostgreSQL (timestamptz, microsecond precision)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_payload(entry: Any) -> dict[str, Any]:
    payload = {name: getattr(entry, name) for name in HASHED_FIELDS}
    payload["at"] = canonical_time(entry.at)
    return payload


def entry_hash(entry: Any) -> str:
    """SHA-256(prev_hash || canonical JSON of the entry without its hash)."""
    data = entry.prev_hash + canonical_json(entry_payload(entry))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
