"""Every write to an online submission goes through these functions. Each locks the row,
checks the transition table and the actor (the owning citizen, or a reception officer of
the unit), writes, and appends to the submission's history in one transaction.

Acceptance is the one bridge to the dossier: `dossiers.services.dossier_receive` with the
channel "online" and the time of the last complete submission as the receipt time, so the
clock starts by rules.md §3 (the next office session when submitted at night or on a day
off). The receipt notice (Mẫu 01) is sent by the notifications app on that receive step.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import user_roles_at
from audit.models import Event as AuditEvent
from audit.services import audit_record
from catalog.models import AdministrativeUnit, ProcedureVersion, RequiredPaper
from dossiers.errors import DossierError
from dossiers.models import Channel, Dossier
from dossiers.services import Applicant, PaperReceived, dossier_attachment_add, dossier_receive
from dossiers.validation import applicant_clean
from notifications.models import Kind
from online import notify
from online.errors import InvalidInput, NotAllowed
from online.files import upload_check
from online.models import Submission, SubmissionEvent, SubmissionFile
from online.models import SubmissionAction as A
from online.models import SubmissionStatus as S
from online.selectors import citizen_profile_of, online_procedures, online_units
from online.transitions import EDITABLE, TRANSITIONS


@dataclass
class _Change:
    note: str = ""
    data: dict = field(default_factory=dict)


# ---------------------------------------------------------------- the citizen


def submission_create(
    *, actor: User, unit: AdministrativeUnit, procedure_version: ProcedureVersion
) -> Submission:
    """A draft for `procedure_version` at `unit`, the applicant filled in from the profile."""
    profile = citizen_profile_of(actor)
    if profile is None:
        raise NotAllowed(_("Chỉ công dân có tài khoản mới nộp hồ sơ trực tuyến."))
    _check_offered(unit, procedure_version)
    now = timezone.now()
    with transaction.atomic():
        submission = Submission.objects.create(
            citizen=actor,
            unit=unit,
            procedure_version=procedure_version,
            status=S.DRAFT,
            applicant_name=profile.full_name,
            applicant_id_number=profile.id_number,
            applicant_phone=profile.phone,
            applicant_email=profile.email,
            applicant_address=profile.address,
            created_at=now,
            updated_at=now,
        )
        _record(submission, A.CREATE, actor, now, "", S.DRAFT, "", {})
    return submission


def submission_update_applicant(
    *, actor: User, submission: Submission, applicant: Applicant
) -> Submission:
    clean = _clean_applicant(applicant)
    values = {
        "applicant_name": clean.name,
        "applicant_id_number": clean.id_number,
        "applicant_phone": clean.phone,
        "applicant_email": clean.email,
        "applicant_address": clean.address,
    }
    unchanged = all(getattr(submission, name) == value for name, value in values.items())
    if unchanged and submission.citizen_id == actor.pk and submission.status in EDITABLE:
        return submission  # "save" without changes: nothing to write or to record

    def change(s: Submission, now: datetime) -> _Change:
        changed = sorted(name for name, value in values.items() if getattr(s, name) != value)
        for name, value in values.items():
            setattr(s, name, value)
        return _Change(data={"fields": changed})

    return _transition(actor=actor, submission=submission, action=A.EDIT, change=change)


def submission_file_upload(
    *, actor: User, submission: Submission, required_paper_id: int, name: str, content: bytes
) -> SubmissionFile:
    """The scan of one paper of the checklist; a newer upload replaces the current one."""
    checked = upload_check(name=name, content=content)
    holder: list[SubmissionFile] = []

    def change(s: Submission, now: datetime) -> _Change:
        try:
            paper = s.procedure_version.papers.get(pk=required_paper_id)
        except RequiredPaper.DoesNotExist:
            raise InvalidInput(_("Giấy tờ này không thuộc thủ tục của hồ sơ.")) from None
        replaced = s.files.filter(required_paper=paper, superseded_at__isnull=True)
        previous = [f.sha256 for f in replaced]
        replaced.update(superseded_at=now)
        upload = SubmissionFile(
            submission=s,
            required_paper=paper,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_at=now,
        )
        upload.file.save(checked.sha256, ContentFile(content), save=False)
        upload.save()
        holder.append(upload)
        data = {"paper": paper.name, "file_id": upload.pk, "sha256": checked.sha256}
        if previous:
            data["replaces_sha256"] = previous[0]
        return _Change(checked.name, data)

    _transition(actor=actor, submission=submission, action=A.UPLOAD, change=change)
    return holder[0]


def submission_missing_papers(submission: Submission) -> list[RequiredPaper]:
    """Required (not optional) papers of the checklist without a current upload."""
    uploaded = set(
        submission.files.filter(superseded_at__isnull=True).values_list(
            "required_paper_id", flat=True
        )
    )
    return [
        paper
        for paper in submission.procedure_version.papers.all()
        if not paper.optional and paper.pk not in uploaded
    ]


def submission_submit(*, actor: User, submission: Submission) -> Submission:
    """Send the complete submission to the desk (again, after a supplement request)."""
    action = A.RESUBMIT if submission.status == S.SUPPLEMENT_REQUESTED else A.SUBMIT

    def change(s: Submission, now: datetime) -> _Change:
        problems = []
        missing = submission_missing_papers(s)
        if missing:
            problems.append(
                _("Hồ sơ còn thiếu giấy tờ: %(papers)s.")
                % {"papers": "; ".join(p.name for p in missing)}
            )
        if s.status == S.SUPPLEMENT_REQUESTED:
            stale = _requested_not_uploaded(s)
            if stale:
                problems.append(
                    _("Chưa tải lên bản bổ sung của: %(papers)s.") % {"papers": "; ".join(stale)}
                )
        if not s.applicant_name.strip():
            problems.append(_("Chưa nhập họ và tên người nộp hồ sơ."))
        if problems:
            raise InvalidInput(" ".join(problems))
        _check_offered(s.unit, s.procedure_version)
        s.submitted_at = now
        s.first_submitted_at = s.first_submitted_at or now
        return _Change()

    return _transition(actor=actor, submission=submission, action=action, change=change)


def _requested_not_uploaded(s: Submission) -> list[str]:
    """Papers named in the supplement request with no upload since the request."""
    requested = {p["id"]: p["name"] for p in s.supplement_papers if p.get("id")}
    fresh = set(
        s.files.filter(
            superseded_at__isnull=True, uploaded_at__gte=s.supplement_requested_at
        ).values_list("required_paper_id", flat=True)
    )
    return [name for pk, name in requested.items() if pk not in fresh]


def submission_withdraw(*, actor: User, submission: Submission, reason: str = "") -> Submission:
    return _transition(
        actor=actor,
        submission=submission,
        action=A.WITHDRAW,
        change=lambda s, now: _Change(reason.strip()),
    )


# ---------------------------------------------------------------- the desk


def submission_accept(*, actor: User, submission: Submission, note: str = "") -> Dossier:
    """Receive the submission as a dossier (channel online, received at the last complete
    submission) and attach its scans, in the same transaction as marking it accepted."""
    holder: list[Dossier] = []

    def change(s: Submission, now: datetime) -> _Change:
        assert s.submitted_at is not None  # noqa: S101 - every submitted row has it
        files = list(s.files.filter(superseded_at__isnull=True).select_related("required_paper"))
        papers = [
            PaperReceived(
                name=f.required_paper.name,
                copy_kind=f.required_paper.copy_kind,
                count=f.required_paper.count,
                required_paper_id=f.required_paper_id,
            )
            for f in files
        ]
        try:
            dossier = dossier_receive(
                actor=actor,
                unit=s.unit,
                procedure_version=s.procedure_version,
                channel=Channel.ONLINE,
                applicant=Applicant(
                    name=s.applicant_name,
                    id_number=s.applicant_id_number,
                    phone=s.applicant_phone,
                    email=s.applicant_email,
                    address=s.applicant_address,
                ),
                papers=papers,
                received_at=s.submitted_at,
                note=note.strip(),
            )
            for f in files:
                with f.file.open("rb") as stored:
                    content = stored.read()
                dossier_attachment_add(actor=actor, dossier=dossier, name=f.name, content=content)
        except DossierError as error:
            raise InvalidInput(error.message) from None
        s.dossier, s.decided_at, s.decided_by = dossier, now, actor
        holder.append(dossier)
        return _Change(note.strip(), {"dossier": dossier.code})

    _transition(actor=actor, submission=submission, action=A.ACCEPT, change=change)
    return holder[0]


def submission_request_supplement(
    *, actor: User, submission: Submission, paper_ids: list[int], reason: str
) -> Submission:
    """Ask once, completely (Decree 61 art. 15.3, 17): the papers to upload again or add,
    and why. The citizen sees it on their page and answers by uploading and resubmitting."""
    if not reason.strip():
        raise InvalidInput(_("Cần ghi lý do yêu cầu bổ sung."))
    if not paper_ids:
        raise InvalidInput(_("Cần chọn các giấy tờ phải bổ sung."))

    def change(s: Submission, now: datetime) -> _Change:
        if s.supplement_requested_at is not None:
            raise NotAllowed(
                _("Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai.")
            )
        papers = list(s.procedure_version.papers.filter(pk__in=paper_ids))
        if len(papers) != len(set(paper_ids)):
            raise InvalidInput(_("Giấy tờ này không thuộc thủ tục của hồ sơ."))
        s.supplement_requested_at = now
        s.supplement_papers = [{"id": p.pk, "name": p.name} for p in papers]
        s.supplement_reason = reason.strip()
        s.decided_by = actor
        notify.submission_decision_send(submission=s, kind=Kind.SUPPLEMENT_REQUEST)
        return _Change(reason.strip(), {"papers": [p.name for p in papers]})

    return _transition(
        actor=actor, submission=submission, action=A.REQUEST_SUPPLEMENT, change=change
    )


def submission_refuse(*, actor: User, submission: Submission, reason: str) -> Submission:
    """Refuse to receive (wrong agency, not eligible…), with the reason shown to the citizen."""
    if not reason.strip():
        raise InvalidInput(_("Cần ghi lý do từ chối tiếp nhận."))

    def change(s: Submission, now: datetime) -> _Change:
        s.refusal_reason, s.decided_at, s.decided_by = reason.strip(), now, actor
        notify.submission_decision_send(submission=s, kind=Kind.REFUSAL)
        return _Change(reason.strip())

    return _transition(actor=actor, submission=submission, action=A.REFUSE, change=change)


# ---------------------------------------------------------------- the one transition path


def _transition(
    *,
    actor: User,
    submission: Submission,
    action: A,
    change: Callable[[Submission, datetime], _Change],
) -> Submission:
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("unit", "procedure_version__procedure")
            .get(pk=submission.pk)
        )
        _require_actor(actor, locked, action)
        if locked.status not in transition.sources:
            raise NotAllowed(
                _("Không thể «%(action)s» hồ sơ %(ref)s đang ở trạng thái «%(status)s».")
                % {
                    "action": action.label,
                    "ref": locked.reference,
                    "status": S(locked.status).label,
                }
            )
        now = timezone.now()
        from_status = locked.status
        result = change(locked, now)
        if transition.target is not None:
            locked.status = transition.target
        locked.updated_at = now
        locked.save()
        _record(locked, action, actor, now, from_status, locked.status, result.note, result.data)
    return locked


def _require_actor(actor: User, submission: Submission, action: A) -> None:
    roles = TRANSITIONS[action].roles
    if roles is None:
        if submission.citizen_id != actor.pk:
            raise NotAllowed(_("Chỉ người nộp hồ sơ mới được thực hiện thao tác này."))
    elif not user_roles_at(user=actor, unit_id=submission.unit_id) & roles:
        raise NotAllowed(
            _("Bạn không có vai trò được phép «%(action)s» hồ sơ của đơn vị này.")
            % {"action": action.label}
        )


def _record(
    submission: Submission,
    action: A,
    actor: User,
    at: datetime,
    from_status: str,
    to_status: str,
    note: str,
    data: dict,
) -> SubmissionEvent:
    event = SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        actor=actor,
        at=at,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data,
    )
    audit_submission(submission, action, actor, from_status, to_status, note, data)
    return event


def audit_submission(
    submission: Submission,
    action: A,
    actor: User,
    from_status: str,
    to_status: str,
    note: str,
    data: dict,
) -> None:
    """The audit entry of a submission's history row (the last write of its transaction)."""
    audit_record(
        event=AuditEvent.SUBMISSION_TRANSITION,
        actor=actor,
        obj=submission,
        before={"status": from_status} if from_status else None,
        after={"action": str(action), "status": to_status, "data": data},
        reason=f"note: {len(note)} characters" if note else "",
    )


def _check_offered(unit: AdministrativeUnit, version: ProcedureVersion) -> None:
    today = timezone.localdate()
    if not online_units(today).filter(pk=unit.pk).exists():
        raise InvalidInput(
            _("%(unit)s không tiếp nhận hồ sơ vào ngày %(day)s.")
            % {"unit": unit.name, "day": f"{today:%d/%m/%Y}"}
        )
    if not online_procedures(unit=unit, on=today).filter(pk=version.pk).exists():
        raise InvalidInput(
            _("Thủ tục «%(name)s» không nhận hồ sơ trực tuyến tại %(unit)s vào ngày %(day)s.")
            % {"name": version.name, "unit": unit.name, "day": f"{today:%d/%m/%Y}"}
        )


def _clean_applicant(applicant: Applicant) -> Applicant:
    """The applicant rules of the desk (dossiers.validation), with Vietnamese messages."""
    clean, errors = applicant_clean(applicant)
    if errors:
        raise InvalidInput(" ".join(errors))
    return clean
