"""Retention of applicants' personal data (Law 91/2025 Art. 3: kept only as long as the
purpose needs; docs/personal-data.md).

A dossier is *closed* when the result was returned (returned_at) or it was refused or
withdrawn (finished_at). Its personal data is due for anonymisation on the local date
closed + N years, N being the procedure version's `retention_years` or, when empty,
settings.PERSONAL_DATA_RETENTION_YEARS; versions marked `retention_permanent` are never due.
A closing date of 29 February is due on 1 March.

Anonymising replaces the applicant's name by ANONYMISED and blanks the other personal fields,
scrubs free text that may name people (history notes, result, refusal reason, notices,
rating comments), deletes scans and online files (rows now, stored files after the commit)
and the online submission that linked the dossier to a citizen account. Codes, dates,
statuses, outcome, procedure and unit stay: reports and the rollup read only those.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.models import Event as AuditEventKind
from audit.services import audit_record
from catalog.models import ProcedureVersion
from dossiers.models import Dossier, DossierAttachment, DossierEvent, Status
from workcalendar.calendar import VN_TZ

ANONYMISED = "Đã ẩn danh"
CLOSED = (Status.RETURNED, Status.REFUSED, Status.WITHDRAWN)
# Keys of DossierEvent.data that hold free text or names.
PERSONAL_EVENT_KEYS = ("returned_to", "result", "late_reason")
BATCH_SIZE = 200


def years_before(day: date, years: int) -> date:
    """`day` minus `years` calendar years; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def retention_years_values() -> set[int]:
    default = settings.PERSONAL_DATA_RETENTION_YEARS
    found = set(
        ProcedureVersion.objects.filter(retention_permanent=False)
        .values_list("retention_years", flat=True)
        .distinct()
    )
    return {default if value is None else value for value in found}


def dossiers_due_for_anonymisation(*, as_of: date) -> QuerySet[Dossier]:
    """Closed dossiers, not yet anonymised, whose retention period ended on or before
    `as_of` (a local date)."""
    default = settings.PERSONAL_DATA_RETENTION_YEARS
    due = Q(pk__in=[])
    for years in sorted(retention_years_values()):
        # Closed on a local date <= as_of - years, i.e. before the next day's midnight.
        last_day = years_before(as_of, years)
        before = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=VN_TZ)
        same_years = Q(procedure_version__retention_years=years)
        if years == default:
            same_years |= Q(procedure_version__retention_years__isnull=True)
        due |= same_years & Q(closed_at__lt=before)
    return (
        Dossier.objects.filter(status__in=CLOSED, anonymised_at__isnull=True)
        .exclude(procedure_version__retention_permanent=True)
        .annotate(closed_at=Coalesce(F("returned_at"), F("finished_at")))
        .filter(closed_at__isnull=False)
        .filter(due)
        .order_by("closed_at", "pk")
    )


@dataclass
class AnonymiseResult:
    dossiers: int = 0
    files_deleted: int = 0
    codes: list[str] = field(default_factory=list)


def _blank_if_set(name: str) -> Case:
    return Case(When(**{name: ""}, then=Value("")), default=Value(ANONYMISED))


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def dossiers_anonymise(
    *,
    as_of: date,
    batch_size: int = BATCH_SIZE,
    progress: Callable[..., Any] | None = None,
) -> AnonymiseResult:
    """Anonymise every dossier due on `as_of`, one transaction per batch. Idempotent: an
    anonymised dossier is never selected again. Stored files are deleted after each batch
    commits (a rolled-back batch keeps its files)."""
    ids = list(dossiers_due_for_anonymisation(as_of=as_of).values_list("pk", flat=True))
    result = AnonymiseResult()
    bar = progress(total=len(ids), desc="Ẩn danh hóa hồ sơ", unit="hồ sơ") if progress else None
    for batch in _batches(ids, batch_size):
        done, files = _anonymise_batch(batch)
        result.dossiers += len(done)
        result.codes += done
        result.files_deleted += len(files)
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    return result


def _anonymise_batch(ids: list[int]) -> tuple[list[str], list[tuple[Storage, str]]]:
    # Imported here: the online, notifications and portal apps build on dossiers.
    from notifications.models import DeliveryAttempt, Notification
    from online.models import CitizenUpload, PublishedResult, Submission, SubmissionFile
    from portal.models import DossierRating

    now = timezone.now()
    with transaction.atomic():
        locked = list(
            Dossier.objects.select_for_update()
            .filter(pk__in=ids, anonymised_at__isnull=True)
            .values_list("pk", "code")
        )
        pks = [pk for pk, _code in locked]
        if not pks:
            return [], []
        Dossier.objects.filter(pk__in=pks).update(
            applicant_name=ANONYMISED,
            applicant_name_folded="",
            applicant_id_number="",
            applicant_phone="",
            applicant_email="",
            applicant_address="",
            returned_to=_blank_if_set("returned_to"),
            result=_blank_if_set("result"),
            refusal_reason=_blank_if_set("refusal_reason"),
            anonymised_at=now,
        )
        DossierEvent.objects.filter(dossier_id__in=pks).exclude(note="").update(note=ANONYMISED)
        _scrub_event_data(DossierEvent.objects.filter(dossier_id__in=pks))

        files: list[tuple[Storage, str]] = []
        for model, rows in (
            (DossierAttachment, DossierAttachment.objects.filter(dossier_id__in=pks)),
            (CitizenUpload, CitizenUpload.objects.filter(dossier_id__in=pks)),
            (PublishedResult, PublishedResult.objects.filter(dossier_id__in=pks)),
            (SubmissionFile, SubmissionFile.objects.filter(submission__dossier_id__in=pks)),
        ):
            storage = model._meta.get_field("file").storage  # type: ignore[union-attr]
            files += [(storage, n) for n in rows.values_list("file", flat=True) if n]
            rows.delete()
        # The submission linked a citizen account to the dossier: without it the dossier no
        # longer points to a person (its events and files go with it).
        Submission.objects.filter(dossier_id__in=pks).delete()

        notices = Notification.objects.filter(dossier_id__in=pks)
        DeliveryAttempt.objects.filter(notification__in=notices).exclude(error="").update(
            error=ANONYMISED
        )
        notices.update(recipient=ANONYMISED, subject="", body="", attachment_name="")
        DossierRating.objects.filter(dossier_id__in=pks).exclude(comment="").update(
            comment=ANONYMISED
        )
        # Last write of the transaction (the audit head row lock): one entry per dossier, with
        # no personal data, so the log shows when and why it lost its applicant's data.
        for pk, code in locked:
            audit_record(
                event=AuditEventKind.DOSSIER_ANONYMISE,
                object_type="dossiers.dossier",
                object_id=str(pk),
                object_repr=code,
                reason="retention",
            )
        transaction.on_commit(lambda: _delete_files(files))
    return [code for _pk, code in locked], files


def _scrub_event_data(events: QuerySet[DossierEvent]) -> None:
    changed = []
    for event in events.only("pk", "data"):
        data = dict(event.data or {})
        touched = False
        for key in PERSONAL_EVENT_KEYS:
            if data.get(key):
                data[key] = ANONYMISED
                touched = True
        if touched:
            event.data = data
            changed.append(event)
    DossierEvent.objects.bulk_update(changed, ["data"], batch_size=500)


def _delete_files(files: Iterable[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
