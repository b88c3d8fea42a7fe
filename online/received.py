"""After receipt: the citizen answers a supplement request made after appraisal (Decree 61
art. 19.4) by uploading papers, the reception officer takes them in (the dossier's clock
restarts through `dossiers.services.dossier_resubmit`), and officers publish result files
that only the citizen downloads. Each step is kept in the submission's history."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.selectors import user_roles_at
from dossiers.errors import DossierError
from dossiers.models import Action, Dossier, Status
from dossiers.services import dossier_attachment_add, dossier_resubmit, dossier_return_result
from online.errors import InvalidInput, NotAllowed
from online.files import upload_check
from online.models import CitizenUpload, PublishedResult, Submission, SubmissionEvent
from online.models import SubmissionAction as A
from online.notify import result_online_send
from online.services import audit_submission

# Statuses in which a result (or a refusal) has been issued and can be published online.
RESULT_STATUSES = frozenset({Status.RESULT_READY, Status.RETURNED, Status.REFUSED})


def supplement_requested_papers(dossier: Dossier) -> tuple[list[str], str]:
    """The papers and the reason of the dossier's supplement request (Mẫu 02), if any."""
    event = dossier.events.filter(action=Action.REQUEST_SUPPLEMENT).order_by("-at").first()
    if event is None:
        return [], ""
    return list(event.data.get("missing_papers", [])), event.note


def citizen_upload_add(
    *, actor: User, dossier: Dossier, label: str, name: str, content: bytes
) -> CitizenUpload:
    """The citizen uploads one requested paper (PDF, JPEG or PNG by content)."""
    checked = upload_check(name=name, content=content)
    with transaction.atomic():
        submission, locked = _lock_as_owner(actor, dossier)
        papers, _reason = supplement_requested_papers(locked)
        if label not in papers:
            raise InvalidInput(_("Hãy chọn giấy tờ được yêu cầu bổ sung."))
        now = timezone.now()
        upload = CitizenUpload(
            dossier=locked,
            label=label,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
            uploaded_at=now,
        )
        upload.file.save(checked.sha256, ContentFile(content), save=False)
        upload.save()
        _record(submission, A.SUPPLEMENT_UPLOAD, actor, now, checked.name, {"paper": label})
    return upload


def citizen_supplement_send(*, actor: User, dossier: Dossier) -> int:
    """Send the uploaded papers to the desk; returns how many were sent."""
    with transaction.atomic():
        submission, locked = _lock_as_owner(actor, dossier)
        pending = CitizenUpload.objects.filter(dossier=locked, sent_at__isnull=True)
        labels = sorted({u.label for u in pending})
        if not labels:
            raise InvalidInput(_("Chưa tải lên giấy tờ bổ sung nào."))
        papers, _reason = supplement_requested_papers(locked)
        sent_before = set(
            CitizenUpload.objects.filter(dossier=locked, sent_at__isnull=False).values_list(
                "label", flat=True
            )
        )
        missing = [p for p in papers if p not in sent_before and p not in labels]
        if missing:
            raise InvalidInput(
                _("Còn thiếu giấy tờ bổ sung: %(papers)s.") % {"papers": "; ".join(missing)}
            )
        now = timezone.now()
        count = pending.update(sent_at=now)
        _record(submission, A.SUPPLEMENT_SEND, actor, now, "", {"papers": labels})
    return count


def citizen_supplement_take(*, actor: User, dossier: Dossier, note: str = "") -> Dossier:
    """The reception officer takes the sent papers in: they become the dossier's scans and
    the complete dossier resumes with a fresh time limit (dossier_resubmit)."""
    with transaction.atomic():
        submission = _submission_of(dossier)
        uploads = list(
            CitizenUpload.objects.select_for_update()
            .filter(dossier=dossier, sent_at__isnull=False, taken_at__isnull=True)
            .order_by("uploaded_at", "pk")
        )
        if not uploads:
            raise InvalidInput(_("Công dân chưa gửi giấy tờ bổ sung nào."))
        try:
            resumed = dossier_resubmit(actor=actor, dossier=dossier, note=note.strip())
            for upload in uploads:
                with upload.file.open("rb") as stored:
                    content = stored.read()
                # The paper it answers, then the citizen's file name: "Giấy xác nhận cư
                # trú - don.pdf" (a "/" in the paper's name would read as a folder).
                labelled = f"{upload.label.replace('/', '-')} - {upload.name}"
                dossier_attachment_add(actor=actor, dossier=resumed, name=labelled, content=content)
        except DossierError as error:
            raise InvalidInput(error.message) from None
        now = timezone.now()
        CitizenUpload.objects.filter(pk__in=[u.pk for u in uploads]).update(taken_at=now)
        _record(submission, A.SUPPLEMENT_TAKE, actor, now, note.strip(), {"files": len(uploads)})
    return resumed


def result_publish(
    *,
    actor: User,
    dossier: Dossier,
    name: str,
    content: bytes,
    hand_over: bool = False,
    late_reason: str = "",
) -> PublishedResult:
    """Publish a result file (PDF, JPEG or PNG by content) to the citizen who submitted the
    dossier online. Reception officers of the unit, once a result or refusal is issued.

    With `hand_over` the online copy is the result itself: the dossier is returned to the
    applicant in the same transaction (the counter's return step, with the same rule for a
    late dossier), or nothing is published."""
    checked = upload_check(name=name, content=content)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if Role.RECEPTION not in user_roles_at(user=actor, unit_id=locked.unit_id):
            raise NotAllowed(_("Chỉ cán bộ một cửa của đơn vị mới trả kết quả trực tuyến."))
        if locked.status not in RESULT_STATUSES:
            raise NotAllowed(
                _("Hồ sơ %(code)s chưa có kết quả (trạng thái «%(status)s»).")
                % {"code": locked.code, "status": Status(locked.status).label}
            )
        submission = _submission_of(locked)
        now = timezone.now()
        result = PublishedResult(
            dossier=locked,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            published_by=actor,
            published_at=now,
        )
        result.file.save(checked.sha256, ContentFile(content), save=False)
        result.save()
        _record(submission, A.RESULT_PUBLISH, actor, now, checked.name, {"result_id": result.pk})
        if hand_over:
            try:
                dossier_return_result(
                    actor=actor,
                    dossier=locked,
                    # Stored in the history in Vietnamese, whatever the officer's language.
                    returned_to=f"{submission.applicant_name} (nhận trực tuyến)",
                    id_checked=False,
                    late_reason=late_reason,
                    note=f"Trả kết quả trực tuyến: {checked.name}",
                )
            except DossierError as error:
                raise NotAllowed(error.message) from None
        result_online_send(
            submission=submission, dossier=locked, file_name=checked.name, handed_over=hand_over
        )
    return result


def _submission_of(dossier: Dossier) -> Submission:
    try:
        return Submission.objects.get(dossier=dossier)
    except Submission.DoesNotExist:
        raise NotAllowed(_("Hồ sơ này không được nộp trực tuyến.")) from None


def _lock_as_owner(actor: User, dossier: Dossier) -> tuple[Submission, Dossier]:
    """The dossier, locked, if `actor` submitted it and it waits for a supplement."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    submission = _submission_of(locked)
    if submission.citizen_id != actor.pk:
        raise NotAllowed(_("Chỉ người nộp hồ sơ mới được thực hiện thao tác này."))
    if locked.status != Status.AWAITING_SUPPLEMENT:
        raise NotAllowed(_("Hồ sơ không ở trạng thái chờ bổ sung."))
    return submission, locked


def _record(
    submission: Submission, action: A, actor: User, at: datetime, note: str, data: dict
) -> SubmissionEvent:
    event = SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        actor=actor,
        at=at,
        from_status=submission.status,
        to_status=submission.status,
        note=note,
        data=data,
    )
    audit_submission(submission, action, actor, submission.status, submission.status, note, data)
    return event
