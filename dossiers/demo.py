"""Realistic, reproducible demo dossiers (issue #2 §5).

Volumes follow the working calendar with seasonality, a dip after Tết and a rush before
it; the online share grows over the years; most dossiers finish early or on time, some
late (half of those with an apology), some are supplemented, refused or withdrawn, and
recent ones are still pending. Every dossier gets a plausible history by the unit's demo
officers. The same --seed gives the same data.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from catalog.models import AdministrativeUnit, ProcedureVersion
from dossiers.bulk import NewDossier, NewEvent, dossiers_bulk_create
from dossiers.catalog_index import CatalogIndex
from dossiers.demo_users import demo_users_ensure
from dossiers.models import Channel, Outcome, Status
from dossiers.transitions import Action
from workcalendar.calendar import VN_TZ, WorkCalendar, add_working_minutes, compute_due
from workcalendar.rules import MINUTES_PER_WORKING_DAY, TimeRuleKind
from workcalendar.selectors import get_work_calendar

# Relative frequency of procedures at a commune desk (certification dominates).
PROCEDURE_WEIGHTS = {
    "2.000815": 40,
    "2.000884": 12,
    "1.001193": 12,
    "1.004873": 8,
    "1.000894": 6,
    "2.000635": 6,
    "1.000656": 4,
    "2.001035": 4,
    "2.000908": 2,
}
MONTH_WEIGHTS = [0.9, 0.75, 1.05, 1.0, 1.0, 0.95, 1.0, 1.05, 1.1, 1.05, 1.0, 1.15]
FIRST_NAMES = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hằng",
    "Hoa",
    "Hùng",
    "Hương",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngọc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thu",
    "Trang",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu"]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"]


@dataclass(frozen=True)
class SeedResult:
    dossiers: int
    users: int


class DemoDataExists(Exception):
    pass


def online_share(year: int) -> float:
    return min(0.55, max(0.02, 0.02 + (year - 2017) * 0.06))


def demo_seed(
    *, dossiers: int, since: date, until: date | None = None, seed: int = 2018, progress=None
) -> SeedResult:
    from dossiers.models import Dossier

    if Dossier.objects.exists():
        raise DemoDataExists(
            "Cơ sở dữ liệu đã có hồ sơ; dữ liệu dùng thử chỉ được tạo trên cơ sở dữ liệu trống."
        )
    rng = random.Random(seed)
    now = timezone.now()
    until = until or timezone.localdate(now)
    cal = get_work_calendar()
    actors = demo_users_ensure()
    index = CatalogIndex()
    units = list(AdministrativeUnit.objects.receiving().order_by("code", "valid_from"))
    unit_size = {unit.pk: rng.uniform(0.5, 1.5) for unit in units}

    days, weights = _weighted_working_days(cal, since, until)
    if not days:
        raise ValueError("Không có ngày làm việc nào trong khoảng thời gian đã chọn.")
    chosen = sorted(rng.choices(days, weights, k=dossiers))
    builder = _Builder(rng, cal, now, actors, index)
    rows: list[NewDossier] = []
    iterator = progress(chosen, desc="Tạo", unit=" hồ sơ") if progress else chosen

    def draw(day: date) -> None:
        candidates = [
            u for u in units if u.valid_from <= day and (u.valid_to is None or day < u.valid_to)
        ]
        if candidates:
            unit = rng.choices(candidates, [unit_size[u.pk] for u in candidates])[0]
            row = builder.build(unit, day)
            if row is not None:
                rows.append(row)

    for day in iterator:
        draw(day)
    # A draw gives nothing when its receipt time is still to come today, or when no unit or
    # procedure existed that day: draw again until the count asked for (bounded, as a day
    # range with no unit at all could never fill it).
    for _ in range(10 * dossiers):
        if len(rows) >= dossiers:
            break
        draw(rng.choices(days, weights)[0])
    _number(rows)
    with transaction.atomic():
        written = dossiers_bulk_create(rows, imported=False, progress=progress)
    return SeedResult(dossiers=written, users=sum(len(v) for v in actors.values()))


def _weighted_working_days(cal: WorkCalendar, since: date, until: date):
    days, weights = [], []
    day = since
    while day <= until:
        if cal.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    for i, day in enumerate(days):
        weight = MONTH_WEIGHTS[day.month - 1] * (1 + 0.04 * (day.year - 2017))
        gap_before = (day - days[i - 1]).days if i else 1
        if gap_before > 5 or any((days[j] - days[j - 1]).days > 5 for j in range(max(1, i - 4), i)):
            weight *= 0.55  # the first week back after Tết is quiet
        if any((days[j + 1] - days[j]).days > 5 for j in range(i, min(len(days) - 1, i + 5))):
            weight *= 1.3  # the rush before a long break
        weights.append(weight)
    return days, weights


class _Builder:
    def __init__(self, rng, cal, now, actors, index: CatalogIndex) -> None:
        self.rng, self.cal, self.now, self.actors, self.index = rng, cal, now, actors, index

    def build(self, unit: AdministrativeUnit, day: date) -> NewDossier | None:
        rng = self.rng
        versions = [(code, self.index.version(code, day)) for code in self.index.procedure_codes()]
        versions = [(code, v) for code, v in versions if v is not None]
        if not versions:
            return None
        _, version = rng.choices(versions, [PROCEDURE_WEIGHTS.get(c, 1) for c, _ in versions])[0]
        return self.build_for(unit, day, version)

    def build_for(
        self, unit: AdministrativeUnit, day: date, version: ProcedureVersion
    ) -> NewDossier | None:
        """One dossier of `version` received at `unit` on `day`, with its whole history
        (None when the receipt time would fall after now)."""
        rng = self.rng
        channel = self._channel(day.year)
        received_at = self._receipt_time(day, channel)
        if received_at >= self.now:
            return None
        sessions = self.index.sessions(unit)
        due = compute_due(received_at, version.time_rule, self.cal, sessions)
        people = self.actors[unit.pk]
        row = NewDossier(
            code="",
            unit=unit,
            procedure_version=version,
            channel=channel,
            status=Status.RECEIVED,
            applicant_name=self._name(),
            applicant_id_number=f"001{rng.randint(0, 999999999):09d}",
            applicant_phone=f"09{rng.randint(0, 99999999):08d}",
            received_at=received_at,
            effective_start=due.effective_start,
            due_at=due.due_at,
        )
        row.extra.update(self._digitisation(day.year, channel))
        row.events.append(
            NewEvent(Action.RECEIVE, received_at, "", Status.RECEIVED, people[Role.RECEPTION])
        )
        self._fate(row, version, sessions, people)
        return row

    def _digitisation(self, year: int, channel: str) -> dict:
        """Digitisation started around 2022 (Decree 107/2021); online payment with it."""
        rng = self.rng
        share = min(0.9, max(0.0, (year - 2021) * 0.2))
        digitised = rng.random() < share
        return {
            "papers_digitised": digitised,
            "papers_reused": digitised and rng.random() < 0.3,
            "paid_online": channel == Channel.ONLINE and rng.random() < share,
        }

    def _channel(self, year: int) -> str:
        r = self.rng.random()
        if r < online_share(year):
            return Channel.ONLINE
        return Channel.POSTAL if r > 0.985 else Channel.DIRECT

    def _receipt_time(self, day: date, channel: str) -> datetime:
        rng = self.rng
        if channel == Channel.ONLINE and rng.random() < 0.3:
            moment = time(rng.randint(17, 23), rng.randint(0, 59))  # evening submissions
        else:
            minute = rng.randint(0, 6 * 60 + 44)  # 08:00–11:45 and 13:00–16:45
            minute += 60 if minute >= 225 else 0
            moment = time(8 + minute // 60, minute % 60)
        return datetime.combine(day, moment, tzinfo=VN_TZ)

    def _name(self) -> str:
        rng = self.rng
        return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(FIRST_NAMES)}"

    def _after(self, start: datetime, minutes: int, sessions) -> datetime:
        return add_working_minutes(start, max(1, minutes), self.cal, sessions)

    def _fate(self, row: NewDossier, version: ProcedureVersion, sessions, people) -> None:
        rng, ev = self.rng, row.events
        rule = version.time_rule
        allowed = {
            TimeRuleKind.WORKING_DAYS: rule.amount * MINUTES_PER_WORKING_DAY,
            TimeRuleKind.WORKING_HOURS: rule.amount * 60,
        }.get(rule.kind, 150)
        start = row.effective_start
        assigned = self._after(start, rng.randint(5, 60), sessions)
        ev.append(
            NewEvent(
                Action.ASSIGN, assigned, Status.RECEIVED, Status.IN_PROGRESS, people[Role.APPROVER]
            )
        )
        row.extra["assignee_id"] = people[Role.SPECIALIST]
        row.status = Status.IN_PROGRESS
        fate = rng.random()

        if fate < 0.04:  # supplemented: the clock restarts from zero on resubmission
            asked = self._after(assigned, rng.randint(10, 240), sessions)
            back = self._after(asked, rng.randint(1, 6) * MINUTES_PER_WORKING_DAY, sessions)
            if asked >= self.now:
                return  # the request has not happened yet: still in progress
            ev.append(
                NewEvent(
                    Action.REQUEST_SUPPLEMENT,
                    asked,
                    Status.IN_PROGRESS,
                    Status.AWAITING_SUPPLEMENT,
                    people[Role.SPECIALIST],
                    "Thiếu giấy tờ theo quy định",
                )
            )
            row.status = Status.AWAITING_SUPPLEMENT
            if back >= self.now:
                row.extra["clock_stopped_at"] = asked
                return
            due = compute_due(back, rule, self.cal, sessions)
            row.effective_start, row.due_at = due.effective_start, due.due_at
            ev.append(
                NewEvent(
                    Action.RESUBMIT,
                    back,
                    Status.AWAITING_SUPPLEMENT,
                    Status.IN_PROGRESS,
                    people[Role.RECEPTION],
                )
            )
            row.status, start = Status.IN_PROGRESS, due.effective_start

        late = fate > 0.955 or (row.received_at.year == 2017 and fate > 0.93)
        if late:
            finish = self._after(row.due_at, rng.randint(30, 3 * MINUTES_PER_WORKING_DAY), sessions)
        else:
            finish = min(
                self._after(start, int(allowed * rng.uniform(0.15, 1.0)), sessions), row.due_at
            )
        finish = max(finish, assigned + timedelta(minutes=1))
        if 0.04 <= fate < 0.05:
            self._close(
                row,
                finish,
                Outcome.WITHDRAWN,
                Action.WITHDRAW,
                people[Role.RECEPTION],
                Status.WITHDRAWN,
            )
            return
        if 0.05 <= fate < 0.065:
            self._close(
                row, finish, Outcome.REFUSED, Action.REFUSE, people[Role.APPROVER], Status.REFUSED
            )
            return
        if 0.065 <= fate < 0.075 and self.now - row.received_at < timedelta(days=120):
            return  # stuck on someone's desk: pending, and overdue once its due time passes
        if late and rng.random() < 0.5:
            apology = row.due_at - timedelta(days=rng.randint(1, 2))
            if row.effective_start < apology < self.now:
                row.extra["apology_at"] = apology
                # when the desk is open, as dossier_apologise requires
                row.extra["appointment_at"] = self._after(finish, rng.randint(60, 1800), sessions)
                ev.append(
                    NewEvent(
                        Action.APOLOGISE,
                        apology,
                        Status.IN_PROGRESS,
                        Status.IN_PROGRESS,
                        people[Role.APPROVER],
                        "Cần xác minh thêm",
                    )
                )
        submitted = finish - timedelta(minutes=rng.randint(1, 20))
        if submitted >= self.now:
            return  # still being processed
        ev.append(
            NewEvent(
                Action.SUBMIT_FOR_APPROVAL,
                max(submitted, assigned),
                Status.IN_PROGRESS,
                Status.AWAITING_APPROVAL,
                people[Role.SPECIALIST],
            )
        )
        row.status = Status.AWAITING_APPROVAL
        if finish >= self.now:
            return
        self._close(
            row,
            finish,
            Outcome.RESOLVED,
            Action.APPROVE,
            people[Role.APPROVER],
            Status.RESULT_READY,
        )
        row.extra["result"] = version.result or "Kết quả giải quyết"
        row.extra["result_digitised"] = row.received_at.year >= 2022 and rng.random() < 0.6
        returned = self._after(finish, rng.randint(0, 2 * MINUTES_PER_WORKING_DAY), sessions)
        if returned < self.now:
            ev.append(
                NewEvent(
                    Action.RETURN_RESULT,
                    returned,
                    Status.RESULT_READY,
                    Status.RETURNED,
                    people[Role.RECEPTION],
                )
            )
            row.status = Status.RETURNED
            row.extra.update(
                returned_at=returned,
                returned_to=row.applicant_name,
                return_id_checked=True,
                fee_collected=version.fee_amount or 0,
            )

    def _close(self, row, finish, outcome, action, actor, status) -> None:
        if finish >= self.now:
            return
        row.events.append(NewEvent(action, finish, row.status, status, actor))
        row.finished_at, row.outcome, row.status = finish, outcome, status


def _number(rows: list[NewDossier]) -> None:
    """Codes as intake issues them: per unit and day, in order of receipt."""
    rows.sort(key=lambda r: r.received_at)
    sequence: dict[tuple[int, date], int] = defaultdict(int)
    for row in rows:
        day = row.received_at.astimezone(VN_TZ).date()
        sequence[(row.unit.pk, day)] += 1
        row.code = f"{row.unit.agency_id}-{day:%y%m%d}-{sequence[(row.unit.pk, day)]:04d}"
