"""Writing many dossiers at once (historical import, demo data).

Rows arrive already validated, with due times computed by the same calendar functions as
intake; this module only writes them, in batches, with their history.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.utils import timezone

from catalog.models import AdministrativeUnit, ProcedureVersion
from common.text import fold
from dossiers.models import Dossier, DossierEvent
from dossiers.transitions import Action
from reports.rollup import DossierFacts, rollup_apply_many

BATCH = 2000


@dataclass(frozen=True)
class NewEvent:
    action: str
    at: datetime
    from_status: str
    to_status: str
    actor_id: int | None = None
    note: str = ""


@dataclass
class NewDossier:
    code: str
    unit: AdministrativeUnit
    procedure_version: ProcedureVersion
    channel: str
    status: str
    applicant_name: str
    received_at: datetime
    effective_start: datetime
    due_at: datetime
    applicant_id_number: str = ""
    applicant_phone: str = ""
    finished_at: datetime | None = None
    outcome: str = ""
    extra: dict = field(default_factory=dict)  # any other Dossier field (returned_at, …)
    events: list[NewEvent] = field(default_factory=list)  # empty: one "import" event


def dossiers_bulk_create(dossiers: list[NewDossier], *, imported: bool, progress=None) -> int:
    """Insert `dossiers` and their history; returns how many were written. Call inside a
    transaction so that a failure leaves nothing half-written."""
    rows = iter(dossiers)
    bar = progress(total=len(dossiers), desc="Ghi", unit=" hồ sơ") if progress else None
    written = 0
    while batch := list(islice(rows, BATCH)):
        created = Dossier.objects.bulk_create(
            Dossier(
                code=d.code,
                unit=d.unit,
                procedure_version=d.procedure_version,
                channel=d.channel,
                status=d.status,
                applicant_name=d.applicant_name,
                applicant_name_folded=fold(d.applicant_name),
                applicant_id_number=d.applicant_id_number,
                applicant_phone=d.applicant_phone,
                received_at=d.received_at,
                effective_start=d.effective_start,
                due_at=d.due_at,
                finished_at=d.finished_at,
                outcome=d.outcome,
                imported=imported,
                **d.extra,
            )
            for d in batch
        )
        rollup_apply_many(after=map(DossierFacts.of, created))  # report counters, summed per batch
        DossierEvent.objects.bulk_create(_events(created, batch), batch_size=BATCH)
        written += len(created)
        if bar is not None:
            bar.update(len(created))
    if bar is not None:
        bar.close()
    return written


def _events(created: list[Dossier], batch: list[NewDossier]) -> Iterator[DossierEvent]:
    for row, new in zip(created, batch, strict=True):
        if not new.events:
            yield DossierEvent(
                dossier_id=row.pk,
                action=Action.IMPORT,
                at=new.received_at,
                from_status="",
                to_status=new.status,
                data={
                    "due_at": timezone.localtime(new.due_at).isoformat(),
                    "finished_at": timezone.localtime(new.finished_at).isoformat()
                    if new.finished_at
                    else None,
                },
            )
        for event in new.events:
            yield DossierEvent(
                dossier_id=row.pk,
                action=event.action,
                at=event.at,
                actor_id=event.actor_id,
                from_status=event.from_status,
                to_status=event.to_status,
                note=event.note,
            )
