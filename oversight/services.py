"""Every write to a programme goes through these functions: each checks the actor, writes,
and appends a ProgrammeEvent in the same transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import Event as AuditEvent
from audit.services import audit_record
from catalog.models import AdministrativeUnit
from dossiers.models import Dossier
from oversight.errors import OversightError
from oversight.evidence import COLUMN_KEYS, period_dossiers
from oversight.models import (
    Finding,
    FindingKind,
    Programme,
    ProgrammeEvent,
    ProgrammeStatus,
    ReadLog,
    Recommendation,
    RecommendationStatus,
    SampleItem,
    SelfReport,
    Session,
)
from oversight.sampling import CHECKLIST, sample
from oversight.selectors import (
    may_create_programme,
    recommendation_to_answer,
    units_supervisable_by,
)
from reports.definitions import Period

ORDER = list(ProgrammeStatus)


@dataclass(frozen=True)
class ProgrammeInput:
    decision_number: str
    decision_date: date
    body: str
    head: str
    subject: str
    period_start: date
    period_end: date


def _log(programme: Programme, actor: User, action: str, data: dict) -> None:
    ProgrammeEvent.objects.create(
        programme=programme, actor=actor, at=timezone.now(), action=action, data=data
    )
    audit_record(  # last write of every transaction here: it locks the audit chain's head
        event=AuditEvent.OVERSIGHT_CHANGE,
        actor=actor,
        obj=programme,
        after={"action": action, "data": data},
    )


def _require_committee(programme: Programme, actor: User) -> None:
    if not (
        actor.is_superuser
        or programme.created_by_id == actor.pk
        or programme.members.filter(pk=actor.pk).exists()
    ):
        raise OversightError(_("Bạn không thuộc đoàn giám sát của chương trình này."))


def _require_editable(programme: Programme, actor: User) -> None:
    """A member's write to a programme whose follow-up has not been closed."""
    _require_committee(programme, actor)
    _require_open(programme)


def _require_open(programme: Programme) -> None:
    if programme.status == ProgrammeStatus.FOLLOW_UP_CLOSED:
        raise OversightError(
            _("Chương trình đã kết thúc theo dõi: không ghi thêm hay sửa được nữa.")
        )


def programme_create(
    *,
    actor: User,
    data: ProgrammeInput,
    units: Sequence[AdministrativeUnit],
    members: Sequence[User] = (),
) -> Programme:
    if not may_create_programme(user=actor):
        raise OversightError(_("Bạn không được lập chương trình giám sát."))
    if data.period_end < data.period_start:
        raise OversightError(_("Ngày kết thúc kỳ giám sát phải sau ngày bắt đầu."))
    if data.decision_date > timezone.localdate():
        raise OversightError(_("Ngày quyết định không được sau hôm nay."))
    if not units:
        raise OversightError(_("Cần chọn ít nhất một đơn vị được giám sát."))
    absent = [
        unit.dated_name
        for unit in units
        if unit.valid_from > data.period_end
        or (unit.valid_to is not None and unit.valid_to <= data.period_start)
    ]
    if absent:  # nothing to supervise: the unit did not exist during the period
        raise OversightError(
            _("Đơn vị không tồn tại trong kỳ giám sát: %(units)s.") % {"units": "; ".join(absent)}
        )
    reachable = set(units_supervisable_by(user=actor).values_list("pk", flat=True))
    if any(unit.pk not in reachable for unit in units):
        raise OversightError(_("Có đơn vị không thuộc phạm vi giám sát của bạn."))
    for member in members:
        if not member.memberships.filter(role=Role.SUPERVISOR).exists():
            raise OversightError(
                _("%(user)s không có vai trò đại biểu giám sát.") % {"user": member}
            )
    with transaction.atomic():
        programme = Programme.objects.create(
            **data.__dict__, created_by=actor, created_at=timezone.now()
        )
        programme.units.set(units)
        programme.members.set(members)
        _log(
            programme,
            actor,
            "create",
            {"units": [u.pk for u in units], "members": [m.pk for m in members]},
        )
    return programme


def programme_status_set(*, actor: User, programme: Programme, status: str) -> Programme:
    """Statuses move forward one step at a time."""
    _require_committee(programme, actor)
    target = ProgrammeStatus(status)
    if ORDER.index(target) != ORDER.index(ProgrammeStatus(programme.status)) + 1:
        raise OversightError(_("Chỉ chuyển sang bước kế tiếp của chương trình."))
    with transaction.atomic():
        before = programme.status
        programme.status = target
        programme.save(update_fields=["status"])
        _log(programme, actor, "status", {"from": before, "to": target.value})
    return programme


def session_add(
    *,
    actor: User,
    programme: Programme,
    unit: AdministrativeUnit,
    day: date,
    place: str,
    attendees: str,
) -> Session:
    _require_editable(programme, actor)
    if not programme.units.filter(pk=unit.pk).exists():
        raise OversightError(_("Đơn vị không thuộc chương trình giám sát."))
    if day < programme.decision_date:  # the delegation works once it has been set up
        raise OversightError(
            _("Ngày làm việc %(day)s trước ngày quyết định thành lập đoàn giám sát (%(decision)s).")
            % {"day": f"{day:%d/%m/%Y}", "decision": f"{programme.decision_date:%d/%m/%Y}"}
        )
    with transaction.atomic():
        session = Session.objects.create(
            programme=programme, unit=unit, day=day, place=place.strip(), attendees=attendees
        )
        _log(programme, actor, "session", {"unit": unit.pk, "day": day.isoformat()})
    return session


def self_report_set(
    *,
    actor: User,
    programme: Programme,
    unit: AdministrativeUnit,
    values: dict[str, int],
    source: str,
) -> SelfReport:
    """The unit's own II.06a columns 3–13 (typed in or read from its spreadsheet)."""
    _require_editable(programme, actor)
    if set(values) != set(COLUMN_KEYS) or any(v < 0 for v in values.values()):
        raise OversightError(_("Cần đủ 11 cột số liệu (cột 3–13), không âm."))
    with transaction.atomic():
        report, _created = SelfReport.objects.update_or_create(
            programme=programme,
            unit=unit,
            defaults={
                "values": values,
                "source": source,
                "entered_by": actor,
                "entered_at": timezone.now(),
            },
        )
        _log(programme, actor, "self_report", {"unit": unit.pk, "source": source, **values})
    return report


def sample_draw(
    *, actor: User, programme: Programme, unit: AdministrativeUnit, size: int, seed: str
) -> list[SampleItem]:
    """Replace the unit's sample with `size` dossiers of the period drawn with `seed`."""
    _require_editable(programme, actor)
    if not 1 <= size <= 100:
        raise OversightError(_("Cỡ mẫu từ 1 đến 100 hồ sơ."))
    period = Period(programme.period_start, programme.period_end)
    ids = list(period_dossiers(unit_id=unit.pk, period=period).values_list("pk", flat=True))
    chosen = sample(ids, size=size, seed=seed)
    with transaction.atomic():
        SampleItem.objects.filter(programme=programme, unit=unit).delete()
        items = SampleItem.objects.bulk_create(
            SampleItem(programme=programme, unit=unit, dossier_id=pk, seed=seed, position=i)
            for i, pk in enumerate(chosen, start=1)
        )
        _log(programme, actor, "sample", {"unit": unit.pk, "seed": seed, "dossiers": chosen})
    return items


def sample_check(
    *, actor: User, item: SampleItem, checked: Sequence[str], note: str = ""
) -> SampleItem:
    _require_editable(item.programme, actor)
    with transaction.atomic():
        item.checklist = {key: key in checked for key in CHECKLIST}
        item.note, item.checked_by, item.checked_at = note.strip(), actor, timezone.now()
        item.save()
        _log(item.programme, actor, "sample_check", {"item": item.pk, **item.checklist})
    return item


def finding_add(
    *,
    actor: User,
    programme: Programme,
    kind: str,
    text: str,
    unit: AdministrativeUnit | None = None,
) -> Finding:
    _require_editable(programme, actor)
    if not text.strip():
        raise OversightError(_("Nội dung không được để trống."))
    with transaction.atomic():
        finding = Finding.objects.create(
            programme=programme,
            unit=unit,
            kind=FindingKind(kind),
            text=text.strip(),
            author=actor,
            created_at=timezone.now(),
        )
        _log(programme, actor, "finding", {"finding": finding.pk, "kind": kind})
    return finding


def recommendation_add(
    *,
    actor: User,
    programme: Programme,
    content: str,
    deadline: date,
    unit: AdministrativeUnit | None = None,
    office: str = "",
) -> Recommendation:
    _require_editable(programme, actor)
    if unit is None and not office.strip():
        raise OversightError(_("Cần chọn đơn vị hoặc ghi cơ quan thực hiện kiến nghị."))
    if unit is not None and not programme.units.filter(pk=unit.pk).exists():
        raise OversightError(_("Đơn vị không thuộc chương trình giám sát."))
    if not content.strip():
        raise OversightError(_("Nội dung không được để trống."))
    if deadline < programme.decision_date:  # recommended after the delegation was set up
        raise OversightError(
            _("Thời hạn thực hiện kiến nghị %(day)s trước ngày quyết định giám sát (%(decision)s).")
            % {"day": f"{deadline:%d/%m/%Y}", "decision": f"{programme.decision_date:%d/%m/%Y}"}
        )
    with transaction.atomic():
        rec = Recommendation.objects.create(
            programme=programme,
            unit=unit,
            office=office.strip(),
            content=content.strip(),
            deadline=deadline,
            created_at=timezone.now(),
        )
        _log(programme, actor, "recommendation", {"recommendation": rec.pk})
    return rec


def recommendation_answer(*, actor: User, recommendation_id: int, answer: str) -> Recommendation:
    """An officer of the addressed unit answers (again, while it is open)."""
    rec = recommendation_to_answer(user=actor, pk=recommendation_id)
    if rec.status != RecommendationStatus.OPEN:
        raise OversightError(_("Kiến nghị đã được đoàn giám sát đánh giá."))
    _require_open(rec.programme)
    if not answer.strip():
        raise OversightError(_("Nội dung trả lời không được để trống."))
    with transaction.atomic():
        rec.answer, rec.answered_by, rec.answered_at = answer.strip(), actor, timezone.now()
        rec.save()
        _log(rec.programme, actor, "answer", {"recommendation": rec.pk})
    return rec


def recommendation_mark(
    *, actor: User, recommendation: Recommendation, status: str
) -> Recommendation:
    """The committee closes a recommendation as done, partly done or not done."""
    _require_editable(recommendation.programme, actor)
    target = RecommendationStatus(status)
    if target == RecommendationStatus.OPEN:
        raise OversightError(_("Chọn đã thực hiện, thực hiện một phần hoặc chưa thực hiện."))
    with transaction.atomic():
        recommendation.status = target
        recommendation.closed_by, recommendation.closed_at = actor, timezone.now()
        recommendation.save()
        _log(
            recommendation.programme,
            actor,
            "mark",
            {"recommendation": recommendation.pk, "status": target.value},
        )
    return recommendation


def read_record(
    *,
    actor: User,
    programme: Programme,
    unit: AdministrativeUnit,
    what: str,
    dossier: Dossier | None = None,
    at: datetime | None = None,
) -> ReadLog:
    """A supervisor looked at dossiers through the oversight pages."""
    return ReadLog.objects.create(
        user=actor,
        programme=programme,
        unit=unit,
        dossier=dossier,
        what=what,
        at=at or timezone.now(),
    )
