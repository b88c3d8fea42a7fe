"""Verify the audit trail's hash chain: `OK: N entries, head <hash>` and exit 0, or the
first broken link and exit 1. With --anchor FILE, also compare with (and then append to) an
anchor file kept off the database's host, which shows a cut-off tail or a recomputed chain."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.verify import anchor_append, anchor_check, audit_chain_verify
from common.progress import progress_factory


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; names the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", type=Path, help="append-only file of (seq, hash) heads")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit_chain_verify(progress=progress_factory(enabled=not options["no_progress"]))
        if not verdict.ok:
            raise CommandError(f"BROKEN at seq {verdict.broken_seq}: {verdict.problem}")
        anchor: Path | None = options["anchor"]
        if anchor is not None:
            problem = anchor_check(verdict, anchor)
            if problem:
                raise CommandError(f"BROKEN against the anchor {anchor}: {problem}")
            anchor_append(verdict, anchor)
        self.stdout.write(f"OK: {verdict.count} entries, head {verdict.head_hash}")
