"""Synthetic dossiers in bulk for the benchmarks (issue #9): N dossiers (default 1,000,000)
over the demo units, 150 procedures and 10 years, written through the database's bulk path
(COPY on PostgreSQL, executemany in one transaction on SQLite).

Each dossier is built by the demo seeder's rules (`dossiers.demo`): seasonality, channels,
outcomes early/on time/late against the stored due time, supplements, apologies, refusals,
withdrawals, recent ones pending, with their history events. Codes are issued as intake
issues them (rules.md §4: agency identifier, receipt date, gapless per unit and day, in order
of receipt) and the DossierCounter rows hold the last number of each unit-day, so intake
continues the sequence. The report rollup is rebuilt at the end. The same --seed gives the
same data. Dossiers are generated day by day and written in chunks: memory stays bounded.
"""

import random
import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role
from catalog.models import AdministrativeUnit, Field, Level, Procedure, ProcedureVersion
from catalog.services import procedure_version_create, procedure_version_publish
from catalog.specs import PaperSpec
from common.text import fold
from dossiers.bulk import NewEvent
from dossiers.catalog_index import CatalogIndex
from dossiers.demo import PROCEDURE_WEIGHTS, DemoDataExists, NewDossier, _Builder
from dossiers.demo import _weighted_working_days as weighted_working_days
from dossiers.demo_users import demo_users_ensure
from dossiers.models import Dossier, DossierCounter, DossierEvent, Status
from dossiers.partitioning import partitions_ensure
from dossiers.transitions import Action
from reports.maintenance import rollup_rebuild
from workcalendar.rules import TimeRule, TimeRuleKind
from workcalendar.selectors import get_work_calendar

CHUNK = 20_000  # dossiers per write
SYNTHETIC_PREFIX = "TH."  # codes of the synthetic procedures (thủ tục tổng hợp)
SAMPLE = 10_000  # rows kept to replay in the baseline
STUCK_WINDOW = timedelta(days=730)

# Varied time rules for the synthetic procedures.
RULES = [
    TimeRule(TimeRuleKind.SAME_DAY, 0, time(15, 0)),
    TimeRule(TimeRuleKind.SAME_DAY, 0, time(11, 0)),
    TimeRule(TimeRuleKind.WORKING_HOURS, 4),
    TimeRule(TimeRuleKind.WORKING_HOURS, 16),
    *(TimeRule(TimeRuleKind.WORKING_DAYS, n) for n in (1, 2, 3, 5, 7, 10, 12, 15, 20, 30)),
]


@dataclass
class GenerateResult:
    dossiers: int = 0
    events: int = 0
    counters: int = 0
    rollup_rows: int = 0
    procedures_created: int = 0
    units: int = 0
    versions: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    sample_dossiers: list[tuple] = field(default_factory=list)
    sample_events: list[tuple] = field(default_factory=list)


def synthetic_procedures_ensure(*, total: int, rng: random.Random) -> int:
    """Create synthetic published procedures (`TH.0001`…) until `total` procedures exist,
    a third of them with a second version from 01/07/2021 with another time rule."""
    missing = total - Procedure.objects.count()
    if missing <= 0:
        return 0
    fields = list(Field.objects.order_by("code").values_list("code", flat=True))
    if not fields:
        raise ValueError("Chưa có lĩnh vực nào: hãy chạy load_reference trước.")
    first = Procedure.objects.filter(code__startswith=SYNTHETIC_PREFIX).count() + 1
    with transaction.atomic():
        for number in range(first, first + missing):
            code = f"{SYNTHETIC_PREFIX}{number:04d}"
            windows = [(date(2016, 1, 1), None)]
            if rng.random() < 1 / 3:
                windows = [(date(2016, 1, 1), None), (date(2021, 7, 1), None)]
            for effective_from, _ in windows:
                version = procedure_version_create(
                    procedure_code=code,
                    name=f"Thủ tục tổng hợp số {number} (dữ liệu đo hiệu năng)",
                    field_code=rng.choice(fields),
                    level=Level.COMMUNE,
                    time_rule=rng.choice(RULES),
                    fee_kind=ProcedureVersion.FeeKind.FREE,
                    effective_from=effective_from,
                    result="Kết quả giải quyết",
                    papers=[PaperSpec(name="Tờ khai"), PaperSpec(name="Giấy tờ tùy thân")],
                )
                procedure_version_publish(version=version, published_at=timezone.now())
    return missing


class _Versions:
    """The versions in force on a day with their weights, cached per day (days come in order)."""

    def __init__(self, index: CatalogIndex, rng: random.Random) -> None:
        self.index = index
        codes = index.procedure_codes()
        # Real procedures keep the demo's frequencies; synthetic ones get a long tail.
        self.weights = {
            code: PROCEDURE_WEIGHTS.get(code, 1.0 if not code.startswith(SYNTHETIC_PREFIX) else 0)
            for code in codes
        }
        for code in codes:
            if code.startswith(SYNTHETIC_PREFIX):
                self.weights[code] = round(rng.paretovariate(1.5), 2)
        self.day: date | None = None
        self.current: tuple[list[ProcedureVersion], list[float]] = ([], [])

    def on(self, day: date) -> tuple[list[ProcedureVersion], list[float]]:
        if day != self.day:
            versions, weights = [], []
            for code, weight in self.weights.items():
                version = self.index.version(code, day)
                if version is not None:
                    versions.append(version)
                    weights.append(weight)
            self.day, self.current = day, (versions, weights)
        return self.current


class _GeneratingBuilder(_Builder):
    """The demo builder, with the version chosen from a per-day cache (150 procedures) and a
    share of the last two years' dossiers left pending (a backlog for the queues)."""

    stuck = 0.0

    def _fate(self, row: NewDossier, version, sessions, people) -> None:
        rng, received_at = self.rng, row.received_at
        if self.stuck and self.now - received_at < STUCK_WINDOW and rng.random() < self.stuck:
            assigned = self._after(row.effective_start, rng.randint(5, 60), sessions)
            if assigned < self.now:  # assigned, then left on a desk: pending (overdue later)
                row.events.append(
                    NewEvent(
                        Action.ASSIGN,
                        assigned,
                        Status.RECEIVED,
                        Status.IN_PROGRESS,
                        people[Role.APPROVER],
                    )
                )
                row.extra["assignee_id"] = people[Role.SPECIALIST]
                row.status = Status.IN_PROGRESS
            return
        super()._fate(row, version, sessions, people)


class BulkWriter:
    """Rows to a table through the fastest path of the database: COPY on PostgreSQL,
    executemany on SQLite (inside the caller's transaction)."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table, self.columns = table, list(columns)
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: Iterable[tuple]) -> None:
        cols = ", ".join(self.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({cols}) VALUES ({marks})",  # noqa: S608
                    [tuple(map(_sqlite_value, row)) for row in rows],
                )


def _sqlite_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


DOSSIER_TABLE = Dossier._meta.db_table
EVENT_TABLE = DossierEvent._meta.db_table
DOSSIER_COLUMNS = [f.attname for f in Dossier._meta.concrete_fields]
EVENT_COLUMNS = [f.attname for f in DossierEvent._meta.concrete_fields if f.attname != "id"]
_DEFAULTS = {f.attname: f.get_default() for f in Dossier._meta.concrete_fields}


def dossiers_generate(
    *,
    dossiers: int,
    years: int = 10,
    until: date | None = None,
    procedures: int = 150,
    seed: int = 2026,
    stuck: float = 0.03,
    rebuild_rollup: bool = True,
    progress: Callable | None = None,
) -> GenerateResult:
    """Generate `dossiers` dossiers received over the `years` years up to `until` (today);
    `stuck` of those received in the last two years are left pending after assignment.
    The database must hold no dossier yet (codes are numbered from 1 on every unit-day)."""
    if Dossier.objects.exists():
        raise DemoDataExists(
            "Cơ sở dữ liệu đã có hồ sơ; chỉ tạo dữ liệu đo hiệu năng trên cơ sở dữ liệu trống."
        )
    result = GenerateResult()
    seconds = result.seconds
    began = started = clock.perf_counter()
    rng = random.Random(seed)
    # Its own generator: the dossiers come out the same whether the procedures existed or not.
    result.procedures_created = synthetic_procedures_ensure(
        total=procedures, rng=random.Random(f"procedures {seed}")
    )
    now = timezone.now()
    until = until or timezone.localdate(now)
    since = until.replace(year=until.year - years) + timedelta(days=1)
    cal = get_work_calendar()
    actors = demo_users_ensure()
    index = CatalogIndex()
    versions = _Versions(index, rng)
    result.versions = ProcedureVersion.objects.filter(
        status=ProcedureVersion.Status.PUBLISHED
    ).count()
    units = list(AdministrativeUnit.objects.receiving().order_by("code", "valid_from"))
    unit_size = {unit.pk: rng.uniform(0.5, 1.5) for unit in units}
    days, weights = weighted_working_days(cal, since, until)
    if not days:
        raise ValueError("Không có ngày làm việc nào trong khoảng thời gian đã chọn.")
    per_day = Counter(rng.choices(range(len(days)), weights, k=dossiers))
    builder = _GeneratingBuilder(rng, cal, now, actors, index)
    builder.stuck = stuck

    # On PostgreSQL every year written gets its partition first, not the DEFAULT one.
    partitions_ensure(connection, since=since)
    seconds["prepare"] = clock.perf_counter() - began

    dossier_writer = BulkWriter(DOSSIER_TABLE, DOSSIER_COLUMNS)
    event_writer = BulkWriter(EVENT_TABLE, EVENT_COLUMNS)
    counters: dict[tuple[int, date], int] = {}
    folded: dict[str, str] = {}
    used_units: set[int] = set()
    dossier_rows: list[tuple] = []
    event_rows: list[tuple] = []
    next_id = 1
    bar = progress(total=dossiers, desc="Tạo hồ sơ", unit=" hồ sơ") if progress else None

    def flush() -> None:
        began = clock.perf_counter()
        dossier_writer.write(dossier_rows)
        middle = clock.perf_counter()
        event_writer.write(event_rows)
        seconds["write dossiers"] += middle - began
        seconds["write events"] += clock.perf_counter() - middle
        if len(result.sample_dossiers) < SAMPLE:
            result.sample_dossiers.extend(dossier_rows[: SAMPLE - len(result.sample_dossiers)])
            result.sample_events.extend(event_rows[: SAMPLE * 5 - len(result.sample_events)])
        result.dossiers += len(dossier_rows)
        result.events += len(event_rows)
        dossier_rows.clear()
        event_rows.clear()

    with transaction.atomic():
        for day_index, count in sorted(per_day.items()):
            began = clock.perf_counter()
            day = days[day_index]
            candidates = [
                u for u in units if u.valid_from <= day and (u.valid_to is None or day < u.valid_to)
            ]
            if not candidates:
                continue
            in_force, version_weights = versions.on(day)
            chosen_units = rng.choices(candidates, [unit_size[u.pk] for u in candidates], k=count)
            chosen_versions = rng.choices(in_force, version_weights, k=count)
            built = [
                row
                for unit, version in zip(chosen_units, chosen_versions, strict=True)
                if (row := builder.build_for(unit, day, version)) is not None
            ]
            built.sort(key=lambda r: r.received_at)
            for row in built:
                key = (row.unit.pk, day)
                number = counters[key] = counters.get(key, 0) + 1
                row.code = f"{row.unit.agency_id}-{day:%y%m%d}-{number:04d}"
                used_units.add(row.unit.pk)
                name = row.applicant_name
                values = {
                    **_DEFAULTS,
                    "id": next_id,
                    "code": row.code,
                    "unit_id": row.unit.pk,
                    "procedure_version_id": row.procedure_version.pk,
                    "channel": row.channel,
                    "status": row.status,
                    "applicant_name": name,
                    "applicant_name_folded": folded.get(name)
                    or folded.setdefault(name, fold(name)),
                    "applicant_id_number": row.applicant_id_number,
                    "applicant_phone": row.applicant_phone,
                    "received_at": row.received_at,
                    "effective_start": row.effective_start,
                    "due_at": row.due_at,
                    "finished_at": row.finished_at,
                    "outcome": row.outcome,
                    "imported": False,
                    **row.extra,
                }
                dossier_rows.append(tuple(values[c] for c in DOSSIER_COLUMNS))
                for event in row.events:
                    event_rows.append(
                        (
                            next_id,
                            event.action,
                            event.actor_id,
                            event.at,
                            event.from_status,
                            event.to_status,
                            event.note,
                            "{}",
                        )
                    )
                next_id += 1
            seconds["generate"] += clock.perf_counter() - began
            if len(dossier_rows) >= CHUNK:
                flush()
            if bar is not None:
                bar.update(count)
        if dossier_rows:
            flush()
        if bar is not None:
            bar.close()

        began = clock.perf_counter()
        BulkWriter(DossierCounter._meta.db_table, ["unit_id", "day", "last"]).write(
            (unit_id, day, last) for (unit_id, day), last in sorted(counters.items())
        )
        result.counters = len(counters)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Dossier, DossierEvent, DossierCounter]
            ):
                cursor.execute(sql)
        seconds["counters"] = clock.perf_counter() - began
        began = clock.perf_counter()
    # PostgreSQL checks the (deferred) foreign keys of every row at COMMIT.
    seconds["commit"] = clock.perf_counter() - began

    result.units = len(used_units)
    if rebuild_rollup:
        began = clock.perf_counter()
        result.rollup_rows = rollup_rebuild(progress=progress)
        seconds["rollup rebuild"] = clock.perf_counter() - began
    if connection.vendor == "postgresql":
        began = clock.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DOSSIER_TABLE}")
            cursor.execute(f"ANALYZE {EVENT_TABLE}")
        seconds["analyze"] = clock.perf_counter() - began
    seconds["total"] = clock.perf_counter() - started
    return result


def bulk_baseline(*, sample: list[tuple], columns: list[str], source: str, rows: int) -> float:
    """Seconds to write `rows` rows of the same shape as `source` (its columns, no index, no
    constraint) through the same bulk path, replaying `sample` with fresh ids and codes, in
    one transaction; the table is dropped afterwards."""
    if not sample:
        return 0.0
    table = f"bench_baseline_{source}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {table} (LIKE {source} INCLUDING IDENTITY)")
        else:
            cursor.execute(f"CREATE TABLE {table} AS SELECT * FROM {source} WHERE 0")  # noqa: S608
    writer = BulkWriter(table, columns)
    code = columns.index("code") if "code" in columns else None

    def replay():
        for i in range(rows):
            row = sample[i % len(sample)]
            if code is not None:
                row = (i + 1, *row[1:code], f"B{i}", *row[code + 1 :])
            yield row

    elapsed = 0.0
    with transaction.atomic():
        done = 0
        stream = replay()
        while done < rows:
            batch = [next(stream) for _ in range(min(CHUNK, rows - done))]
            began = clock.perf_counter()
            writer.write(batch)
            elapsed += clock.perf_counter() - began
            done += len(batch)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
    return elapsed
