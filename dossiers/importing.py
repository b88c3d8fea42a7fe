"""Historical import of dossiers from an older system (CSV, rules in issue #2 §5).

Every row is validated before anything is written. Rows whose code is already in the
database with the same unit, procedure and receipt time are "already imported" and skipped,
so importing the same file twice changes nothing.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from audit.models import Event as AuditEvent
from audit.services import audit_record
from common.text import nfc
from dossiers.bulk import NewDossier, dossiers_bulk_create
from dossiers.catalog_index import CatalogIndex
from dossiers.models import Channel, Dossier, Outcome, Status
from dossiers.partitioning import partitions_ensure
from dossiers.validation import (
    clean_line,
    id_number_error,
    invisible_characters_error,
    normalize_phone,
    phone_error,
)
from workcalendar.rules import TimeRule
from workcalendar.selectors import get_work_calendar
from workcalendar.services import due_for

HEADER = [
    "code",
    "unit_code",
    "procedure_code",
    "channel",
    "received_at",
    "due_at",
    "finished_at",
    "outcome",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
STATUS_BY_OUTCOME = {
    Outcome.RESOLVED: Status.RETURNED,
    Outcome.REFUSED: Status.REFUSED,
    Outcome.WITHDRAWN: Status.WITHDRAWN,
    "": Status.IN_PROGRESS,
}


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.message}"


@dataclass
class ImportResult:
    imported: int = 0
    already_imported: int = 0
    errors: list[RowError] = field(default_factory=list)


class ImportFileError(Exception):
    """The file itself cannot be read (encoding, header)."""


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a UTF-8 CSV with exactly the import header; cells are
    stripped and in Unicode NFC (files exported on a Mac often hold decomposed letters)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ImportFileError(f"Không mở được tệp {path}: {error.strerror}.") from error
    with handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip() for column in next(reader, [])]
            if header != HEADER:
                raise ImportFileError(
                    "Dòng tiêu đề không đúng. Cần đúng các cột: " + ",".join(HEADER)
                )
            for number, values in enumerate(reader, start=2):
                if not any(value.strip() for value in values):
                    continue
                if len(values) != len(HEADER):
                    yield number, {"__error__": f"có {len(values)} cột, cần {len(HEADER)} cột."}
                    continue
                yield number, {k: nfc(v.strip()) for k, v in zip(HEADER, values, strict=True)}
        except UnicodeDecodeError as error:
            raise ImportFileError("Tệp không phải là văn bản UTF-8.") from error


def parse_time(value: str) -> datetime:
    """ISO 8601; a time without an offset is Vietnam time."""
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=VN) if moment.tzinfo is None else moment


class RowValidator:
    def __init__(self, index: CatalogIndex) -> None:
        self.index = index
        self.calendar = get_work_calendar()  # once per file, not one freshness query per row
        self.seen_codes: set[str] = set()

    def validate(self, line: int, row: dict[str, str]) -> tuple[NewDossier | None, list[str]]:
        if "__error__" in row:
            return None, [row["__error__"]]
        errors: list[str] = []
        code = row["code"]
        if not code:
            errors.append("thiếu mã hồ sơ.")
        elif code in self.seen_codes:
            errors.append(f"mã hồ sơ «{code}» trùng với một dòng trước trong tệp.")
        self.seen_codes.add(code)

        times: dict[str, datetime | None] = {}
        for column, label in (
            ("received_at", "thời điểm tiếp nhận"),
            ("due_at", "hạn trả"),
            ("finished_at", "thời điểm hoàn thành"),
        ):
            times[column] = None
            if row[column]:
                try:
                    times[column] = parse_time(row[column])
                except ValueError:
                    errors.append(f"{label} «{row[column]}» không đúng định dạng ISO 8601.")
        received_at, due_at, finished_at = (
            times["received_at"],
            times["due_at"],
            times["finished_at"],
        )
        if not row["received_at"]:
            errors.append("thiếu thời điểm tiếp nhận.")
        if received_at and finished_at and finished_at < received_at:
            errors.append("thời điểm hoàn thành trước thời điểm tiếp nhận.")
        if received_at and due_at and due_at < received_at:
            errors.append("hạn trả trước thời điểm tiếp nhận.")

        outcome = row["outcome"]
        if outcome not in Outcome.values and outcome != "":
            errors.append(
                f"kết quả «{outcome}» không hợp lệ (resolved, refused, withdrawn hoặc để trống)."
            )
        elif outcome and not row["finished_at"]:
            errors.append("có kết quả giải quyết nhưng thiếu thời điểm hoàn thành.")
        elif row["finished_at"] and not outcome:
            errors.append("có thời điểm hoàn thành nhưng thiếu kết quả giải quyết.")
        if row["channel"] not in Channel.values:
            errors.append(f"kênh «{row['channel']}» không hợp lệ (direct, online, postal).")
        name = clean_line(row["applicant_name"])
        if not name:
            errors.append("thiếu họ tên người nộp.")
        phone = normalize_phone(row["applicant_phone"])
        for problem in (
            invisible_characters_error(name, "Họ tên người nộp"),
            id_number_error(row["applicant_id_number"]),
            phone_error(phone),
        ):
            if problem:
                errors.append(problem[0].lower() + problem[1:])

        unit = version = None
        day = received_at.astimezone(VN).date() if received_at else None
        if not self.index.has_unit(row["unit_code"]):
            errors.append(f"không có đơn vị mã «{row['unit_code']}».")
        elif day:
            unit = self.index.unit(row["unit_code"], day)
            if unit is None:
                errors.append(
                    f"đơn vị mã «{row['unit_code']}» không tồn tại vào ngày {day:%d/%m/%Y}."
                )
            elif not unit.is_receiving:
                errors.append(f"{unit.name} không phải là đơn vị tiếp nhận hồ sơ.")
        if not self.index.has_procedure(row["procedure_code"]):
            errors.append(f"không có thủ tục mã «{row['procedure_code']}».")
        elif day:
            version = self.index.version(row["procedure_code"], day)
            if version is None:
                errors.append(
                    f"thủ tục «{row['procedure_code']}» không có phiên bản áp dụng "
                    f"ngày {day:%d/%m/%Y}."
                )
        if errors or unit is None or version is None or received_at is None:
            return None, errors

        rule: TimeRule = version.time_rule
        due = due_for(
            received_at=received_at,
            rule=rule,
            sessions=self.index.sessions(unit),
            calendar=self.calendar,
        )
        return NewDossier(
            code=code,
            unit=unit,
            procedure_version=version,
            channel=row["channel"],
            status=STATUS_BY_OUTCOME[outcome],
            applicant_name=name,
            applicant_id_number=row["applicant_id_number"],
            applicant_phone=phone,
            received_at=received_at,
            effective_start=due.effective_start,
            due_at=due_at or due.due_at,
            finished_at=finished_at,
            outcome=outcome,
        ), []


def import_dossiers(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    skip_invalid: bool = False,
    progress=None,
) -> ImportResult:
    """Validate every row, then write the good ones (all or nothing unless skip_invalid).

    `progress` is a tqdm-like factory (tqdm itself in the command, None in tests)."""
    result = ImportResult()
    validator = RowValidator(CatalogIndex())
    valid: list[tuple[int, NewDossier]] = []
    checked = progress(rows, desc="Kiểm tra", unit=" dòng") if progress else rows
    for line, row in checked:
        dossier, errors = validator.validate(line, row)
        result.errors.extend(RowError(line, message) for message in errors)
        if dossier is not None:
            valid.append((line, dossier))

    new = _drop_already_imported(valid, result)
    if result.errors and not skip_invalid:
        return result
    if new:  # on PostgreSQL the years of the file get their partitions first (not DEFAULT)
        partitions_ensure(connection, since=min(d.received_at for d in new).astimezone(VN).date())
    with transaction.atomic():
        result.imported = dossiers_bulk_create(new, imported=True, progress=progress)
        audit_record(  # one entry for the whole import (the operator at the console)
            event=AuditEvent.DOSSIER_IMPORT,
            object_type="dossiers.dossier",
            object_repr=f"{result.imported} dossiers",
            after={"imported": result.imported, "rows_refused": len(result.errors)},
        )
    return result


def _drop_already_imported(valid: list[tuple[int, NewDossier]], result: ImportResult):
    new: list[NewDossier] = []
    chunk = 900
    for start in range(0, len(valid), chunk):
        batch = valid[start : start + chunk]
        existing = {
            code: (unit_id, version_id, received_at)
            for code, unit_id, version_id, received_at in Dossier.objects.filter(
                code__in=[d.code for _, d in batch]
            ).values_list("code", "unit_id", "procedure_version_id", "received_at")
        }
        for line, dossier in batch:
            if dossier.code not in existing:
                new.append(dossier)
            elif existing[dossier.code] == (
                dossier.unit.pk,
                dossier.procedure_version.pk,
                dossier.received_at,
            ):
                result.already_imported += 1
            else:
                result.errors.append(
                    RowError(
                        line, f"mã hồ sơ «{dossier.code}» đã có trong hệ thống với dữ liệu khác."
                    )
                )
    return new
