"""The citizen's pages: my submissions and dossiers, a new submission, the submission form
(applicant, one upload per paper, save draft, submit), a received dossier (supplement
after appraisal, published results) and downloads of their own files only."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from common.text import fold
from dossiers.models import Status
from dossiers.services import Applicant
from online import files, received, services
from online.errors import OnlineError
from online.forms import ApplicantForm, SupplementUploadForm
from online.http import citizen_required, no_store
from online.models import (
    CitizenUpload,
    PublishedResult,
    Submission,
    SubmissionAction,
    SubmissionStatus,
)
from online.presentation import SUBMISSION_PLAIN, citizen_timeline, dossier_plain
from online.selectors import (
    citizen_upload_get,
    dossier_get_for_citizen,
    dossiers_of_citizen,
    online_procedures,
    online_units,
    published_result_get,
    submission_file_get,
    submission_get_for_citizen,
    submissions_of_citizen,
)
from online.transitions import EDITABLE, citizen_may
from portal.errors import PortalError
from portal.forms import RatingForm
from portal.models import RatingChannel
from portal.services import dossier_rating_submit
from portal.views_lookup import rating_context


@citizen_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    submissions = submissions_of_citizen(user=request.user).exclude(
        status=SubmissionStatus.ACCEPTED
    )
    dossiers = dossiers_of_citizen(user=request.user).order_by("-received_at")
    return no_store(
        render(
            request,
            "online/mine.html",
            {
                "submissions": [(s, SUBMISSION_PLAIN[s.status]) for s in submissions],
                "dossiers": [(d, dossier_plain(d, listed=True)) for d in dossiers],
            },
        )
    )


@citizen_required
def new(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    units = list(online_units(today))
    source = request.POST if request.method == "POST" else request.GET
    unit = next((u for u in units if str(u.pk) == source.get("unit")), None)
    query = request.GET.get("q", "").strip()
    procedures = []
    if unit is not None:
        procedures = list(online_procedures(unit=unit, on=today).select_related("field"))
        words = fold(query).split()
        if words:
            procedures = [
                p
                for p in procedures
                if p.procedure.code.startswith(query) or all(w in fold(p.name) for w in words)
            ]
    if request.method == "POST":
        chosen = next((p for p in procedures if str(p.pk) == request.POST.get("procedure")), None)
        if unit is None or chosen is None:
            messages.error(request, _("Hãy chọn đơn vị tiếp nhận và thủ tục."))
        else:
            try:
                submission = services.submission_create(
                    actor=request.user, unit=unit, procedure_version=chosen
                )
            except OnlineError as error:
                messages.error(request, error.message)
            else:
                return redirect("online:submission", submission_id=submission.pk)
    return render(
        request,
        "online/new.html",
        {"units": units, "unit": unit, "procedures": procedures, "query": query},
    )


@citizen_required
def submission(request: AuthenticatedRequest, submission_id: int) -> HttpResponse:
    current = submission_get_for_citizen(user=request.user, submission_id=submission_id)
    editable = current.status in EDITABLE
    form = ApplicantForm(
        request.POST if request.method == "POST" else None,
        initial={
            "applicant_name": current.applicant_name,
            "applicant_id_number": current.applicant_id_number,
            "applicant_phone": current.applicant_phone,
            "applicant_email": current.applicant_email,
            "applicant_address": current.applicant_address,
        },
    )
    paper_errors: dict[int, str] = {}
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Hồ sơ này không sửa được nữa."))
            return redirect("online:submission", submission_id=current.pk)
        if _save(request, current, form, paper_errors):
            return redirect("online:submission", submission_id=current.pk)
        current.refresh_from_db()
    return no_store(_submission_page(request, current, form, paper_errors))


def _save(
    request: AuthenticatedRequest,
    current: Submission,
    form: ApplicantForm,
    paper_errors: dict[int, str],
) -> bool:
    """Save the applicant and the chosen files; submit when asked and all went well."""
    ok = form.is_valid()
    if ok:
        data = form.cleaned_data
        try:
            services.submission_update_applicant(
                actor=request.user,
                submission=current,
                applicant=Applicant(
                    name=data["applicant_name"],
                    id_number=data["applicant_id_number"],
                    phone=data["applicant_phone"],
                    email=data["applicant_email"],
                    address=data["applicant_address"],
                ),
            )
        except OnlineError as error:
            form.add_error(None, error.message)
            ok = False
    for paper in current.procedure_version.papers.all():
        upload = request.FILES.get(f"paper_{paper.pk}")
        if upload is None:
            continue
        try:
            services.submission_file_upload(
                actor=request.user,
                submission=current,
                required_paper_id=paper.pk,
                name=upload.name or "",
                content=files.upload_read(upload),
            )
        except OnlineError as error:
            paper_errors[paper.pk] = error.message
    if not ok or paper_errors:
        return False
    if request.POST.get("intent") == "submit":
        try:
            services.submission_submit(actor=request.user, submission=current)
        except OnlineError as error:
            form.add_error(None, error.message)
            return False
        messages.success(
            request,
            _("Đã nộp hồ sơ %(ref)s. Bạn sẽ được thông báo khi cán bộ tiếp nhận.")
            % {"ref": current.reference},
        )
    else:
        messages.success(request, _("Đã lưu hồ sơ nháp."))
    return True


def _submission_page(request, current: Submission, form, paper_errors) -> HttpResponse:
    uploads = {f.required_paper_id: f for f in current.files.filter(superseded_at__isnull=True)}
    requested = {p.get("id") for p in current.supplement_papers}
    papers = [
        (paper, uploads.get(paper.pk), paper_errors.get(paper.pk), paper.pk in requested)
        for paper in current.procedure_version.papers.all()
    ]
    return render(
        request,
        "online/submission.html",
        {
            "submission": current,
            "plain": SUBMISSION_PLAIN[current.status],
            "form": form,
            "papers": papers,
            "editable": current.status in EDITABLE,
            "may_withdraw": citizen_may(SubmissionAction.WITHDRAW, current.status),
            "resubmit": current.status == SubmissionStatus.SUPPLEMENT_REQUESTED,
            "events": current.events.select_related("actor"),
            "limit_mb": files.size_limit_mb(),
        },
    )


@citizen_required
def withdraw(request: AuthenticatedRequest, submission_id: int) -> HttpResponse:
    current = submission_get_for_citizen(user=request.user, submission_id=submission_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.submission_withdraw(
            actor=request.user, submission=current, reason=request.POST.get("reason", "")
        )
    except OnlineError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã rút hồ sơ %(ref)s.") % {"ref": current.reference})
    return redirect("online:submission", submission_id=current.pk)


@citizen_required
def submission_file(
    request: AuthenticatedRequest, submission_id: int, file_id: int
) -> FileResponse:
    current = submission_get_for_citizen(user=request.user, submission_id=submission_id)
    stored = submission_file_get(submission=current, file_id=file_id)
    return files.download(stored.file, name=stored.name, content_type=stored.content_type)


@citizen_required
def dossier(
    request: AuthenticatedRequest, code: str, rating_form: RatingForm | None = None
) -> HttpResponse:
    current = dossier_get_for_citizen(user=request.user, code=code)
    papers, reason = received.supplement_requested_papers(current)
    waiting = current.status == Status.AWAITING_SUPPLEMENT
    form = SupplementUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        papers=papers,
    )
    if request.method == "POST" and rating_form is None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            received.citizen_upload_add(
                actor=request.user,
                dossier=current,
                label=form.cleaned_data["label"],
                name=upload.name or "",
                content=files.upload_read(upload),
            )
        except OnlineError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Đã tải lên; bấm «Gửi giấy tờ bổ sung» khi đủ."))
            return redirect("online:dossier", code=current.code)
    uploads = CitizenUpload.objects.filter(dossier=current)
    return no_store(
        render(
            request,
            "online/dossier.html",
            {
                "dossier": current,
                "submission": current.online_submission,  # type: ignore[attr-defined]
                "plain": dossier_plain(current),
                "timeline": citizen_timeline(current),
                "requested": papers,
                "reason": reason,
                "waiting": waiting,
                "form": form,
                "uploads": uploads,
                "unsent": [u for u in uploads if u.sent_at is None],
                "results": PublishedResult.objects.filter(dossier=current),
                "limit_mb": files.size_limit_mb(),
                **rating_context(current, rating_form),
            },
        )
    )


@citizen_required
def supplement_send(request: AuthenticatedRequest, code: str) -> HttpResponse:
    current = dossier_get_for_citizen(user=request.user, code=code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        count = received.citizen_supplement_send(actor=request.user, dossier=current)
    except OnlineError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã gửi %(count)s tệp bổ sung tới cơ quan.") % {"count": count})
    return redirect("online:dossier", code=current.code)


@citizen_required
def upload_file(request: AuthenticatedRequest, code: str, upload_id: int) -> FileResponse:
    current = dossier_get_for_citizen(user=request.user, code=code)
    stored = citizen_upload_get(dossier=current, upload_id=upload_id, sent_only=False)
    return files.download(stored.file, name=stored.name, content_type=stored.content_type)


@citizen_required
def result_file(request: AuthenticatedRequest, code: str, result_id: int) -> FileResponse:
    current = dossier_get_for_citizen(user=request.user, code=code)
    stored = published_result_get(dossier=current, result_id=result_id)
    return files.download(stored.file, name=stored.name, content_type=stored.content_type)


@citizen_required
def rate(request: AuthenticatedRequest, code: str) -> HttpResponseBase:
    """The citizen rates a returned dossier from their account (Circular 01/2018 art. 13)."""
    current = dossier_get_for_citizen(user=request.user, code=code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RatingForm(request.POST)
    if not form.is_valid():
        return dossier(request, code, rating_form=form)
    try:
        dossier_rating_submit(
            dossier=current,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            channel=RatingChannel.ACCOUNT,
        )
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
    return redirect("online:dossier", code=current.code)
