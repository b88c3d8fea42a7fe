"""The incoming register: the list with filters, the entry form, a letter's page and its
actions. Thin: read through selectors, write through services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import User
from accounts.selectors import OFFICER_ROLES, units_visible_to, user_roles_at
from dossiers.attachments import upload_read
from dossiers.privacy import officer_unit_ids
from registry import forms as f
from registry import services
from registry.errors import RegistryError
from registry.models import LETTER_CORRECTABLE, Action, IncomingLetter, LetterStatus
from registry.selectors import (
    incoming_search,
    letter_get_for_user,
    reply_flag,
    soon_limit,
    unit_officers,
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
    Action.ASSIGN: ActionView(
        f.AssignForm,
        lambda u, letter, c: services.incoming_assign(
            actor=u, letter=letter, handler=User.objects.get(pk=c["handler"]), note=c["note"]
        ),
    ),
    Action.HANDLE: ActionView(
        f.HandleForm,
        lambda u, letter, c: services.incoming_handle(actor=u, letter=letter, note=c["note"]),
    ),
    Action.LINK_DOSSIER: ActionView(
        f.LinkDossierForm,
        lambda u, letter, c: services.incoming_dossier_link(
            actor=u, letter=letter, dossier=dossier_for(u, c["code"])
        ),
    ),
    Action.ATTACH: ActionView(
        f.ScanForm,
        lambda u, letter, c: services.incoming_scan_add(
            actor=u, letter=letter, name=c["file"].name, content=upload_read(c["file"])
        ),
    ),
    Action.CORRECT: ActionView(
        f.IncomingCorrectForm,
        lambda u, letter, c: services.incoming_correct(actor=u, letter=letter, **c),
        initial=values_of(LETTER_CORRECTABLE),
    ),
}
OPEN_ONLY = {Action.ASSIGN, Action.HANDLE}  # not offered once the letter is handled


@login_required
def incoming_list(request: AuthenticatedRequest) -> HttpResponse:
    form = f.FilterForm(request.GET or None)
    form.fields["unit"].queryset = units_visible_to(user=request.user)  # type: ignore[attr-defined]
    filters = filters_from(form)
    letters = (
        incoming_search(user=request.user, filters=filters)
        if filters is not None
        else IncomingLetter.objects.none()
    )
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    limit = soon_limit(now)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "registry/incoming_list.html",
        {
            "tab": "incoming",
            "form": form,
            "page": page,
            "rows": [(letter, reply_flag(letter, now, limit)) for letter in page.object_list],
            "query": query.urlencode(),
            "can_write": units_keeping(user=request.user).exists(),
        },
    )


@login_required
def incoming_new(request: AuthenticatedRequest) -> HttpResponse:
    units = units_keeping(user=request.user)
    if not units.exists():
        raise Http404(_("Bạn không giữ sổ công văn của đơn vị nào."))
    form = f.IncomingForm(request.POST or None, initial={"unit": units.first()})
    form.fields["unit"].queryset = units  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.incoming_register(
                actor=request.user,
                unit=data["unit"],
                sender=data["sender"],
                summary=data["summary"],
                doc_type=data["doc_type"],
                original_number=data["original_number"],
                original_date=data["original_date"],
                urgency=data["urgency"],
                reply_days=data["reply_days"],
                note=data["note"],
            )
        except RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Đã vào sổ văn bản đến số %(number)s.") % {"number": letter.number},
            )
            return redirect("registry:incoming_detail", pk=letter.pk)
    return render(request, "registry/incoming_form.html", {"tab": "incoming", "form": form})


def _action_form(action: Action, letter: IncomingLetter, data=None, files=None) -> forms.Form:
    form = ACTIONS[action].blank_or_bound(action, letter, data, files)
    if action is Action.ASSIGN:
        officers = unit_officers(unit_id=letter.unit_id)
        form.fields["handler"].choices = [(str(u.pk), str(u)) for u in officers]  # type: ignore[attr-defined]
        if letter.handler_id and not data:
            form.initial = {"handler": str(letter.handler_id)}
    return form


@login_required
def incoming_detail(
    request: AuthenticatedRequest, pk: int, failed: tuple[Action, forms.Form] | None = None
) -> HttpResponse:
    letter = letter_get_for_user(user=request.user, pk=pk)
    can_write = bool(user_roles_at(user=request.user, unit_id=letter.unit_id) & OFFICER_ROLES)
    refused = failed[1].non_field_errors() if failed else []
    actions = []
    if can_write:
        for action in ACTIONS:
            if action in OPEN_ONLY and letter.status == LetterStatus.HANDLED:
                continue
            if failed and failed[0] is action:
                actions.append((action, failed[1], True))
                refused = []
            else:
                actions.append((action, _action_form(action, letter), False))
    now = timezone.now()
    return render(
        request,
        "registry/incoming_detail.html",
        {
            "tab": "incoming",
            "letter": letter,
            "flag": reply_flag(letter, now, soon_limit(now)),
            "actions": actions,
            "can_write": can_write,
            "refused": refused,
            "events": letter.events.select_related("actor"),
            "scans": letter.scans.all(),
            "replies": letter.replies.all(),
            "dossiers": letter.dossiers.all(),
            "own_units": officer_unit_ids(user=request.user),
        },
    )


@login_required
def incoming_act(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    letter = letter_get_for_user(user=request.user, pk=pk)  # 404 before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404(_("Không có thao tác này.")) from None
    if chosen not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    form = _action_form(chosen, letter, request.POST, request.FILES)
    if form.is_valid():
        try:
            ACTIONS[chosen].run(request.user, letter, form.cleaned_data)
        except RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": chosen.label})
            return redirect("registry:incoming_detail", pk=letter.pk)
    return incoming_detail(request, pk, failed=(chosen, form))


@login_required
def incoming_scan(request: AuthenticatedRequest, pk: int, scan_id: int) -> FileResponse:
    letter = letter_get_for_user(user=request.user, pk=pk)
    return scan_response(letter.scans.all(), scan_id, of=letter)
