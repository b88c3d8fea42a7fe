"""The outgoing register: the list, the issue form (also the reply to an incoming letter),
a document's page and its actions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.selectors import OFFICER_ROLES, units_visible_to, user_roles_at
from dossiers.attachments import upload_read
from registry import forms as f
from registry import services
from registry.errors import RegistryError
from registry.models import DOCUMENT_CORRECTABLE, Action, IncomingLetter, OutgoingDocument
from registry.selectors import (
    document_get_for_user,
    letter_get_for_user,
    outgoing_search,
    units_keeping,
)
from registry.views_common import (
    PAGE_SIZE,
    ActionView,
    dossier_for,
    filters_from,
    scan_response,
    values_of,
)

ACTIONS: dict[Action, ActionView] = {
    Action.LINK_DOSSIER: ActionView(
        f.LinkDossierForm,
        lambda u, document, c: services.outgoing_dossier_link(
            actor=u, document=document, dossier=dossier_for(u, c["code"])
        ),
    ),
    Action.ATTACH: ActionView(
        f.ScanForm,
        lambda u, document, c: services.outgoing_scan_add(
            actor=u, document=document, name=c["file"].name, content=upload_read(c["file"])
        ),
    ),
    Action.CORRECT: ActionView(
        f.OutgoingCorrectForm,
        lambda u, document, c: services.outgoing_correct(actor=u, document=document, **c),
        initial=values_of(DOCUMENT_CORRECTABLE),
    ),
}


@login_required
def outgoing_list(request: AuthenticatedRequest) -> HttpResponse:
    form = f.OutgoingFilterForm(request.GET or None)
    form.fields["unit"].queryset = units_visible_to(user=request.user)  # type: ignore[attr-defined]
    filters = filters_from(form)
    documents = (
        outgoing_search(user=request.user, filters=filters)
        if filters is not None
        else OutgoingDocument.objects.none()
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "registry/outgoing_list.html",
        {
            "tab": "outgoing",
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_write": units_keeping(user=request.user).exists(),
        },
    )


@login_required
def outgoing_new(request: AuthenticatedRequest) -> HttpResponse:
    """Issue a document. `?tra-loi=<letter>` makes it the reply to an incoming letter, and
    `?ho-so=<code>` the result of a dossier."""
    units = units_keeping(user=request.user)
    if not units.exists():
        raise Http404(_("Bạn không giữ sổ công văn của đơn vị nào."))
    letter = _reply_letter(request)
    initial: dict = {"unit": units.first(), "dossier_code": request.GET.get("ho-so", "")}
    if letter is not None:
        initial.update(unit=letter.unit, reply_to=letter.pk, recipients=letter.sender)
    form = f.OutgoingForm(request.POST or None, initial=initial)
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = (
                dossier_for(request.user, data["dossier_code"]) if data["dossier_code"] else None
            )
            document = services.outgoing_issue(
                actor=request.user,
                unit=data["unit"],
                doc_type=data["doc_type"],
                drafting_unit=data["drafting_unit"],
                summary=data["summary"],
                signer=data["signer"],
                recipients=data["recipients"],
                reply_to=letter,
                dossier=dossier,
                note=data["note"],
            )
        except RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Đã cấp số văn bản đi %(symbol)s.") % {"symbol": document.symbol}
            )
            return redirect("registry:outgoing_detail", pk=document.pk)
    return render(
        request,
        "registry/outgoing_form.html",
        {"tab": "outgoing", "form": form, "letter": letter},
    )


def _reply_letter(request: AuthenticatedRequest) -> IncomingLetter | None:
    """The letter being answered, from the query (GET) or the hidden field (POST); one the
    user may not see is not found."""
    raw = request.POST.get("reply_to") if request.method == "POST" else request.GET.get("tra-loi")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404(_("Không tìm thấy văn bản đến."))
    return letter_get_for_user(user=request.user, pk=int(raw))


@login_required
def outgoing_detail(
    request: AuthenticatedRequest, pk: int, failed: tuple[Action, forms.Form] | None = None
) -> HttpResponse:
    document = document_get_for_user(user=request.user, pk=pk)
    can_write = bool(user_roles_at(user=request.user, unit_id=document.unit_id) & OFFICER_ROLES)
    refused = failed[1].non_field_errors() if failed else []
    actions = []
    if can_write:
        for action, view in ACTIONS.items():
            if action is Action.LINK_DOSSIER and document.dossier_id:
                continue
            if failed and failed[0] is action:
                actions.append((action, failed[1], True))
                refused = []
            else:
                actions.append((action, view.blank_or_bound(action, document), False))
    return render(
        request,
        "registry/outgoing_detail.html",
        {
            "tab": "outgoing",
            "document": document,
            "actions": actions,
            "can_write": can_write,
            "refused": refused,
            "events": document.events.select_related("actor"),
            "scans": document.scans.all(),
        },
    )


@login_required
def outgoing_act(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    document = document_get_for_user(user=request.user, pk=pk)  # 404 before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404(_("Không có thao tác này.")) from None
    if chosen not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    form = ACTIONS[chosen].blank_or_bound(chosen, document, request.POST, request.FILES)
    if form.is_valid():
        try:
            ACTIONS[chosen].run(request.user, document, form.cleaned_data)
        except RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": chosen.label})
            return redirect("registry:outgoing_detail", pk=document.pk)
    return outgoing_detail(request, pk, failed=(chosen, form))


@login_required
def outgoing_scan(request: AuthenticatedRequest, pk: int, scan_id: int) -> FileResponse:
    document = document_get_for_user(user=request.user, pk=pk)
    return scan_response(document.scans.all(), scan_id, of=document)
