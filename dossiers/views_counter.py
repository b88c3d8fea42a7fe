"""The reception counter: find the procedure, check the papers, receive — or, when papers
are missing, print the supplement request (Mẫu 02); or refuse at the counter (Mẫu 03)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.selectors import units_acting
from audit.services import audit_export
from catalog.models import ProcedureVersion
from catalog.selectors import procedure_search, procedure_versions_in_force
from documents import services as documents
from documents.forms import FormKind
from dossiers.errors import DossierError
from dossiers.forms import ApplicantForm
from dossiers.services import (
    Applicant,
    Digitisation,
    PaperReceived,
    dossier_receive,
    missing_papers,
)
from dossiers.views_forms import pdf_response


@login_required
def counter_procedures(request: AuthenticatedRequest) -> HttpResponse:
    """htmx: the procedures matching the search box."""
    query = request.GET.get("q", "")
    results = procedure_search(query, timezone.localdate())
    # The list names the query it answers, so a stale answer can be told from the latest one.
    context = {"results": results, "query": query}
    return render(request, "dossiers/_procedure_results.html", context)


@login_required
def counter_checklist(request: AuthenticatedRequest) -> HttpResponse:
    """htmx: the chosen procedure's paper checklist with counts."""
    version = _version_or_404(request.GET.get("procedure"))
    return render(request, "dossiers/_checklist.html", {"version": version, "counts": {}})


@login_required
def counter(request: AuthenticatedRequest) -> HttpResponse:
    units = list(units_acting(user=request.user))
    if not units:
        raise Http404(_("Bạn không làm việc tại bộ phận một cửa nào."))
    unit = _chosen_unit(request, units)
    version = None
    counts: dict[int, int] = {}
    missing = []
    form = ApplicantForm(request.POST or None)
    if request.method == "POST":
        try:
            version = _version_or_404(request.POST.get("procedure"))
        except Http404 as error:  # the form comes back as typed, with the reason
            form.is_valid()
            form.add_error(None, str(error))
            version = None
    if version is not None:
        counts, wrong = _paper_counts(request, version)
        for name in wrong:
            form.add_error(
                None,
                _("Số bản của «%(paper)s» phải là số nguyên từ 0 đến %(max)s.")
                % {"paper": name, "max": MAX_COPIES},
            )
        if form.is_valid():
            papers = [
                PaperReceived(
                    name=p.name, copy_kind=p.copy_kind, count=counts[p.pk], required_paper_id=p.pk
                )
                for p in version.papers.all()
                if counts.get(p.pk)
            ]
            missing = missing_papers(version, papers)
            printed = request.POST.get("print")
            if printed in {"mau02", "mau03"}:
                reason = request.POST.get("counter_reason", "").strip()
                if reason:
                    return _counter_form_pdf(request, printed, unit, version, form, missing, reason)
                form.add_error(None, _("Cần ghi lý do trên phiếu."))
            elif not missing:
                try:
                    dossier = dossier_receive(
                        actor=request.user,
                        unit=unit,
                        procedure_version=version,
                        channel=form.cleaned_data["channel"],
                        applicant=_applicant(form),
                        papers=papers,
                        digitisation=Digitisation(
                            paid_online=form.cleaned_data["paid_online"],
                            papers_digitised=form.cleaned_data["papers_digitised"],
                            papers_reused=form.cleaned_data["papers_reused"],
                        ),
                    )
                except DossierError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(
                        request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code}
                    )
                    return redirect(reverse("dossiers:detail", args=[dossier.code]) + "?moi=1")
    return render(
        request,
        "dossiers/counter.html",
        {
            "form": form,
            "units": units,
            "unit": unit,
            "version": version,
            "counts": counts,
            "missing": missing,
        },
    )


def _counter_form_pdf(request, printed, unit, version, form, missing, reason) -> HttpResponse:
    """Mẫu 02 (papers missing) or Mẫu 03 (refused at the counter): nothing is received."""
    data = form.cleaned_data
    party = {
        "unit": unit,
        "procedure_version": version,
        "applicant_name": data["applicant_name"],
        "applicant_address": data["applicant_address"],
        "applicant_phone": data["applicant_phone"],
        "applicant_email": data["applicant_email"],
        "reason": reason,
        "officer_name": str(request.user),
        "at": timezone.now(),
    }
    if printed == "mau02":
        kind = FormKind.SUPPLEMENT_REQUEST
        party["missing_papers"] = [
            f"{p.name} ({p.get_copy_kind_display()}: {p.count})" for p in missing
        ] or [reason]
    else:
        kind = FormKind.REFUSAL
    content = documents.form_pdf(kind, **party)
    audit_export(what=f"counter-{printed}", fmt="pdf", unit=unit.code, procedure_version=version.pk)
    suffix = f"{unit.code}-{timezone.localtime():%Y%m%d%H%M}"
    return pdf_response(
        content, documents.form_filename(kind, on=timezone.localdate(), suffix=suffix)
    )


def _chosen_unit(request: AuthenticatedRequest, units: list):
    wanted = request.POST.get("unit") or request.GET.get("unit")
    for unit in units:
        if str(unit.pk) == wanted:
            return unit
    return units[0]


def _version_or_404(raw: str | None) -> ProcedureVersion:
    if not raw or not raw.isdigit():
        raise Http404(_("Chưa chọn thủ tục."))
    try:
        return procedure_versions_in_force(timezone.localdate()).get(pk=int(raw))
    except ProcedureVersion.DoesNotExist:
        raise Http404(_("Thủ tục không áp dụng.")) from None


MAX_COPIES = 999  # far above any procedure's papers; keeps a typo out of the database


def _paper_counts(
    request: AuthenticatedRequest, version: ProcedureVersion
) -> tuple[dict[int, int], list[str]]:
    """The copies counted of each paper, and the names of those whose count is no number of
    copies (read as 0, and said, rather than taken for a paper not brought)."""
    counts, wrong = {}, []
    for paper in version.papers.all():
        raw = request.POST.get(f"paper_{paper.pk}", "0").strip() or "0"
        try:
            count = int(raw)
        except ValueError:
            count = -1
        if not 0 <= count <= MAX_COPIES:
            wrong.append(paper.name)
        counts[paper.pk] = max(0, min(count, MAX_COPIES))
    return counts, wrong


def _applicant(form: ApplicantForm) -> Applicant:
    data = form.cleaned_data
    return Applicant(
        name=data["applicant_name"],
        id_number=data["applicant_id_number"],
        phone=data["applicant_phone"],
        email=data["applicant_email"],
        address=data["applicant_address"],
    )
