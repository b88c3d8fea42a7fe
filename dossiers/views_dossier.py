"""The dossier page and its actions. Each button posts to `act`, which calls the one service
function of that action; the transition table decides which buttons a user sees."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from accounts.models import Role, User
from accounts.selectors import user_roles_at
from audit.services import audit_file_read
from dossiers import forms as f
from dossiers import services
from dossiers.attachments import attachment_response, upload_read
from dossiers.errors import DossierError
from dossiers.models import Channel, Dossier, DossierAttachment, DossierEvent, Status
from dossiers.presentation import due_flag
from dossiers.privacy import attachments_readable_by, sees_full_personal_data, shown_applicant
from dossiers.selectors import dossier_get_for_user
from dossiers.signals import dossier_viewed
from dossiers.transitions import Action, allowed_actions
from dossiers.views_forms import available_forms


@dataclass(frozen=True)
class ActionView:
    form: type[forms.Form]
    run: Callable[[User, Dossier, dict], object]


def _specialists(dossier: Dossier) -> list[tuple[str, str]]:
    users = User.objects.filter(
        memberships__unit=dossier.unit, memberships__role=Role.SPECIALIST
    ).distinct()
    return [(str(u.pk), str(u)) for u in users]


ACTIONS: dict[Action, ActionView] = {
    Action.ASSIGN: ActionView(
        f.AssignForm,
        lambda u, d, c: services.dossier_assign(
            actor=u, dossier=d, assignee=User.objects.get(pk=c["assignee"]), note=c["note"]
        ),
    ),
    Action.SUBMIT_FOR_APPROVAL: ActionView(
        f.NoteForm,
        lambda u, d, c: services.dossier_submit_for_approval(actor=u, dossier=d, note=c["note"]),
    ),
    Action.SEND_BACK: ActionView(
        f.SendBackForm,
        lambda u, d, c: services.dossier_send_back(actor=u, dossier=d, note=c["note"]),
    ),
    Action.APPROVE: ActionView(
        f.ApproveForm,
        lambda u, d, c: services.dossier_approve(
            actor=u,
            dossier=d,
            result=c["result"],
            note=c["note"],
            result_digitised=c["result_digitised"],
        ),
    ),
    Action.REQUEST_SUPPLEMENT: ActionView(
        f.SupplementForm,
        lambda u, d, c: services.dossier_request_supplement(
            actor=u, dossier=d, missing_papers=c["missing_papers"].splitlines(), reason=c["reason"]
        ),
    ),
    Action.RESUBMIT: ActionView(
        f.NoteForm, lambda u, d, c: services.dossier_resubmit(actor=u, dossier=d, note=c["note"])
    ),
    Action.REFUSE: ActionView(
        f.ReasonForm,
        lambda u, d, c: services.dossier_refuse(actor=u, dossier=d, reason=c["reason"]),
    ),
    Action.WITHDRAW: ActionView(
        f.ReasonForm,
        lambda u, d, c: services.dossier_withdraw(actor=u, dossier=d, reason=c["reason"]),
    ),
    Action.TRANSFER: ActionView(
        f.TransferForm,
        lambda u, d, c: services.dossier_transfer(
            actor=u, dossier=d, agency_name=c["agency_name"], task=c["task"], deadline=c["deadline"]
        ),
    ),
    Action.RECEIVE_BACK: ActionView(
        f.NoteForm,
        lambda u, d, c: services.dossier_receive_back(actor=u, dossier=d, note=c["note"]),
    ),
    Action.APOLOGISE: ActionView(
        f.ApologyForm,
        lambda u, d, c: services.dossier_apologise(
            actor=u, dossier=d, reason=c["reason"], new_appointment=c["new_appointment"]
        ),
    ),
    Action.RETURN_RESULT: ActionView(
        f.ReturnForm,
        lambda u, d, c: services.dossier_return_result(
            actor=u,
            dossier=d,
            returned_to=c["returned_to"],
            id_checked=c["id_checked"],
            fee_collected=c["fee_collected"],
            late_reason=c["late_reason"],
        ),
    ),
    Action.NOTE: ActionView(
        f.NoteAddForm, lambda u, d, c: services.dossier_note_add(actor=u, dossier=d, text=c["text"])
    ),
    Action.ATTACH: ActionView(
        f.AttachForm,
        lambda u, d, c: services.dossier_attachment_add(
            actor=u,
            dossier=d,
            name=c["file"].name,
            content=upload_read(c["file"]),
            kind=c["kind"],
        ),
    ),
}


def _action_form(action: Action, dossier: Dossier, data=None, files=None) -> forms.Form:
    form = ACTIONS[action].form(data, files, prefix=action.value)
    if action is Action.ASSIGN:
        form.fields["assignee"].choices = _specialists(dossier)  # type: ignore[attr-defined]
    if action is Action.RETURN_RESULT and not data:
        form.initial = {"returned_to": dossier.applicant_name, "id_checked": True}
    return form


@login_required
def detail(
    request: AuthenticatedRequest, code: str, failed: tuple[Action, forms.Form] | None = None
) -> HttpResponse:
    dossier = dossier_get_for_user(user=request.user, code=code)
    dossier_viewed.send(sender=Dossier, dossier=dossier, user=request.user)
    roles = user_roles_at(user=request.user, unit_id=dossier.unit_id)
    actions = []
    # An action that failed shows its errors in its own form; one the user may not take at
    # all (e.g. an overseer posting) shows them at the top.
    refused = failed[1].non_field_errors() if failed else []
    now = timezone.now()
    for action in allowed_actions(Status(dossier.status), roles):
        if failed is not None and failed[0] is action:
            actions.append((action, failed[1], True))
            refused = []
        elif action is Action.APOLOGISE and services.apology_refusal(dossier, now):
            continue  # too late or done already: a form that can only fail is not offered
        else:
            actions.append((action, _action_form(action, dossier), False))
    events = DossierEvent.objects.filter(dossier=dossier).select_related("actor")
    full = sees_full_personal_data(user=request.user, unit_id=dossier.unit_id)
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "actions": actions,
            "events": events,
            "papers": dossier.papers.all(),
            "transfers": dossier.transfers.all(),
            "attachments": attachments_readable_by(user=request.user, dossier=dossier),
            "applicant": shown_applicant(dossier, full=full),
            "flag": due_flag(dossier, now),
            "just_received": request.GET.get("moi") == "1",
            "read_only": not roles,
            "refused": refused,
            # The forms print the applicant's data in full: the unit's own officers only.
            "forms": available_forms(dossier) if full else None,
            # Sent through a citizen's account: its supplements and the online result are
            # handled on the online service's page (a query for online dossiers only).
            "online_page": dossier.channel == Channel.ONLINE
            and hasattr(dossier, "online_submission"),
        },
    )


@login_required
def act(request: AuthenticatedRequest, code: str, action: str) -> HttpResponse:
    dossier = dossier_get_for_user(user=request.user, code=code)  # 404 before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404(_("Không có thao tác này.")) from None
    if chosen not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    form = _action_form(chosen, dossier, request.POST, request.FILES)
    if form.is_valid():
        try:
            ACTIONS[chosen].run(request.user, dossier, form.cleaned_data)
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": chosen.label})
            return redirect("dossiers:detail", code=dossier.code)
    return detail(request, code, failed=(chosen, form))


@login_required
def attachment(request: AuthenticatedRequest, code: str, attachment_id: int) -> FileResponse:
    dossier = dossier_get_for_user(user=request.user, code=code)
    try:
        scan = attachments_readable_by(user=request.user, dossier=dossier).get(pk=attachment_id)
    except DossierAttachment.DoesNotExist:
        raise Http404(_("Không tìm thấy tệp.")) from None
    audit_file_read(file=scan, of=dossier, actor=request.user)
    return attachment_response(scan.file.open("rb"), name=scan.name, content_type=scan.content_type)
