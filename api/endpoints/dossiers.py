"""Dossiers: intake (dossier_receive), reading, listing with keyset pagination, and one
action per transition, each calling its service. The API adds no second write path."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import P, QueryEx, Router
from ninja import Status as Reply

from accounts.models import User
from accounts.selectors import OFFICER_ROLES, user_roles_at
from api.auth import PRIVATE, Principal
from api.errors import COMMON, ApiError, ErrorOut
from api.schemas import (
    ApologiseIn,
    ApproveIn,
    AssignIn,
    DossierIn,
    DossierOut,
    DossierPageOut,
    NoteIn,
    NoteOptionalIn,
    ReasonIn,
    RequestSupplementIn,
    ReturnResultIn,
    SendBackIn,
    TransferIn,
)
from api.selectors import (
    DossierFilters,
    dossier_for,
    dossier_for_action,
    dossier_page,
    dossiers_filtered,
    receiving_unit_for,
)
from audit.models import Event as AuditEvent
from audit.services import audit_record
from catalog.models import ProcedureVersion, RequiredPaper
from catalog.selectors import NotFound, procedure_version_in_force_shared
from dossiers import services
from dossiers.errors import ActionNotAllowed
from dossiers.models import Action, Dossier, Status
from dossiers.privacy import list_name, officer_unit_ids, shown_applicant
from dossiers.services import Applicant, Digitisation, PaperReceived
from dossiers.transitions import TRANSITIONS, allowed_actions
from workcalendar.selectors import get_work_calendar

router = Router(tags=["dossiers"], auth=PRIVATE)

WRITE = {**COMMON, 409: ErrorOut}
# Actions with an endpoint of their own here (receive is POST /dossiers, attach is the
# attachments upload).
API_ACTIONS = [a for a in TRANSITIONS if a not in (Action.RECEIVE, Action.ATTACH)]


def _principal(request: HttpRequest) -> Principal:
    return request.auth  # type: ignore[attr-defined, no-any-return]


def _utc(moment: datetime | None) -> datetime | None:
    """Times as the database gives them back (UTC), also for values computed in Vietnam time
    and not read again (the intake's reply)."""
    return None if moment is None else moment.astimezone(UTC)


def dossier_out(
    dossier: Dossier, principal: Principal, papers: list[PaperReceived] | None = None
) -> dict[str, Any]:
    """The dossier as the API shows it; `papers` spares the query when the caller holds
    them (the intake, which just wrote them)."""
    roles = user_roles_at(user=principal.user, unit_id=dossier.unit_id)
    version = dossier.procedure_version
    # Masked for readers who are not officers of the unit (dossiers.privacy).
    applicant = shown_applicant(dossier, full=bool(roles & OFFICER_ROLES))
    return {
        "code": dossier.code,
        "unit": {
            "code": dossier.unit.code,
            "name": dossier.unit.name,
            "agency_id": dossier.unit.agency_id,
        },
        "procedure": {
            "code": version.procedure.code,
            "version": version.version,
            "name": version.name,
        },
        "channel": dossier.channel,
        "status": dossier.status,
        "status_label": str(Status(dossier.status).label),
        "applicant": {
            "name": applicant.name,
            "id_number": applicant.id_number,
            "phone": applicant.phone,
            "email": applicant.email,
            "address": applicant.address,
        },
        "received_at": _utc(dossier.received_at),
        "effective_start": _utc(dossier.effective_start),
        "due_at": _utc(dossier.due_at),
        "clock_stopped_at": _utc(dossier.clock_stopped_at),
        "apology_at": _utc(dossier.apology_at),
        "appointment_at": _utc(dossier.appointment_at),
        "assignee": dossier.assignee.username if dossier.assignee else None,
        "finished_at": _utc(dossier.finished_at),
        "outcome": dossier.outcome,
        "result": dossier.result,
        "refusal_reason": dossier.refusal_reason,
        "returned_at": _utc(dossier.returned_at),
        "returned_to": applicant.returned_to,
        "fee_collected": dossier.fee_collected,
        "papers": [
            {
                "name": p.name,
                "copy_kind": p.copy_kind,
                "count": p.count,
                "required_paper_id": p.required_paper_id,
            }
            for p in (dossier.papers.all() if papers is None else papers)
        ],
        "allowed_actions": [
            a.value for a in allowed_actions(Status(dossier.status), roles) if a != Action.RECEIVE
        ],
    }


def _reread(principal: Principal, dossier: Dossier) -> dict[str, Any]:
    return dossier_out(dossier_for(principal, dossier.code), principal)


# ---------------------------------------------------------------- intake


COPY_KINDS = frozenset(RequiredPaper.CopyKind.values)  # read once: `.values` builds a list


def _papers(version: ProcedureVersion, body: DossierIn) -> list[PaperReceived]:
    catalogue = {p.pk: p for p in version.papers.all()}  # prefetched: the service reads it too
    papers = []
    for paper in body.papers:
        listed = catalogue.get(paper.required_paper_id) if paper.required_paper_id else None
        if paper.required_paper_id and listed is None:
            raise ApiError(
                422,
                f"Giấy tờ số {paper.required_paper_id} không thuộc danh mục của thủ tục này.",
            )
        name = paper.name.strip() or (listed.name if listed else "")
        copy_kind = paper.copy_kind or (listed.copy_kind if listed else "")
        if not name:
            raise ApiError(422, "Mỗi giấy tờ cần có tên hoặc mã giấy tờ trong danh mục.")
        if copy_kind not in COPY_KINDS:
            raise ApiError(422, f"Loại bản «{copy_kind}» không hợp lệ.")
        papers.append(
            PaperReceived(
                name=name,
                copy_kind=copy_kind,
                count=paper.count,
                required_paper_id=listed.pk if listed else None,
            )
        )
    return papers


@router.post("/dossiers", response={201: DossierOut, **WRITE}, operation_id="dossiers_create")
def dossiers_create(request: HttpRequest, body: DossierIn) -> Reply:
    """Receive a complete dossier (dossier_receive): issues its code and due time."""
    principal = _principal(request)
    received_at = body.received_at
    # The catalogue is read as of the receipt day; an invalid time (no zone, in the future)
    # is left to the service to refuse with its own message.
    usable = received_at is not None and timezone.is_aware(received_at)
    day = (
        timezone.localdate(received_at)
        if usable and received_at is not None and received_at <= timezone.now()
        else timezone.localdate()
    )
    # The unit, version (with its papers) and calendar are the process's shared copies,
    # current as of the change stamps the token check read (common.stamps).
    stamps = principal.current_stamps()
    unit = receiving_unit_for(principal, body.unit, day)
    try:
        version = procedure_version_in_force_shared(body.procedure, day, stamps)
    except NotFound as error:
        raise ApiError(422, str(error)) from None
    papers = _papers(version, body)
    try:
        dossier = services.dossier_receive(
            actor=principal.user,
            unit=unit,
            procedure_version=version,
            channel=body.channel,
            applicant=Applicant(**body.applicant.model_dump()),
            papers=papers,
            received_at=received_at,
            note=body.note,
            digitisation=Digitisation(
                paid_online=body.paid_online,
                papers_digitised=body.papers_digitised,
                papers_reused=body.papers_reused,
            ),
            calendar=get_work_calendar(stamps),
        )
    except ActionNotAllowed as error:
        raise ApiError(403, error.message) from None
    # Everything shown is in hand: the unit and version the dossier was made with, the papers
    # just written (no second read).
    return Reply(201, dossier_out(dossier, principal, papers))


# ---------------------------------------------------------------- reading


@router.get("/dossiers/{code}", response={200: DossierOut, **COMMON}, operation_id="dossiers_get")
def dossiers_get(request: HttpRequest, code: str) -> dict[str, Any]:
    principal = _principal(request)
    dossier = dossier_for(principal, code)
    audit_record(event=AuditEvent.DOSSIER_READ, actor=principal.user, obj=dossier)
    return dossier_out(dossier, principal)


@router.get("/dossiers", response={200: DossierPageOut, **COMMON}, operation_id="dossiers_list")
def dossiers_list(
    request: HttpRequest,
    status: Status | None = None,
    unit: QueryEx[str, P(max_length=10, description="Mã đơn vị hành chính")] = "",
    procedure: QueryEx[str, P(max_length=40, description="Mã thủ tục")] = "",
    received_from: date | None = None,
    received_to: date | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    q: QueryEx[str, P(max_length=200, description="Mã hồ sơ hoặc tên người nộp (không dấu)")] = "",
    order: Literal["-received_at", "received_at", "due_at", "-due_at"] = "-received_at",
    cursor: QueryEx[str | None, P(max_length=500)] = None,
    limit: QueryEx[int, P(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Dossiers the caller may see, newest first by default. Pages are keyset-paginated:
    pass `next_cursor` back as `cursor` with the same `order`."""
    filters = DossierFilters(
        status=status.value if status else "",
        unit=unit,
        procedure=procedure,
        received_from=received_from,
        received_to=received_to,
        due_from=due_from,
        due_to=due_to,
        q=q,
    )
    qs = dossiers_filtered(_principal(request), filters).select_related(
        "unit", "procedure_version__procedure", "assignee"
    )
    rows, next_cursor = dossier_page(qs, order=order, cursor=cursor, limit=limit)
    own_units = officer_unit_ids(user=_principal(request).user)
    if rows:  # names of applicants: one audit entry naming every dossier listed
        audit_record(
            event=AuditEvent.DOSSIER_READ,
            actor=_principal(request).user,
            object_type="dossiers.dossier",
            object_repr=f"{len(rows)} hồ sơ",
            after={"codes": [d.code for d in rows]},
        )
    return {
        "items": [
            {
                "code": d.code,
                "unit_code": d.unit.code,
                "procedure_code": d.procedure_version.procedure.code,
                "procedure_name": d.procedure_version.name,
                "channel": d.channel,
                "status": d.status,
                "applicant_name": list_name(d, unit_ids=own_units),
                "received_at": d.received_at,
                "due_at": d.due_at,
                "finished_at": d.finished_at,
                "assignee": d.assignee.username if d.assignee else None,
            }
            for d in rows
        ],
        "next_cursor": next_cursor,
    }


# ---------------------------------------------------------------- actions


def _act(
    request: HttpRequest, code: str, action: Action, call: Callable[[User, Dossier], object]
) -> dict[str, Any]:
    """Run one transition service. Lacking the action's role → 403; the table refusing it
    in the dossier's status (or a rule of the step) → 409; bad input → 422."""
    principal = _principal(request)
    dossier = dossier_for_action(principal, code)
    try:
        call(principal.user, dossier)
    except ActionNotAllowed as error:
        roles = user_roles_at(user=principal.user, unit_id=dossier.unit_id)
        raise ApiError(409 if roles & TRANSITIONS[action].roles else 403, error.message) from None
    return _reread(principal, dossier)


def _assignee(dossier: Dossier, username: str) -> User:
    user = (
        User.objects.filter(username=username, memberships__unit_id=dossier.unit_id)
        .distinct()
        .first()
    )
    if user is None:
        raise ApiError(422, f"Không có cán bộ «{username}» tại đơn vị của hồ sơ.")
    return user


ACTION_RESPONSES = {200: DossierOut, **WRITE}


def _path(action: Action) -> str:
    return f"/dossiers/{{code}}/actions/{action.value}"


def _op(action: Action) -> dict[str, Any]:
    return {
        "response": ACTION_RESPONSES,
        "operation_id": f"dossiers_action_{action.value}",
        "summary": str(action.label),
    }


@router.post(_path(Action.ASSIGN), **_op(Action.ASSIGN))
def action_assign(request: HttpRequest, code: str, body: AssignIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.ASSIGN,
        lambda u, d: services.dossier_assign(
            actor=u, dossier=d, assignee=_assignee(d, body.assignee), note=body.note
        ),
    )


@router.post(_path(Action.SUBMIT_FOR_APPROVAL), **_op(Action.SUBMIT_FOR_APPROVAL))
def action_submit_for_approval(
    request: HttpRequest, code: str, body: NoteOptionalIn
) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.SUBMIT_FOR_APPROVAL,
        lambda u, d: services.dossier_submit_for_approval(actor=u, dossier=d, note=body.note),
    )


@router.post(_path(Action.SEND_BACK), **_op(Action.SEND_BACK))
def action_send_back(request: HttpRequest, code: str, body: SendBackIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.SEND_BACK,
        lambda u, d: services.dossier_send_back(actor=u, dossier=d, note=body.note),
    )


@router.post(_path(Action.APPROVE), **_op(Action.APPROVE))
def action_approve(request: HttpRequest, code: str, body: ApproveIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.APPROVE,
        lambda u, d: services.dossier_approve(
            actor=u,
            dossier=d,
            result=body.result,
            note=body.note,
            result_digitised=body.result_digitised,
        ),
    )


@router.post(_path(Action.REQUEST_SUPPLEMENT), **_op(Action.REQUEST_SUPPLEMENT))
def action_request_supplement(
    request: HttpRequest, code: str, body: RequestSupplementIn
) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.REQUEST_SUPPLEMENT,
        lambda u, d: services.dossier_request_supplement(
            actor=u, dossier=d, missing_papers=body.missing_papers, reason=body.reason
        ),
    )


@router.post(_path(Action.RESUBMIT), **_op(Action.RESUBMIT))
def action_resubmit(request: HttpRequest, code: str, body: NoteOptionalIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.RESUBMIT,
        lambda u, d: services.dossier_resubmit(actor=u, dossier=d, note=body.note),
    )


@router.post(_path(Action.REFUSE), **_op(Action.REFUSE))
def action_refuse(request: HttpRequest, code: str, body: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.REFUSE,
        lambda u, d: services.dossier_refuse(actor=u, dossier=d, reason=body.reason),
    )


@router.post(_path(Action.WITHDRAW), **_op(Action.WITHDRAW))
def action_withdraw(request: HttpRequest, code: str, body: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.WITHDRAW,
        lambda u, d: services.dossier_withdraw(actor=u, dossier=d, reason=body.reason),
    )


@router.post(_path(Action.TRANSFER), **_op(Action.TRANSFER))
def action_transfer(request: HttpRequest, code: str, body: TransferIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.TRANSFER,
        lambda u, d: services.dossier_transfer(
            actor=u, dossier=d, agency_name=body.agency_name, task=body.task, deadline=body.deadline
        ),
    )


@router.post(_path(Action.RECEIVE_BACK), **_op(Action.RECEIVE_BACK))
def action_receive_back(request: HttpRequest, code: str, body: NoteOptionalIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.RECEIVE_BACK,
        lambda u, d: services.dossier_receive_back(actor=u, dossier=d, note=body.note),
    )


@router.post(_path(Action.APOLOGISE), **_op(Action.APOLOGISE))
def action_apologise(request: HttpRequest, code: str, body: ApologiseIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.APOLOGISE,
        lambda u, d: services.dossier_apologise(
            actor=u, dossier=d, reason=body.reason, new_appointment=body.new_appointment
        ),
    )


@router.post(_path(Action.RETURN_RESULT), **_op(Action.RETURN_RESULT))
def action_return_result(request: HttpRequest, code: str, body: ReturnResultIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.RETURN_RESULT,
        lambda u, d: services.dossier_return_result(
            actor=u,
            dossier=d,
            returned_to=body.returned_to,
            id_checked=body.id_checked,
            fee_collected=body.fee_collected,
            late_reason=body.late_reason,
            note=body.note,
        ),
    )


@router.post(_path(Action.NOTE), **_op(Action.NOTE))
def action_note(request: HttpRequest, code: str, body: NoteIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        Action.NOTE,
        lambda u, d: services.dossier_note_add(actor=u, dossier=d, text=body.text),
    )
