"""Time-rule value types shared by the catalogue and the due-date functions (rules.md §3)."""

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

DEFAULT_CUTOFF = time(15, 0)
# Default office sessions (rules.md §2): 8 working hours = 1 working day.
DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
MINUTES_PER_WORKING_DAY = 8 * 60


class TimeRuleKind(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class TimeRule:
    """How long a procedure may take: N working days, N working hours, or same day."""

    kind: TimeRuleKind
    amount: int = 0  # days or hours; unused for SAME_DAY
    cutoff: time | None = None  # SAME_DAY only; None means DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        if self.kind is TimeRuleKind.SAME_DAY:
            if self.amount:
                raise ValueError("Quy tắc trong ngày không có số lượng ngày/giờ.")
        elif self.amount <= 0:
            raise ValueError("Số ngày/giờ làm việc phải lớn hơn 0.")

    @property
    def effective_cutoff(self) -> time:
        return self.cutoff or DEFAULT_CUTOFF

    def as_dict(self) -> dict[str, object]:
        if self.kind is TimeRuleKind.SAME_DAY:
            return {"kind": self.kind.value, "cutoff": self.effective_cutoff.strftime("%H:%M")}
        return {"kind": self.kind.value, "amount": self.amount}

    def describe_vi(self) -> str:
        if self.kind is TimeRuleKind.WORKING_DAYS:
            return f"{self.amount} ngày làm việc"
        if self.kind is TimeRuleKind.WORKING_HOURS:
            return f"{self.amount} giờ làm việc"
        return f"Trong ngày (nhận sau {self.effective_cutoff:%H:%M} trả ngày làm việc tiếp theo)"
