"""Personal data of applicants (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): how it is masked,
who sees it in full, and who may read identity-document scans. The one place for these
rules; docs/personal-data.md explains them.

Who sees what. "Unit officers" hold reception, specialist, approver or unit-admin roles at
the dossier's unit; "others" are overseers of upper units, HĐND supervisors, system
administrators (superusers) and anyone else who may read the unit's dossiers.

- Queues and search results (dossiers:home, dossiers:queue), online desk queues
  (online:officer_queue, online:officer_tab, online:officer_supplements):
  unit officers: full name, no CCCD/phone column; others: masked name.
- Dossier page (dossiers:detail, online:officer_dossier, online:officer_submission):
  unit officers: everything in full; others: name, CCCD, phone, e-mail masked, address and
  "returned to" not shown.
- Oversight pages (oversight:*): no applicant data at all.
- Public pages (portal lookup, counter tablet, API lookup): masked name, nothing else.
- Identity-document scans (DossierAttachment.Kind.IDENTITY): only reception, specialist and
  approver of the unit (IDENTITY_SCAN_ROLES), through the officer pages; never through an
  API token, never overseers, supervisors or administrators: for them they do not exist
  (404, no link, not listed).

Officers of the unit call people at the counter, so their lists keep the full name; CCCD
and phone appear in full only on the dossier page. The statutory book (Mẫu 06) keeps its
prescribed columns for the unit that keeps it.
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.selectors import OFFICER_ROLES, user_roles_at
from dossiers.models import Dossier, DossierAttachment

DOT = "•"

# Decree 356/2025 Art. 4.1(i): images of the ID card are sensitive personal data; Art. 4.2
# asks for access limited by authorisation. These roles handle the dossier's papers.
IDENTITY_SCAN_ROLES = frozenset({Role.RECEPTION, Role.SPECIALIST, Role.APPROVER})


def mask_name(name: str) -> str:
    """ "Nguyễn Viết An" → "Nguyễn V*** A*": the family name, then each further word's first
    letter with a star for every other letter."""
    words = unicodedata.normalize("NFC", name).split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0] + "*" * (len(words[0]) - 1)
    return " ".join([words[0], *(w[0] + "*" * (len(w) - 1) for w in words[1:])])


def mask_id_number(value: str) -> str:
    """ "001190012345" → "••••••••2345": only the last 4 digits (what the lookup asks)."""
    value = value.strip()
    if not value:
        return ""
    keep = 4 if len(value) > 4 else 0
    return DOT * (len(value) - keep) + value[len(value) - keep :]


def mask_phone(value: str) -> str:
    """ "0912345678" → "09•••••678"."""
    value = "".join(value.split())
    if not value:
        return ""
    if len(value) <= 5:
        return DOT * len(value)
    return value[:2] + DOT * (len(value) - 5) + value[-3:]


def mask_email(value: str) -> str:
    """ "binh.tran@example.com" → "bi•••@example.com"."""
    value = value.strip()
    if not value:
        return ""
    name, _at, domain = value.partition("@")
    return f"{name[:2]}{DOT * 3}@{domain}" if domain else DOT * 3


def officer_unit_ids(*, user: User) -> frozenset[int]:
    """Units where `user` holds an officer role: there they see applicants in full."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(
        user.memberships.filter(role__in=OFFICER_ROLES).values_list("unit_id", flat=True)
    )


def sees_full_personal_data(*, user: User, unit_id: int) -> bool:
    return unit_id in officer_unit_ids(user=user)


def may_read_identity_scans(*, user: User, unit_id: int) -> bool:
    return bool(user_roles_at(user=user, unit_id=unit_id) & IDENTITY_SCAN_ROLES)


def attachments_readable_by(
    *, user: User, dossier: Dossier, api_token: bool = False
) -> QuerySet[DossierAttachment]:
    """The dossier's scans `user` may list and download: identity-document scans only for
    IDENTITY_SCAN_ROLES of the unit, and never through an API token (tokens have no scope
    for sensitive data)."""
    scans = dossier.attachments.all()
    if api_token or not may_read_identity_scans(user=user, unit_id=dossier.unit_id):
        scans = scans.exclude(kind=DossierAttachment.Kind.IDENTITY)
    return scans


@dataclass(frozen=True)
class ShownApplicant:
    """The applicant's data as one viewer may see it."""

    name: str
    id_number: str
    phone: str
    email: str
    address: str
    returned_to: str
    masked: bool


def shown_applicant(record: object, *, full: bool) -> ShownApplicant:
    """`record` is a Dossier or an online Submission (same applicant_* fields)."""
    name = getattr(record, "applicant_name", "")
    id_number = getattr(record, "applicant_id_number", "")
    phone = getattr(record, "applicant_phone", "")
    email = getattr(record, "applicant_email", "")
    address = getattr(record, "applicant_address", "")
    returned_to = getattr(record, "returned_to", "")
    if full:
        return ShownApplicant(name, id_number, phone, email, address, returned_to, masked=False)
    return ShownApplicant(
        mask_name(name),
        mask_id_number(id_number),
        mask_phone(phone),
        mask_email(email),
        "",
        mask_name(returned_to),
        masked=True,
    )


def list_name(record: object, *, unit_ids: frozenset[int]) -> str:
    """The applicant's name in a list: full for officers of the record's unit."""
    name = getattr(record, "applicant_name", "")
    return name if getattr(record, "unit_id", None) in unit_ids else mask_name(name)
