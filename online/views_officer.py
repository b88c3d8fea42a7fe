"""The desk's side of online submissions: the queue, a submission with its scans, and the
three answers (accept, ask once for a supplement, refuse); then, for received online
dossiers, the citizen's supplement papers and the result files published to them."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AuthenticatedRequest
from accounts.models import Role, User
from accounts.selectors import user_roles_at
from audit.models import Event as AuditEvent
from audit.services import audit_file_read, audit_record
from dossiers.models import Dossier, Status
from dossiers.privacy import (
    ShownApplicant,
    may_read_identity_scans,
    officer_unit_ids,
    sees_full_personal_data,
    shown_applicant,
)
from dossiers.signals import dossier_viewed
from online import files, received, services
from online.errors import InvalidInput, OnlineError
from online.forms import NoteForm, PublishForm, ReasonForm, SupplementRequestForm
from online.http import no_store, officer_required
from online.models import CitizenUpload, PublishedResult, Submission
from online.models import SubmissionAction as A
from online.selectors import (
    OFFICER_TABS,
    citizen_upload_get,
    officer_queue,
    online_dossier_get_for_officer,
    published_result_get,
    submission_file_get,
    submission_get_for_officer,
    supplements_received,
)
from online.transitions import officer_actions


@dataclass(frozen=True)
class ActionView:
    form: Callable[..., forms.Form]
    run: Callable[[User, Submission, dict], object]
    done: str | Promise  # translated when shown


ACTIONS: dict[A, ActionView] = {
    A.ACCEPT: ActionView(
        NoteForm,
        lambda u, s, c: services.submission_accept(actor=u, submission=s, note=c["note"]),
        gettext_lazy("Đã tiếp nhận hồ sơ."),
    ),
    A.REQUEST_SUPPLEMENT: ActionView(
        lambda data, submission: SupplementRequestForm(
            data, papers=list(submission.procedure_version.papers.all()), prefix="supplement"
        ),
        lambda u, s, c: services.submission_request_supplement(
            actor=u, submission=s, paper_ids=[int(p) for p in c["papers"]], reason=c["reason"]
        ),
        gettext_lazy("Đã gửi yêu cầu bổ sung cho công dân."),
    ),
    A.REFUSE: ActionView(
        ReasonForm,
        lambda u, s, c: services.submission_refuse(actor=u, submission=s, reason=c["reason"]),
        gettext_lazy("Đã từ chối tiếp nhận."),
    ),
}


def _applicant(user: User, record: Submission | Dossier) -> ShownApplicant:
    return shown_applicant(record, full=sees_full_personal_data(user=user, unit_id=record.unit_id))


def _may_read_files(user: User, unit_id: int) -> bool:
    """Citizens' uploads cannot be told apart from identity-document scans (the checklist
    often asks for the CCCD): they follow the identity-scan rule of dossiers.privacy."""
    return may_read_identity_scans(user=user, unit_id=unit_id)


def _action_form(action: A, submission: Submission, data=None) -> forms.Form:
    if action is A.REQUEST_SUPPLEMENT:
        return ACTIONS[action].form(data, submission)
    return ACTIONS[action].form(data, prefix=action.value)


@officer_required
def queue(request: AuthenticatedRequest, tab: str = "cho-tiep-nhan") -> HttpResponse:
    submissions = officer_queue(user=request.user, tab=tab)
    return no_store(
        render(
            request,
            "online/officer_queue.html",
            {
                "tabs": {key: label for key, (label, _status) in OFFICER_TABS.items()},
                "tab": tab,
                "title": OFFICER_TABS[tab][0],
                "submissions": submissions[:200],
                "own_units": officer_unit_ids(user=request.user),
                "supplements": supplements_received(user=request.user).count(),
            },
        )
    )


@officer_required
def submission(
    request: AuthenticatedRequest,
    submission_id: int,
    failed: tuple[A, forms.Form] | None = None,
) -> HttpResponse:
    current = submission_get_for_officer(user=request.user, submission_id=submission_id)
    roles = user_roles_at(user=request.user, unit_id=current.unit_id)
    actions = []
    # An action that failed shows its errors in its own form; one the user may not take at
    # all shows them at the top.
    refused = failed[1].non_field_errors() if failed else []
    for action in officer_actions(current.status, roles):  # type: ignore[arg-type]
        if failed and failed[0] is action:
            actions.append((action, failed[1], True))
            refused = []
        else:
            actions.append((action, _action_form(action, current), False))
    uploads = {f.required_paper_id: f for f in current.files.filter(superseded_at__isnull=True)}
    audit_record(event=AuditEvent.DOSSIER_READ, actor=request.user, obj=current)
    return no_store(
        render(
            request,
            "online/officer_submission.html",
            {
                "submission": current,
                "applicant": _applicant(request.user, current),
                "may_read_files": _may_read_files(request.user, current.unit_id),
                "papers": [(p, uploads.get(p.pk)) for p in current.procedure_version.papers.all()],
                "missing": services.submission_missing_papers(current),
                "actions": actions,
                "read_only": Role.RECEPTION not in roles,
                "refused": refused,
                "events": current.events.select_related("actor"),
            },
        )
    )


@officer_required
def act(request: AuthenticatedRequest, submission_id: int, action: str) -> HttpResponseBase:
    current = submission_get_for_officer(user=request.user, submission_id=submission_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        chosen = A(action)
    except ValueError:
        raise Http404(_("Không có thao tác này.")) from None
    if chosen not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    form = _action_form(chosen, current, request.POST)
    if form.is_valid():
        try:
            ACTIONS[chosen].run(request.user, current, form.cleaned_data)
        except OnlineError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, str(ACTIONS[chosen].done))
            return redirect("online:officer_submission", submission_id=current.pk)
    return submission(request, submission_id, failed=(chosen, form))


@officer_required
def submission_file(
    request: AuthenticatedRequest, submission_id: int, file_id: int
) -> FileResponse:
    current = submission_get_for_officer(user=request.user, submission_id=submission_id)
    if not _may_read_files(request.user, current.unit_id):
        raise Http404(_("Không tìm thấy tệp."))
    stored = submission_file_get(submission=current, file_id=file_id)
    audit_file_read(file=stored, of=current, actor=request.user)
    return files.download(stored.file, name=stored.name, content_type=stored.content_type)


@officer_required
def supplements(request: AuthenticatedRequest) -> HttpResponse:
    return no_store(
        render(
            request,
            "online/officer_supplements.html",
            {
                "dossiers": supplements_received(user=request.user),
                "own_units": officer_unit_ids(user=request.user),
            },
        )
    )


@officer_required
def dossier(
    request: AuthenticatedRequest, code: str, publish_form: forms.Form | None = None
) -> HttpResponse:
    current = online_dossier_get_for_officer(user=request.user, code=code)
    roles = user_roles_at(user=request.user, unit_id=current.unit_id)
    uploads = CitizenUpload.objects.filter(dossier=current, sent_at__isnull=False)
    reception = Role.RECEPTION in roles
    # A read of the applicant's data, as on the dossier page: audit log, supervisors' read log.
    dossier_viewed.send(sender=Dossier, dossier=current, user=request.user)
    return no_store(
        render(
            request,
            "online/officer_dossier.html",
            {
                "dossier": current,
                "applicant": _applicant(request.user, current),
                "may_read_files": _may_read_files(request.user, current.unit_id),
                "submission": current.online_submission,  # type: ignore[attr-defined]
                "requested": received.supplement_requested_papers(current),
                "uploads": uploads,
                "may_take": reception
                and current.status == Status.AWAITING_SUPPLEMENT
                and any(u.taken_at is None for u in uploads),
                "results": PublishedResult.objects.filter(dossier=current),
                "may_publish": reception and current.status in received.RESULT_STATUSES,
                "publish_form": publish_form or PublishForm(),
                "may_hand_over": current.status == Status.RESULT_READY,
                "take_form": NoteForm(prefix="take"),
            },
        )
    )


@officer_required
def take_supplement(request: AuthenticatedRequest, code: str) -> HttpResponse:
    current = online_dossier_get_for_officer(user=request.user, code=code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = NoteForm(request.POST, prefix="take")
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        received.citizen_supplement_take(actor=request.user, dossier=current, note=note)
    except OnlineError as error:
        messages.error(request, error.message)
        return redirect("online:officer_dossier", code=current.code)
    messages.success(
        request, _("Đã nhận giấy tờ bổ sung; hồ sơ được tính lại thời hạn giải quyết.")
    )
    return redirect(reverse("dossiers:detail", args=[current.code]))


@officer_required
def publish_result(request: AuthenticatedRequest, code: str) -> HttpResponseBase:
    current = online_dossier_get_for_officer(user=request.user, code=code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PublishForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            received.result_publish(
                actor=request.user,
                dossier=current,
                name=upload.name or "",
                content=files.upload_read(upload),
                hand_over=form.cleaned_data["hand_over"],
                late_reason=form.cleaned_data["late_reason"],
            )
        except OnlineError as error:
            form.add_error("file" if isinstance(error, InvalidInput) else None, error.message)
        else:
            if form.cleaned_data["hand_over"]:
                messages.success(
                    request, _("Đã trả kết quả trực tuyến cho công dân; hồ sơ đã kết thúc.")
                )
            else:
                messages.success(request, _("Đã trả kết quả trực tuyến cho công dân."))
            return redirect("online:officer_dossier", code=current.code)
    return dossier(request, code, publish_form=form)


@officer_required
def upload_file(request: AuthenticatedRequest, code: str, upload_id: int) -> FileResponse:
    current = online_dossier_get_for_officer(user=request.user, code=code)
    if not _may_read_files(request.user, current.unit_id):
        raise Http404(_("Không tìm thấy tệp."))
    stored = citizen_upload_get(dossier=current, upload_id=upload_id, sent_only=True)
    audit_file_read(file=stored, of=current, actor=request.user)
    return files.download(stored.file, name=stored.name, content_type=stored.content_type)


@officer_required
def result_file(request: AuthenticatedRequest, code: str, result_id: int) -> FileResponse:
    current: Dossier = online_dossier_get_for_officer(user=request.user, code=code)
    stored = published_result_get(dossier=current, result_id=result_id)
    audit_file_read(file=stored, of=current, actor=request.user)
    return files.download(stored.file, name=stored.name, content_type=stored.content_type)
