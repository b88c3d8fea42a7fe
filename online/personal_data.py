"""A citizen's own data, as one JSON document (Law 91/2025 Art. 4: the right to view and
obtain one's personal data). Only what belongs to the signed-in account: its profile, its
online submissions, the dossiers received from them, the ratings of those dossiers and the
notices sent about them or to the account's own addresses. Officers' internal notes are the
agency's working papers, not the citizen's data, and are left out."""

import json
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from dossiers.models import Action, DossierEvent
from notifications.models import Kind as NoticeKind
from notifications.models import Notification
from online.models import CitizenUpload, PublishedResult
from online.selectors import citizen_profile_of, dossiers_of_citizen, submissions_of_citizen
from portal.models import DossierRating

FORMAT_VERSION = 1


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _file(row: Any, at: datetime | None) -> dict[str, Any]:
    return {"name": row.name, "content_type": row.content_type, "size": row.size, "at": _when(at)}


def citizen_data_export(*, user: User) -> dict[str, Any]:
    """Everything the system holds about the account `user`, readable (Vietnamese labels
    where a code would be cryptic). Raises nothing: a user without a citizen profile gets
    an empty document (the view only serves citizens)."""
    profile = citizen_profile_of(user)
    submissions = list(submissions_of_citizen(user=user).prefetch_related("files", "events"))
    dossiers = list(dossiers_of_citizen(user=user))
    dossier_ids = [d.pk for d in dossiers]
    # Notices not about a dossier (online submissions' answers) count when they went to the
    # account's own verified addresses.
    addresses = {a for a in (profile.email, profile.phone) if a} if profile else set()
    notices = (
        Notification.objects.filter(
            Q(dossier_id__in=dossier_ids) | Q(dossier__isnull=True, recipient__in=addresses)
        )
        .exclude(kind=NoticeKind.OTP)
        .order_by("created_at", "pk")
    )
    events = DossierEvent.objects.filter(dossier_id__in=dossier_ids).exclude(action=Action.NOTE)
    by_dossier: dict[int, list[dict[str, Any]]] = {}
    for event in events.order_by("at", "pk"):
        by_dossier.setdefault(event.dossier_id, []).append(
            {"at": _when(event.at), "action": str(Action(event.action).label)}
        )
    uploads = CitizenUpload.objects.filter(dossier_id__in=dossier_ids, uploaded_by=user)
    results = PublishedResult.objects.filter(dossier_id__in=dossier_ids)
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": _when(timezone.now()),
        "account": {
            "username": user.get_username(),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "profile": None
        if profile is None
        else {
            "full_name": profile.full_name,
            "id_number": profile.id_number,
            "phone": profile.phone,
            "email": profile.email,
            "address": profile.address,
            "verified_at": _when(profile.verified_at),
            "created_at": _when(profile.created_at),
        },
        "submissions": [
            {
                "reference": s.reference,
                "unit": s.unit.name,
                "procedure": s.procedure_version.name,
                "status": str(s.get_status_display()),
                "applicant": {
                    "name": s.applicant_name,
                    "id_number": s.applicant_id_number,
                    "phone": s.applicant_phone,
                    "email": s.applicant_email,
                    "address": s.applicant_address,
                },
                "created_at": _when(s.created_at),
                "submitted_at": _when(s.submitted_at),
                "decided_at": _when(s.decided_at),
                "supplement_reason": s.supplement_reason,
                "refusal_reason": s.refusal_reason,
                "dossier_code": s.dossier.code if s.dossier else None,
                "files": [_file(f, f.uploaded_at) for f in s.files.all()],
                "history": [
                    {"at": _when(e.at), "action": str(e.get_action_display()), "note": e.note}
                    for e in s.events.all()
                ],
            }
            for s in submissions
        ],
        "dossiers": [
            {
                "code": d.code,
                "unit": d.unit.name,
                "procedure": d.procedure_version.name,
                "channel": str(d.get_channel_display()),
                "status": str(d.get_status_display()),
                "applicant": {
                    "name": d.applicant_name,
                    "id_number": d.applicant_id_number,
                    "phone": d.applicant_phone,
                    "email": d.applicant_email,
                    "address": d.applicant_address,
                },
                "received_at": _when(d.received_at),
                "due_at": _when(d.due_at),
                "appointment_at": _when(d.appointment_at),
                "finished_at": _when(d.finished_at),
                "outcome": str(d.get_outcome_display()) if d.outcome else "",
                "result": d.result,
                "refusal_reason": d.refusal_reason,
                "returned_at": _when(d.returned_at),
                "returned_to": d.returned_to,
                "anonymised_at": _when(d.anonymised_at),
                "history": by_dossier.get(d.pk, []),
                "supplement_uploads": [
                    {"label": u.label, **_file(u, u.uploaded_at)}
                    for u in uploads
                    if u.dossier_id == d.pk
                ],
                "results": [_file(r, r.published_at) for r in results if r.dossier_id == d.pk],
            }
            for d in dossiers
        ],
        "ratings": [
            {
                "dossier_code": r.dossier.code,
                "channel": str(r.get_channel_display()),
                "time_score": r.time_score,
                "contacts_score": r.contacts_score,
                "agencies_score": r.agencies_score,
                "attitude_score": r.attitude_score,
                "comment": r.comment,
                "rated_at": _when(r.rated_at),
            }
            for r in DossierRating.objects.filter(dossier_id__in=dossier_ids).select_related(
                "dossier"
            )
        ],
        "notices": [
            {
                "kind": str(n.get_kind_display()),
                "channel": str(n.get_channel_display()),
                "recipient": n.recipient,
                "subject": n.subject,
                "body": n.body,
                "status": str(n.get_status_display()),
                "created_at": _when(n.created_at),
                "sent_at": _when(n.sent_at),
            }
            for n in notices
        ],
    }


def citizen_data_json(*, user: User) -> bytes:
    return json.dumps(citizen_data_export(user=user), ensure_ascii=False, indent=2).encode()
