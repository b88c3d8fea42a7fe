"""Every write to a dossier goes through these functions (one per action of the transition
table). Each locks the row, checks the table and the actor's roles, writes, and appends to
the history in one transaction; listeners hear about it only after the commit."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.selectors import user_roles_at
from audit.models import Event as AuditEvent
from audit.services import audit_record
from catalog.models import AdministrativeUnit, ProcedureVersion
from common.rows import insert_rows
from common.text import fold
from dossiers.attachments import ScanRejected, display_name, scan_content_type
from dossiers.errors import ActionNotAllowed, InvalidDossierInput
from dossiers.models import (
    Channel,
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierPaper,
    DossierTransfer,
    Outcome,
)
from dossiers.models import Status as S
from dossiers.numbering import dossier_code_allocate
from dossiers.signals import dossier_step_recorded, dossier_transitioned
from dossiers.transitions import TRANSITIONS, Action
from dossiers.validation import Applicant, applicant_clean
from reports.rollup import DossierFacts, rollup_apply
from workcalendar.calendar import WorkCalendar
from workcalendar.services import desk_open_at, due_for


@dataclass(frozen=True)
class PaperReceived:
    name: str
    copy_kind: str
    count: int = 1
    required_paper_id: int | None = None


@dataclass(frozen=True)
class Digitisation:
    """What the desk records at receipt for Decision 766's online and digitisation scores."""

    paid_online: bool = False
    papers_digitised: bool = False
    papers_reused: bool = False


@dataclass
class _Change:
    """What one action does to a locked dossier, besides moving its status."""

    note: str = ""
    data: dict = field(default_factory=dict)


# ---------------------------------------------------------------- intake

# Read once: a choices class builds its list of values anew at every `.values`.
CHANNELS = frozenset(Channel.values)


def dossier_receive(
    *,
    actor: User,
    unit: AdministrativeUnit,
    procedure_version: ProcedureVersion,
    channel: Channel | str,
    applicant: Applicant,
    papers: list[PaperReceived],
    received_at: datetime | None = None,
    note: str = "",
    digitisation: "Digitisation | None" = None,
    calendar: WorkCalendar | None = None,
) -> Dossier:
    """Receive a complete dossier: issue its code, compute and store its due time (with
    `calendar` if the caller holds the current one, else workcalendar's)."""
    facts = digitisation or Digitisation()
    now = timezone.now()
    received_at = received_at or now
    _require_role(actor, unit.pk, Action.RECEIVE)
    if timezone.is_naive(received_at):
        raise InvalidDossierInput(_("Thời điểm tiếp nhận phải có múi giờ."))
    if received_at > now:
        raise InvalidDossierInput(_("Thời điểm tiếp nhận không được ở tương lai."))
    day = timezone.localdate(received_at)
    _check_unit_and_procedure(unit, procedure_version, day)
    if channel not in CHANNELS:
        raise InvalidDossierInput(_("Kênh nộp «%(channel)s» không hợp lệ.") % {"channel": channel})
    clean_applicant = _clean_applicant(applicant)
    _check_papers(procedure_version, papers)

    due = due_for(
        received_at=received_at,
        rule=procedure_version.time_rule,
        sessions=unit.sessions(),
        calendar=calendar,
    )
    with transaction.atomic():
        dossier = Dossier(
            code=dossier_code_allocate(unit=unit, day=day),
            unit=unit,
            procedure_version=procedure_version,
            channel=channel,
            status=S.RECEIVED,
            applicant_name=clean_applicant.name,
            applicant_name_folded=fold(clean_applicant.name),
            applicant_id_number=clean_applicant.id_number,
            applicant_phone=clean_applicant.phone,
            applicant_email=clean_applicant.email,
            applicant_address=clean_applicant.address,
            received_at=received_at,
            effective_start=due.effective_start,
            due_at=due.due_at,
            paid_online=facts.paid_online,
            papers_digitised=facts.papers_digitised,
            papers_reused=facts.papers_reused,
        )
        insert_rows(dossier)
        rollup_apply(before=None, after=DossierFacts.of(dossier))  # report counters, same txn
        insert_rows(
            *(
                DossierPaper(
                    dossier=dossier,
                    required_paper_id=p.required_paper_id,
                    name=p.name,
                    copy_kind=p.copy_kind,
                    count=p.count,
                )
                for p in papers
            )
        )
        _record(
            dossier, Action.RECEIVE, actor, now, "", S.RECEIVED, note, {"due_at": _iso(due.due_at)}
        )
    return dossier


def _check_unit_and_procedure(
    unit: AdministrativeUnit, version: ProcedureVersion, day: date
) -> None:
    if not unit.is_receiving:
        raise InvalidDossierInput(
            _("%(unit)s không phải là đơn vị tiếp nhận hồ sơ.") % {"unit": unit.name}
        )
    if unit.valid_from > day or (unit.valid_to is not None and unit.valid_to <= day):
        raise InvalidDossierInput(
            _("%(unit)s không còn hiệu lực vào ngày %(day)s.")
            % {"unit": unit.name, "day": f"{day:%d/%m/%Y}"}
        )
    if version.status != ProcedureVersion.Status.PUBLISHED:
        raise InvalidDossierInput(_("Thủ tục này chưa được công bố, không thể tiếp nhận hồ sơ."))
    if version.effective_from > day or (
        version.effective_to is not None and version.effective_to <= day
    ):
        raise InvalidDossierInput(
            _("Phiên bản thủ tục %(code)s không áp dụng vào ngày %(day)s.")
            % {"code": version.procedure.code, "day": f"{day:%d/%m/%Y}"}
        )


def _clean_applicant(applicant: Applicant) -> Applicant:
    clean, errors = applicant_clean(applicant)
    if errors:
        raise InvalidDossierInput(" ".join(errors))
    return clean


def missing_papers(version: ProcedureVersion, papers: list[PaperReceived]) -> list:
    """The required papers of `version` that `papers` lack (or has too few of)."""
    received: dict[int, int] = {}
    for paper in papers:
        if paper.required_paper_id:
            received[paper.required_paper_id] = (
                received.get(paper.required_paper_id, 0) + paper.count
            )
    return [
        paper
        for paper in version.papers.all()
        if not paper.optional and received.get(paper.pk, 0) < paper.count
    ]


def _check_papers(version: ProcedureVersion, papers: list[PaperReceived]) -> None:
    """A dossier is received only when complete; otherwise the desk issues Mẫu 02."""
    if any(p.count < 1 for p in papers):
        raise InvalidDossierInput(_("Số lượng giấy tờ phải lớn hơn 0."))
    missing = missing_papers(version, papers)
    if missing:
        listed = "; ".join(f"{p.name} ({p.get_copy_kind_display()}: {p.count})" for p in missing)
        raise InvalidDossierInput(_("Hồ sơ chưa đủ giấy tờ: %(papers)s.") % {"papers": listed})


# ---------------------------------------------------------------- transitions


def dossier_assign(*, actor: User, dossier: Dossier, assignee: User, note: str = "") -> Dossier:
    if Role.SPECIALIST not in user_roles_at(user=assignee, unit_id=dossier.unit_id):
        raise InvalidDossierInput(
            _("%(user)s không phải chuyên viên xử lý của đơn vị.") % {"user": assignee}
        )

    def change(d: Dossier, now: datetime) -> _Change:
        d.assignee = assignee
        # the name as it was then, so the history shows it without a look-up per line
        name = assignee.get_full_name() or assignee.username
        return _Change(note, {"assignee": assignee.username, "assignee_name": name})

    return _transition(actor=actor, dossier=dossier, action=Action.ASSIGN, change=change)


def dossier_submit_for_approval(*, actor: User, dossier: Dossier, note: str = "") -> Dossier:
    return _transition(
        actor=actor,
        dossier=dossier,
        action=Action.SUBMIT_FOR_APPROVAL,
        change=lambda d, now: _Change(note),
    )


def dossier_send_back(*, actor: User, dossier: Dossier, note: str) -> Dossier:
    _require_text(note, _("Cần ghi lý do trả lại chuyên viên."))
    return _transition(
        actor=actor, dossier=dossier, action=Action.SEND_BACK, change=lambda d, now: _Change(note)
    )


def dossier_approve(
    *, actor: User, dossier: Dossier, result: str, note: str = "", result_digitised: bool = False
) -> Dossier:
    _require_text(result, _("Cần ghi kết quả giải quyết."))

    def change(d: Dossier, now: datetime) -> _Change:
        d.result, d.finished_at, d.outcome = result.strip(), now, Outcome.RESOLVED
        d.result_digitised = result_digitised
        return _Change(note, {"result": d.result})

    return _transition(actor=actor, dossier=dossier, action=Action.APPROVE, change=change)


def dossier_request_supplement(
    *, actor: User, dossier: Dossier, missing_papers: list[str], reason: str
) -> Dossier:
    """Mẫu 02: ask once for everything missing; the clock stops until the papers come back."""
    papers = [p.strip() for p in missing_papers if p.strip()]
    if not papers:
        raise InvalidDossierInput(_("Cần liệt kê các giấy tờ phải bổ sung."))
    _require_text(reason, _("Cần ghi lý do yêu cầu bổ sung."))

    def change(d: Dossier, now: datetime) -> _Change:
        if d.events.filter(action=Action.REQUEST_SUPPLEMENT).exists():
            raise ActionNotAllowed(
                _("Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai.")
            )
        d.clock_stopped_at = now
        return _Change(reason.strip(), {"missing_papers": papers})

    return _transition(
        actor=actor, dossier=dossier, action=Action.REQUEST_SUPPLEMENT, change=change
    )


def dossier_resubmit(*, actor: User, dossier: Dossier, note: str = "") -> Dossier:
    """The complete dossier is back: the time limit restarts from zero (Decree 61 art. 19.4)."""

    def change(d: Dossier, now: datetime) -> _Change:
        due = due_for(
            received_at=now, rule=d.procedure_version.time_rule, sessions=d.unit.sessions()
        )
        previous = d.due_at
        d.effective_start, d.due_at = due.effective_start, due.due_at
        d.clock_stopped_at = None
        return _Change(note, {"previous_due_at": _iso(previous), "due_at": _iso(due.due_at)})

    return _transition(actor=actor, dossier=dossier, action=Action.RESUBMIT, change=change)


def dossier_refuse(*, actor: User, dossier: Dossier, reason: str) -> Dossier:
    """Mẫu 03 after appraisal: the dossier is finished with outcome refused."""
    _require_text(reason, _("Cần ghi lý do từ chối giải quyết."))

    def change(d: Dossier, now: datetime) -> _Change:
        d.refusal_reason, d.finished_at, d.outcome = reason.strip(), now, Outcome.REFUSED
        return _Change(reason.strip())

    return _transition(actor=actor, dossier=dossier, action=Action.REFUSE, change=change)


def dossier_withdraw(*, actor: User, dossier: Dossier, reason: str) -> Dossier:
    _require_text(reason, _("Cần ghi lý do công dân rút hồ sơ."))

    def change(d: Dossier, now: datetime) -> _Change:
        d.finished_at, d.outcome = now, Outcome.WITHDRAWN
        return _Change(reason.strip())

    return _transition(actor=actor, dossier=dossier, action=Action.WITHDRAW, change=change)


def dossier_transfer(
    *, actor: User, dossier: Dossier, agency_name: str, task: str, deadline: datetime
) -> Dossier:
    """Liên thông: hand the dossier to another agency with its task and its own deadline."""
    _require_text(agency_name, _("Cần ghi cơ quan nhận hồ sơ liên thông."))
    _require_text(task, _("Cần ghi nhiệm vụ của cơ quan nhận."))
    if timezone.is_naive(deadline):
        raise InvalidDossierInput(_("Thời hạn của cơ quan nhận phải có múi giờ."))

    def change(d: Dossier, now: datetime) -> _Change:
        if deadline <= now:
            raise InvalidDossierInput(_("Thời hạn của cơ quan nhận phải sau thời điểm chuyển."))
        transfer = DossierTransfer.objects.create(
            dossier=d,
            agency_name=agency_name.strip(),
            task=task.strip(),
            deadline=deadline,
            sent_at=now,
        )
        return _Change(
            task.strip(),
            {
                "transfer_id": transfer.pk,
                "agency": transfer.agency_name,
                "deadline": _iso(deadline),
            },
        )

    return _transition(actor=actor, dossier=dossier, action=Action.TRANSFER, change=change)


def dossier_receive_back(*, actor: User, dossier: Dossier, note: str = "") -> Dossier:
    def change(d: Dossier, now: datetime) -> _Change:
        transfer = d.transfers.filter(returned_at__isnull=True).order_by("-sent_at").first()
        data = {}
        if transfer is not None:
            transfer.returned_at = now
            transfer.save(update_fields=["returned_at"])
            data = {
                "transfer_id": transfer.pk,
                "agency": transfer.agency_name,
                "on_time": now <= transfer.deadline,
            }
        return _Change(note, data)

    return _transition(actor=actor, dossier=dossier, action=Action.RECEIVE_BACK, change=change)


def apology_refusal(dossier: Dossier, now: datetime) -> str | None:
    """Why Mẫu 04 can no longer be made for `dossier` at `now` (rules.md §3: once, at least
    one day before the due date), or None while it can. The page offers the action only then."""
    if dossier.apology_at is not None:
        return _("Hồ sơ đã có phiếu xin lỗi; chỉ được hẹn lại một lần.")
    if timezone.localdate(now) >= timezone.localdate(dossier.due_at):
        return _(
            "Phiếu xin lỗi và hẹn lại phải được lập chậm nhất 01 ngày trước hạn trả kết "
            "quả (%(due)s)."
        ) % {"due": f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}"}
    return None


def dossier_apologise(
    *, actor: User, dossier: Dossier, reason: str, new_appointment: datetime
) -> Dossier:
    """Mẫu 04: once, at least one day before the due date. Timeliness is still judged
    against the original due time (rules.md §3)."""
    _require_text(reason, _("Cần ghi lý do chậm trễ."))
    if timezone.is_naive(new_appointment):
        raise InvalidDossierInput(_("Ngày hẹn lại phải có múi giờ."))

    def change(d: Dossier, now: datetime) -> _Change:
        refusal = apology_refusal(d, now)
        if refusal:
            raise ActionNotAllowed(refusal)
        if new_appointment <= d.due_at:
            raise InvalidDossierInput(_("Ngày hẹn lại phải sau hạn trả kết quả ban đầu."))
        sessions = d.unit.sessions()
        if not desk_open_at(moment=new_appointment, sessions=sessions):
            raise InvalidDossierInput(
                _(
                    "Ngày hẹn lại phải vào giờ làm việc của đơn vị: một ngày làm việc, trong "
                    "các buổi %(sessions)s."
                )
                % {"sessions": ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in sessions)}
            )
        d.apology_at, d.appointment_at = now, new_appointment
        return _Change(reason.strip(), {"appointment_at": _iso(new_appointment)})

    return _transition(actor=actor, dossier=dossier, action=Action.APOLOGISE, change=change)


def dossier_return_result(
    *,
    actor: User,
    dossier: Dossier,
    returned_to: str,
    id_checked: bool,
    fee_collected: int | None = None,
    late_reason: str = "",
    note: str = "",
) -> Dossier:
    """Hand the result over. A late dossier is returned only after an apology (Mẫu 04) or
    with the reason for the delay recorded."""
    _require_text(returned_to, _("Cần ghi người nhận kết quả."))
    if fee_collected is not None and fee_collected < 0:
        raise InvalidDossierInput(_("Số phí đã thu không được âm."))

    def change(d: Dossier, now: datetime) -> _Change:
        late = d.finished_at is not None and d.finished_at > d.due_at
        if late and d.apology_at is None and not late_reason.strip():
            raise ActionNotAllowed(
                _(
                    "Hồ sơ trễ hạn chưa có phiếu xin lỗi (Mẫu 04): cần ghi lý do trễ hạn trước khi "
                    "trả kết quả."
                )
            )
        d.returned_at, d.returned_to = now, " ".join(returned_to.split())
        d.return_id_checked, d.fee_collected = id_checked, fee_collected
        data = {
            "returned_to": d.returned_to,
            "id_checked": id_checked,
            "fee_collected": fee_collected,
        }
        if late_reason.strip():
            data["late_reason"] = late_reason.strip()
        return _Change(note, data)

    return _transition(actor=actor, dossier=dossier, action=Action.RETURN_RESULT, change=change)


def dossier_note_add(*, actor: User, dossier: Dossier, text: str) -> Dossier:
    """An internal note, kept in the history (officers of the unit only)."""
    _require_text(text, _("Ghi chú không được để trống."))
    return _transition(
        actor=actor,
        dossier=dossier,
        action=Action.NOTE,
        change=lambda d, now: _Change(text.strip()),
    )


def dossier_attachment_add(
    *,
    actor: User,
    dossier: Dossier,
    name: str,
    content: bytes,
    kind: str = DossierAttachment.Kind.PAPER,
) -> DossierAttachment:
    """Store a scan (PDF, JPEG or PNG, checked by content, size-limited) with the dossier.
    `kind` IDENTITY marks an identity-document scan (dossiers.privacy limits its readers)."""
    if kind not in DossierAttachment.Kind.values:
        raise InvalidDossierInput(_("Loại giấy tờ không hợp lệ."))
    try:
        content_type = scan_content_type(content)
    except ScanRejected as error:
        raise InvalidDossierInput(error.message) from error
    digest = hashlib.sha256(content).hexdigest()
    holder: list[DossierAttachment] = []

    def change(d: Dossier, now: datetime) -> _Change:
        attachment = DossierAttachment(
            dossier=d,
            name=display_name(name, content_type),
            kind=kind,
            content_type=content_type,
            size=len(content),
            sha256=digest,
            uploaded_by=actor,
            uploaded_at=now,
        )
        attachment.file.save(digest, ContentFile(content), save=False)
        attachment.save()
        holder.append(attachment)
        return _Change(attachment.name, {"attachment_id": attachment.pk, "sha256": digest})

    _transition(actor=actor, dossier=dossier, action=Action.ATTACH, change=change)
    return holder[0]


# ---------------------------------------------------------------- the one transition path


def _transition(
    *,
    actor: User,
    dossier: Dossier,
    action: Action,
    change: Callable[[Dossier, datetime], _Change],
) -> Dossier:
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("unit", "procedure_version")
            .get(pk=dossier.pk)
        )
        _require_role(actor, locked.unit_id, action)
        if locked.status not in transition.sources:
            raise ActionNotAllowed(
                _("Không thể «%(action)s» hồ sơ %(code)s đang ở trạng thái «%(status)s».")
                % {"action": action.label, "code": locked.code, "status": S(locked.status).label}
            )
        now = timezone.now()
        from_status = locked.status
        before = DossierFacts.of(locked)  # report counters: replace the old contribution
        result = change(locked, now)
        if transition.target is not None:
            locked.status = transition.target
        locked.save()
        rollup_apply(before=before, after=DossierFacts.of(locked))
        _record(locked, action, actor, now, from_status, locked.status, result.note, result.data)
    return locked


def _record(
    dossier: Dossier,
    action: Action,
    actor: User | None,
    at: datetime,
    from_status: str,
    to_status: str,
    note: str,
    data: dict,
) -> DossierEvent:
    event = DossierEvent(
        dossier=dossier,
        action=action,
        actor=actor,
        at=at,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data,
    )
    insert_rows(event)
    dossier_step_recorded.send(sender=Dossier, dossier=dossier, action=action, event=event)
    receive = action is Action.RECEIVE
    audit_record(  # last write of the transaction: it locks the audit chain's head
        event=AuditEvent.DOSSIER_RECEIVE if receive else AuditEvent.DOSSIER_TRANSITION,
        actor=actor,
        obj=dossier,
        before={"status": from_status} if from_status else None,
        after={"action": action.value, "status": to_status, "data": data},
        reason=f"note: {len(note)} characters" if note else "",
    )
    transaction.on_commit(
        lambda: dossier_transitioned.send(
            sender=Dossier, dossier_id=dossier.pk, action=action, event_id=event.pk, event=event
        )
    )
    return event


def _require_role(actor: User, unit_id: int, action: Action) -> None:
    if not user_roles_at(user=actor, unit_id=unit_id) & TRANSITIONS[action].roles:
        raise ActionNotAllowed(
            _("Bạn không có vai trò được phép «%(action)s» hồ sơ của đơn vị này.")
            % {"action": action.label}
        )


def _iso(moment: datetime) -> str:
    """History data keeps times as Vietnam-time ISO 8601 (+07:00), as people read them."""
    return timezone.localtime(moment).isoformat()


def _require_text(value: str, message: str) -> None:
    if not value or not value.strip():
        raise InvalidDossierInput(message)
