"""The report computed straight from the Dossier table: one aggregate query per period,
every column counted on its own (conditional counts), none derived from the others, so
the identities are a real check. O(dossiers received before the end of the period): the
reference the rollup must equal, and the baseline of the benchmark.

The "earlier calendar date" test compares local dates (TruncDate in Asia/Ho_Chi_Minh) of
the finish and due times; Django renders it for SQLite and PostgreSQL alike.
"""

from datetime import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from dossiers.models import Dossier
from reports.definitions import KEYS, REFUSED, WITHDRAWN, Counts, Period
from workcalendar.calendar import VN_TZ


def direct_groups(
    *, period: Period, as_of: datetime, unit_ids: list[int] | None, by: tuple[str, ...]
) -> dict[tuple, Counts]:
    """The report's counts per group of `by` (Dossier fields, e.g. ("unit_id",); () for
    one total), grouped in SQL."""
    start, end = period.starts_at, period.ends_at
    # Received before the end and not finished before the start: nothing else counts.
    dossiers = Dossier.objects.filter(
        Q(finished_at__isnull=True) | Q(finished_at__gte=start), received_at__lt=end
    )
    if unit_ids is not None:
        dossiers = dossiers.filter(unit_id__in=unit_ids)

    new = Q(received_at__gte=start)
    finished = Q(finished_at__gte=start, finished_at__lt=end)
    withdrawn = Q(outcome=WITHDRAWN)
    judged = finished & ~withdrawn
    pending = Q(finished_at__isnull=True) | Q(finished_at__gte=end)
    waiting = Q(clock_stopped_at__isnull=False, clock_stopped_at__lte=as_of)
    not_waiting = Q(clock_stopped_at__isnull=True) | Q(clock_stopped_at__gt=as_of)
    conditions = {
        "received_total": Q(),
        "received_carried_over": ~new,
        "received_new": new,
        "received_online": new & Q(channel="online"),
        "received_direct": new & Q(channel="direct"),
        "received_postal": new & Q(channel="postal"),
        "resolved_total": finished,
        "resolved_early": judged & Q(finished_day__lt=F("due_day")),
        "resolved_on_time": finished
        & (withdrawn | Q(finished_at__lte=F("due_at"), finished_day__gte=F("due_day"))),
        "resolved_late": judged & Q(finished_at__gt=F("due_at")),
        "resolved_refused": finished & Q(outcome=REFUSED),
        "resolved_withdrawn": finished & withdrawn,
        "pending_total": pending,
        "pending_within_time": pending & (Q(due_at__gte=as_of) | waiting),
        "pending_overdue": pending & Q(due_at__lt=as_of) & not_waiting,
    }
    counts = {key: Count("pk", filter=conditions[key]) for key in KEYS}
    dossiers = dossiers.annotate(
        finished_day=TruncDate("finished_at", tzinfo=VN_TZ),
        due_day=TruncDate("due_at", tzinfo=VN_TZ),
    ).order_by()
    if by:
        rows = {tuple(row[k] for k in by): row for row in dossiers.values(*by).annotate(**counts)}
    else:
        rows = {(): dossiers.aggregate(**counts)}
    groups = {key: Counts(**{k: row[k] for k in KEYS}) for key, row in rows.items()}
    return {key: c for key, c in groups.items() if not c.is_zero()}
