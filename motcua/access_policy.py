"""Who may use each URL: one line per named URL (namespace:name), read by
motcua/tests/test_access_control.py. That test walks the whole URLconf (pages, API routes,
admin) and fails for any URL without a line here, so a new page is covered the day it is
added.

How to add a line for a new URL:
- pick who may use it (`Who` below);
- if the URL names an object (a dossier code, an id), say where its arguments come from:
  "@dossier.code" means "the code of the test world's dossier in unit A"; a value without
  "@" is used as it is (an action slug, a file format). The objects the test world holds
  are listed in motcua/tests/access_world.py (`World`): add one there for a new kind.
- if the URL changes something, give `post` a body that would change it if the request
  were allowed: the test posts it as every outsider and checks that nothing changed;
- for a list, search, export or report set `lists=True` when the rightful user sees unit
  A's dossier there: the test then checks outsiders never do, even with filters that try
  to widen the scope (?unit=, ?q=, large pages).

Everything under the admin site is staff only (one rule for the namespace), but the test
still requests every admin URL.
"""

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Who(StrEnum):
    PUBLIC = "public"  # anyone; shows no one's personal data
    SIGNED_IN = "signed_in"  # any signed-in account; its own settings only
    OFFICER_UNIT = "officer_unit"  # officers of the object's unit (overseers above read)
    CITIZEN_OWN = "citizen_own"  # the citizen account that owns the object
    LOOKUP_SESSION = "lookup_session"  # a visitor who proved code + 4 digits in this session
    PROGRAMME = "programme"  # members and creator of the supervision programme
    STAFF = "staff"  # system administrators (Django admin)
    API = "api"  # API: a token (within its units) or an officer's session, roles as above
    API_ANY = "api_any"  # API: any token or session; data of no unit (the catalogue)
    API_PUBLIC = "api_public"  # API without authentication


@dataclass(frozen=True)
class Rule:
    who: Who
    # URL arguments: "@object.attribute" from the test world (unit A), else literal.
    args: Mapping[str, Any] = field(default_factory=dict)
    # A body that would change something if the request were allowed ("@…" refs allowed).
    post: Mapping[str, Any] | None = None
    # The rightful user sees unit A's dossier here (a list, search, export or report).
    lists: bool = False
    # Whether `post`, sent by the rightful user, changes a row in the test world (False where
    # the world's object is not in the state the action needs; the refusal comes first).
    post_changes: bool = True
    # What the rightful user gets for GET (405 for a POST-only URL).
    owner_status: int = 200
    # Query string for the rightful user's GET (e.g. the form an export needs).
    query: Mapping[str, Any] = field(default_factory=dict)


def rule(who: Who, **kwargs: Any) -> Rule:
    return Rule(who, **kwargs)


PUBLIC = Rule(Who.PUBLIC)
SIGNED_IN = Rule(Who.SIGNED_IN)
STAFF = Rule(Who.STAFF)

# Whole namespaces with one rule; a line in POLICY wins over these.
NAMESPACE_POLICY: dict[str, Rule] = {
    "admin": STAFF,
}

DOSSIER = {"code": "@dossier.code"}
SELF_REPORT_COLUMNS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within_time",
    "pending_overdue",
)
API_BODY = {  # every action's fields: each action is sent those of its own schema
    "note": "Probe write",
    "text": "Probe write",
    "reason": "Probe write",
    "assignee": "@officer_a.username",
    "result": "Probe write",
    "missing_papers": ["Probe write"],
    "agency_name": "Probe",
    "task": "Probe write",
    "deadline": "2099-01-05T09:00:00+07:00",
    "new_appointment": "2099-01-05T09:00:00+07:00",
    "returned_to": "Probe",
    "id_checked": True,
}


API_ACTIONS = [
    "assign",
    "submit_for_approval",
    "send_back",
    "approve",
    "request_supplement",
    "resubmit",
    "refuse",
    "withdraw",
    "transfer",
    "receive_back",
    "apologise",
    "return_result",
    "note",
]


def api_action(name: str) -> Rule:
    """POST /dossiers/{code}/actions/<name> (GET on it is not allowed). The world's dossier
    has its result ready: only a note and the return apply."""
    changes = name in ("note", "return_result")
    return Rule(Who.API, args=DOSSIER, post=_api_body(name), owner_status=405, post_changes=changes)


def _api_body(action: str) -> dict:
    """API_BODY's fields that the action's body schema has: the API refuses unknown fields
    (a 422 would hide whether the caller was refused for who they are)."""
    from api.endpoints import dossiers

    schema = inspect.signature(getattr(dossiers, f"action_{action}")).parameters["body"]
    fields = schema.annotation.model_fields
    body = {key: value for key, value in API_BODY.items() if key in fields}
    missing = {k for k, f in fields.items() if f.is_required() and k not in body}
    assert not missing, f"API_BODY lacks {missing} for {action}"  # noqa: S101 (test data)
    return body


POLICY: dict[str, Rule] = {
    # ------------------------------------------------------------ site
    "home": PUBLIC,
    "set_language": rule(Who.PUBLIC, owner_status=302),  # sets the language, goes back
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    # ------------------------------------------------------------ officer accounts
    "accounts:login": PUBLIC,
    "accounts:logout": rule(Who.SIGNED_IN, owner_status=405),  # POST only
    "accounts:password_change": SIGNED_IN,
    "accounts:password_change_done": SIGNED_IN,
    # Two-factor sign-in: the signed-in user's own device only.
    "accounts:two_factor_setup": SIGNED_IN,
    "accounts:two_factor_verify": rule(Who.SIGNED_IN, owner_status=302),  # already verified
    "accounts:two_factor_disable": rule(Who.SIGNED_IN, owner_status=405),  # POST only
    # ------------------------------------------------------------ dossiers (officers)
    "dossiers:home": rule(Who.OFFICER_UNIT, lists=True),
    "dossiers:queue": rule(Who.OFFICER_UNIT, args={"queue": "unit"}, lists=True),
    "dossiers:counter": rule(Who.OFFICER_UNIT),
    "dossiers:counter_procedures": rule(Who.OFFICER_UNIT),
    "dossiers:counter_checklist": rule(Who.OFFICER_UNIT, owner_status=404),  # needs ?procedure
    "dossiers:detail": rule(Who.OFFICER_UNIT, args=DOSSIER),
    "dossiers:act": rule(
        Who.OFFICER_UNIT,
        args={**DOSSIER, "action": "note"},
        post={"note-text": "Probe write"},
        owner_status=405,
    ),
    "dossiers:attachment": rule(
        Who.OFFICER_UNIT, args={**DOSSIER, "attachment_id": "@attachment.pk"}
    ),
    "dossiers:form": rule(Who.OFFICER_UNIT, args={**DOSSIER, "form": "mau01"}),
    "dossiers:book": rule(
        Who.OFFICER_UNIT,
        lists=True,
        query={"unit": "@unit.pk", "date_from": "@today", "date_to": "@today", "format": "xlsx"},
    ),
    # ------------------------------------------------------------ registers
    "registry:incoming_list": rule(Who.OFFICER_UNIT, lists=True),
    "registry:incoming_new": rule(
        Who.OFFICER_UNIT,
        post={
            "unit": "@unit.pk",
            "sender": "Probe write",
            "summary": "Probe write",
            "doc_type": "cong_van",
            "urgency": "normal",
        },
    ),
    "registry:incoming_detail": rule(Who.OFFICER_UNIT, args={"pk": "@letter.pk"}),
    "registry:incoming_act": rule(
        Who.OFFICER_UNIT,
        args={"pk": "@letter.pk", "action": "handle"},
        post={"handle-note": "Probe write"},
        owner_status=405,
    ),
    "registry:incoming_scan": rule(
        Who.OFFICER_UNIT, args={"pk": "@letter.pk", "scan_id": "@letter_scan.pk"}
    ),
    "registry:outgoing_list": rule(Who.OFFICER_UNIT, lists=True),
    "registry:outgoing_new": rule(
        Who.OFFICER_UNIT,
        post={
            "unit": "@unit.pk",
            "doc_type": "cong_van",
            "drafting_unit": "VP",
            "summary": "Probe write",
            "signer": "Probe",
            "recipients": "Probe",
        },
    ),
    "registry:outgoing_detail": rule(Who.OFFICER_UNIT, args={"pk": "@document.pk"}),
    "registry:outgoing_act": rule(
        Who.OFFICER_UNIT,
        args={"pk": "@document.pk", "action": "link_dossier"},
        post={"link_dossier-code": "@dossier.code"},
        owner_status=405,
    ),
    "registry:outgoing_scan": rule(
        Who.OFFICER_UNIT, args={"pk": "@document.pk", "scan_id": "@document_scan.pk"}
    ),
    "registry:due": rule(Who.OFFICER_UNIT, lists=True),
    "registry:book": rule(
        Who.OFFICER_UNIT,
        lists=True,
        query={
            "register": "den",
            "unit": "@unit.pk",
            "date_from": "@today",
            "date_to": "@today",
            "format": "xlsx",
        },
    ),
    # ------------------------------------------------------------ reports (figures only)
    "reports:report": rule(Who.OFFICER_UNIT),
    "reports:download": rule(Who.OFFICER_UNIT, args={"fmt": "csv"}),
    "reports:dashboard": rule(Who.OFFICER_UNIT),
    "reports:evaluation": rule(Who.OFFICER_UNIT),
    "reports:decision766": rule(Who.OFFICER_UNIT),
    # ------------------------------------------------------------ supervision
    "oversight:home": rule(Who.PROGRAMME),
    "oversight:new": rule(
        Who.PROGRAMME,
        post={
            "decision_number": "99/QĐ-Probe",
            "decision_date": "@today",
            "body": "Probe",
            "head": "Probe",
            "subject": "Probe write",
            "period_start": "@today",
            "period_end": "@today",
            "units": "@unit.pk",
        },
    ),
    "oversight:programme": rule(Who.PROGRAMME, args={"pk": "@programme.pk"}),
    "oversight:status": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk"},
        post={"status": "in_progress"},
        owner_status=405,
    ),
    "oversight:session_add": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk"},
        post={"unit": "@unit.pk", "day": "@today", "place": "Probe", "attendees": "Probe"},
        owner_status=405,
    ),
    "oversight:finding_add": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk"},
        post={"kind": "shortcoming", "text": "Probe write", "unit": "@unit.pk"},
        owner_status=405,
    ),
    "oversight:recommendation_add": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk"},
        post={"content": "Probe write", "deadline": "@today", "unit": "@unit.pk"},
        owner_status=405,
    ),
    "oversight:mark": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk", "rec_id": "@recommendation.pk"},
        post={"status": "done"},
        owner_status=405,
    ),
    "oversight:docx": rule(Who.PROGRAMME, args={"pk": "@programme.pk", "document": "bao-cao"}),
    "oversight:pdf": rule(Who.PROGRAMME, args={"pk": "@programme.pk", "document": "bao-cao"}),
    "oversight:follow_up": rule(Who.PROGRAMME, args={"pk": "@programme.pk"}),
    "oversight:unit": rule(Who.PROGRAMME, args={"pk": "@programme.pk", "unit_id": "@unit.pk"}),
    "oversight:dossiers": rule(
        Who.PROGRAMME, args={"pk": "@programme.pk", "unit_id": "@unit.pk", "name": "overdue"}
    ),
    "oversight:self_report": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk", "unit_id": "@unit.pk"},
        post={key: 1 for key in SELF_REPORT_COLUMNS},
        owner_status=405,
    ),
    "oversight:sample": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk", "unit_id": "@unit.pk"},
        post={"size": 1, "seed": "probe"},
        owner_status=405,
    ),
    "oversight:sample_check": rule(
        Who.PROGRAMME,
        args={"pk": "@programme.pk", "item_id": "@sample_item.pk"},
        post={"checked": "receipt", "note": "Probe write"},
        owner_status=405,
    ),
    "oversight:dossier": rule(
        Who.PROGRAMME, args={"pk": "@programme.pk", "dossier_id": "@dossier.pk"}
    ),
    "oversight:answer": rule(
        Who.OFFICER_UNIT,
        args={"rec_id": "@recommendation.pk"},
        post={"answer": "Probe write"},
    ),
    # ------------------------------------------------------------ notifications
    "notifications:undelivered": rule(Who.OFFICER_UNIT, lists=True),
    "notifications:requeue": rule(
        Who.OFFICER_UNIT, args={"pk": "@notification.pk"}, post={}, owner_status=405
    ),
    # ------------------------------------------------------------ online: citizen accounts
    "online:landing": PUBLIC,
    "online:register": PUBLIC,
    "online:confirm": rule(Who.PUBLIC, owner_status=302),  # no registration pending
    "online:resend": rule(Who.PUBLIC, owner_status=405),  # POST only
    "online:password": rule(Who.PUBLIC, owner_status=302),  # no registration pending
    "online:sign_in": PUBLIC,
    "online:profile": rule(Who.CITIZEN_OWN),
    # The citizen's own data (Law 91/2025): the owner's file holds the canary, nobody else's.
    "online:my_data": rule(Who.CITIZEN_OWN, lists=True),
    "online:mine": rule(Who.CITIZEN_OWN),  # codes and procedures, no personal data
    "online:new": rule(Who.CITIZEN_OWN),
    "online:submission": rule(
        Who.CITIZEN_OWN,
        args={"submission_id": "@submission.pk"},
        post={"applicant_name": "Probe write", "intent": "save"},
        post_changes=False,  # submitted: no longer editable
    ),
    "online:withdraw": rule(
        Who.CITIZEN_OWN,
        args={"submission_id": "@submission.pk"},
        post={"reason": "Probe write"},
        owner_status=405,
    ),
    "online:submission_file": rule(
        Who.CITIZEN_OWN,
        args={"submission_id": "@submission.pk", "file_id": "@submission_file.pk"},
    ),
    "online:dossier": rule(Who.CITIZEN_OWN, args=DOSSIER),
    "online:supplement_send": rule(
        Who.CITIZEN_OWN, args=DOSSIER, post={}, owner_status=405, post_changes=False
    ),
    "online:rate": rule(
        Who.CITIZEN_OWN,
        args=DOSSIER,
        post={"q1": "2", "q2": "2"},
        owner_status=405,
        post_changes=False,
    ),
    "online:upload_file": rule(Who.CITIZEN_OWN, args={**DOSSIER, "upload_id": "@upload.pk"}),
    "online:result_file": rule(Who.CITIZEN_OWN, args={**DOSSIER, "result_id": "@result.pk"}),
    # ------------------------------------------------------------ online: the desk
    "online:officer_queue": rule(Who.OFFICER_UNIT, lists=True),
    "online:officer_tab": rule(Who.OFFICER_UNIT, args={"tab": "cho-tiep-nhan"}, lists=True),
    "online:officer_supplements": rule(Who.OFFICER_UNIT),
    "online:officer_submission": rule(Who.OFFICER_UNIT, args={"submission_id": "@submission.pk"}),
    "online:officer_act": rule(
        Who.OFFICER_UNIT,
        args={"submission_id": "@submission.pk", "action": "accept"},
        post={"accept-note": "Probe write"},
        owner_status=405,
    ),
    "online:officer_submission_file": rule(
        Who.OFFICER_UNIT,
        args={"submission_id": "@submission.pk", "file_id": "@submission_file.pk"},
    ),
    "online:officer_dossier": rule(Who.OFFICER_UNIT, args=DOSSIER),
    "online:officer_take_supplement": rule(
        Who.OFFICER_UNIT,
        args=DOSSIER,
        post={"take-note": "Probe write"},
        owner_status=405,
        post_changes=False,
    ),
    "online:officer_publish": rule(
        Who.OFFICER_UNIT, args=DOSSIER, post={"file": "@upload_pdf"}, owner_status=405
    ),
    "online:officer_upload_file": rule(
        Who.OFFICER_UNIT, args={**DOSSIER, "upload_id": "@upload.pk"}
    ),
    "online:officer_result_file": rule(
        Who.OFFICER_UNIT, args={**DOSSIER, "result_id": "@result.pk"}
    ),
    # ------------------------------------------------------------ public portal
    "portal:procedures": PUBLIC,
    "portal:procedure": rule(Who.PUBLIC, args={"code": "@procedure_code"}),
    "portal:procedure_form": rule(
        Who.PUBLIC, args={"code": "@procedure_code", "form_id": "@form_file.pk"}
    ),
    "portal:lookup": PUBLIC,
    "portal:lookup_code": rule(Who.PUBLIC, args=DOSSIER),
    "portal:lookup_result": rule(Who.LOOKUP_SESSION, args=DOSSIER),
    "portal:rate": rule(
        Who.LOOKUP_SESSION,
        args=DOSSIER,
        post={"q1": "2", "q2": "2"},
        owner_status=405,
        post_changes=False,
    ),
    "portal:figures": PUBLIC,
    "portal:unit_figures": rule(Who.PUBLIC, args={"unit_code": "@unit.code"}),
    "portal:kiosk_units": PUBLIC,
    "portal:kiosk": rule(Who.PUBLIC, args={"unit_code": "@unit.code"}),
    "portal:ticket_take": rule(Who.PUBLIC, args={"unit_code": "@unit.code"}),
    "portal:ticket_print": rule(
        Who.PUBLIC, args={"unit_code": "@unit.code", "ticket_id": "@ticket.pk"}
    ),
    "portal:display": rule(Who.PUBLIC, args={"unit_code": "@unit.code"}),
    "portal:display_board": rule(Who.PUBLIC, args={"unit_code": "@unit.code"}),
    "portal:call_next": rule(
        Who.OFFICER_UNIT,
        args={"unit_code": "@unit.code"},
        post={"line": "Tiếp nhận chung", "counter_label": "Probe"},
    ),
    "portal:tablet": rule(Who.OFFICER_UNIT, args={"unit_code": "@unit.code"}),
    "portal:tablet_rate": rule(
        # Without a tablet session the desk's own officer is sent back to the tablet.
        Who.OFFICER_UNIT,
        args={"unit_code": "@unit.code", "code": "@dossier.code"},
        owner_status=302,
    ),
    # ------------------------------------------------------------ REST API
    "openapi": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": SIGNED_IN,
    "api:api-root": rule(Who.PUBLIC, owner_status=404),  # nothing at the root
    "api:lookup": rule(Who.API_PUBLIC, owner_status=405),  # POST only
    "api:units_list": rule(Who.API_ANY),
    "api:procedures_list": rule(Who.API_ANY),
    "api:procedures_get": rule(Who.API_ANY, args={"code": "@procedure_code"}),
    "api:dossiers_list": rule(Who.API, lists=True),
    "api:dossiers_create": rule(
        Who.API,
        post={
            "unit": "@unit.code",
            "procedure": "@procedure_code",
            "channel": "direct",
            "applicant": {"name": "Probe write", "id_number": "079199999998"},
            "papers": [{"required_paper_id": "@paper_id", "count": 1}],
        },
        owner_status=200,  # GET on this path is the list
    ),
    "api:dossiers_get": rule(Who.API, args=DOSSIER),
    **{f"api:action_{action}": api_action(action) for action in API_ACTIONS},
    "api:attachments_list": rule(Who.API, args=DOSSIER),
    "api:attachments_upload": rule(Who.API, args=DOSSIER, post={"file": "@upload_pdf"}),
    "api:attachments_download": rule(Who.API, args={**DOSSIER, "attachment_id": "@attachment.pk"}),
    "api:reports_get": rule(Who.API, query={"from": "@today", "to": "@today"}),
}


def policy_for(name: str) -> Rule | None:
    """The rule of the URL named `name` ("namespace:name"), or None: undeclared."""
    if name in POLICY:
        return POLICY[name]
    namespace = name.split(":", 1)[0] if ":" in name else ""
    return NAMESPACE_POLICY.get(namespace)
