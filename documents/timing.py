"""Early, on time or late: the classification of rules.md §5, applied to one step."""

from datetime import datetime
from enum import StrEnum

from django.utils import timezone


class Timeliness(StrEnum):
    EARLY = "Trước hạn"
    ON_TIME = "Đúng hạn"
    LATE = "Quá hạn"


def timeliness(*, done_at: datetime, due_at: datetime) -> Timeliness:
    """Early means an earlier calendar date than the due date (Vietnam time), not merely
    an earlier minute: a result ready at 10:00 on the due day is on time, not early."""
    if done_at > due_at:
        return Timeliness.LATE
    if timezone.localdate(done_at) < timezone.localdate(due_at):
        return Timeliness.EARLY
    return Timeliness.ON_TIME
