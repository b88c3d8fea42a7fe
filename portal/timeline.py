"""A dossier's history told to the citizen in plain words.

Built from the dossier's events, with only what the citizen may see: no officer names, no
internal notes, no attachments. Steps that mean the same to the citizen ("being processed")
are told once until something else happens."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from dossiers.models import Action

PROCESSING = frozenset(
    {
        Action.ASSIGN,
        Action.SUBMIT_FOR_APPROVAL,
        Action.SEND_BACK,
        Action.TRANSFER,
        Action.RECEIVE_BACK,
    }
)


@dataclass(frozen=True)
class Step:
    at: datetime
    kind: str
    title: str
    items: list[str] = field(default_factory=list)  # e.g. the papers to supplement
    when_label: str = ""
    when: datetime | None = None  # e.g. the appointment


class Event(NamedTuple):
    """What the timeline reads of a DossierEvent (portal.lookup.EVENT_COLUMNS)."""

    action: str
    at: datetime
    note: str
    data: Any


def where_to_collect(unit_name: str) -> str:
    return _("Bộ phận tiếp nhận và trả kết quả — %(unit)s") % {"unit": unit_name}


def _moment(data: dict, key: str) -> datetime | None:
    raw = data.get(key)
    return datetime.fromisoformat(raw) if isinstance(raw, str) else None


def _step(event: Event, unit_name: str) -> Step | None:
    action, data, at = event.action, event.data or {}, event.at
    if action in (Action.RECEIVE, Action.IMPORT):
        return Step(
            at,
            "received",
            _("Hồ sơ đã được tiếp nhận."),
            when_label=_("Hẹn trả kết quả"),
            when=_moment(data, "due_at"),
        )
    if action in PROCESSING:
        return Step(at, "processing", _("Hồ sơ đang được giải quyết."))
    if action == Action.REQUEST_SUPPLEMENT:
        return Step(
            at,
            "supplement",
            _("Hồ sơ cần bổ sung. Mời ông/bà nộp thêm các giấy tờ sau:"),
            items=[str(paper) for paper in data.get("missing_papers", [])],
        )
    if action == Action.RESUBMIT:
        return Step(
            at,
            "resubmitted",
            _("Đã nhận đủ giấy tờ bổ sung; hồ sơ tiếp tục được giải quyết."),
            when_label=_("Hẹn trả kết quả mới"),
            when=_moment(data, "due_at"),
        )
    if action == Action.REFUSE:
        return Step(
            at,
            "refused",
            _("Hồ sơ bị từ chối giải quyết."),
            items=[_("Lý do: %(reason)s") % {"reason": event.note}] if event.note else [],
        )
    if action == Action.APOLOGISE:
        return Step(
            at,
            "apology",
            _("Cơ quan giải quyết xin lỗi vì chưa trả được kết quả đúng hẹn."),
            when_label=_("Ngày hẹn trả kết quả mới"),
            when=_moment(data, "appointment_at"),
        )
    if action == Action.APPROVE:
        return Step(
            at,
            "result_ready",
            _("Đã có kết quả. Mời ông/bà đến nhận kết quả tại: %(place)s.")
            % {"place": where_to_collect(unit_name)},
        )
    if action == Action.RETURN_RESULT:
        return Step(at, "returned", _("Đã trả kết quả."))
    if action == Action.WITHDRAW:
        return Step(at, "withdrawn", _("Hồ sơ đã được rút theo đề nghị của người nộp."))
    return None  # internal notes, scans


def published_step(at: datetime) -> Step:
    """A result, or a refusal's letter, put in the applicant's online account: worded for
    both."""
    return Step(
        at,
        "published",
        _(
            "Văn bản giải quyết hồ sơ đã được gửi vào tài khoản dịch vụ công của người nộp: "
            "ông/bà đăng nhập để xem và tải về."
        ),
    )


def dossier_timeline(
    events: list[Event], unit_name: str, *, published_at: datetime | None = None
) -> list[Step]:
    """The citizen's timeline from the dossier's `events` (oldest first; of the unit
    `unit_name`), with the first online publication of its result at `published_at`."""
    steps: list[Step] = []
    for event in events:
        step = _step(event, unit_name)
        if step is None:
            continue
        if step.kind == "processing" and steps and steps[-1].kind in {"processing", "resubmitted"}:
            continue
        steps.append(step)
    if published_at is not None:
        # Published once a result exists (approved at an earlier moment): before any step
        # taken at the same moment or later, the return of a hand-over among them.
        later = next((i for i, s in enumerate(steps) if s.at >= published_at), len(steps))
        steps.insert(later, published_step(published_at))
    return steps
