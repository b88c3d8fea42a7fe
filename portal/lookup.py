"""Looking a dossier up without an account: its code plus the last 4 digits of the
applicant's ID number or phone. A wrong code and wrong digits answer the same (None), and a
successful look-up is remembered by the visitor's browser for a short while
(portal.verified), so the rating form that follows needs no second typing.

The look-up is the busiest public read (issue #9): it reads one row by its unique code with
a query compiled once (common.prepared), into a `PublicDossier` that holds only what the
citizen may be shown, not a model instance."""

import hmac
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db.models import Exists, Min, OuterRef, QuerySet, Subquery

from catalog.models import AdministrativeUnit
from common.prepared import PreparedQuery
from dossiers.models import Dossier, Status
from dossiers.numbering import normalize_code
from online.models import PublishedResult
from portal.models import DossierRating
from portal.timeline import Event
from portal.verified import VerifiedCodes

DIGITS_RE = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class PublicDossier:
    """What a look-up may show of a dossier: no ID number, phone, address or officer; the
    applicant's name is shown only masked (dossiers/privacy.py)."""

    pk: int
    code: str
    status: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    appointment_at: datetime | None
    unit_name: str
    procedure_name: str
    procedure_code: str
    rated: bool | None = None  # read with the dossier when the page needs it
    # When a result was first published to the applicant's online account, if it was.
    published_at: datetime | None = None

    @property
    def published_online(self) -> bool:
        """A ready result that is also in the applicant's online account: the paper may
        still be collected at the desk, but need not be awaited to read it."""
        return self.published_at is not None and self.status == Status.RESULT_READY


# The columns a look-up reads: the public ones, then the two numbers the 4 digits are checked
# against (never kept in the PublicDossier), then (for the result page) whether it was rated.
PUBLIC_COLUMNS = (
    "pk",
    "code",
    "status",
    "applicant_name",
    "received_at",
    "due_at",
    "appointment_at",
    "unit__name",
    "procedure_version__name",
    "procedure_version__procedure__code",
)
SECRET_COLUMNS = ("applicant_id_number", "applicant_phone")
# What the result page's timeline reads of the dossier's events (portal.timeline.Event).
EVENT_COLUMNS = ("events__action", "events__at", "events__note", "events__data")


def _first_published() -> Subquery:
    """When a result of the dossier was first published to the applicant's online account
    (online.received.result_publish), or NULL."""
    return Subquery(
        PublishedResult.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(first=Min("published_at"))
        .values("first")
    )


def _by_code(*, with_unit: bool, rated: bool) -> PreparedQuery:
    """The dossier whose code is `code` or `typed` (the code as typed: imported codes may
    differ in case), of the unit `unit_id` when `with_unit`, with when its result was first
    published online (and whether it was rated, when `rated`)."""

    def build(**values: Any) -> QuerySet:
        dossiers = Dossier.objects.order_by().filter(code__in=[values["code"], values["typed"]])
        if with_unit:
            dossiers = dossiers.filter(unit_id=values["unit_id"])
        dossiers = dossiers.annotate(published=_first_published())
        if rated:
            rating = DossierRating.objects.filter(dossier=OuterRef("pk"))
            dossiers = dossiers.annotate(rated=Exists(rating))
            return dossiers.values_list(*PUBLIC_COLUMNS, *SECRET_COLUMNS, "published", "rated")
        return dossiers.values_list(*PUBLIC_COLUMNS, *SECRET_COLUMNS, "published")

    parameters = {"code": "text", "typed": "text"}
    if with_unit:
        parameters["unit_id"] = "number"
    return PreparedQuery(build, parameters)


def _with_events(code: str) -> QuerySet:
    """The dossier `code` with whether it was rated, when its result was first published
    online, and its events, oldest first: one row per event (none: one row, its event columns
    NULL), the dossier's columns repeated."""
    rating = DossierRating.objects.filter(dossier=OuterRef("pk"))
    return (
        Dossier.objects.filter(code=code)
        .annotate(rated=Exists(rating), published=_first_published())
        .order_by("events__at", "events__id")
        .values_list(*PUBLIC_COLUMNS, "rated", "published", *EVENT_COLUMNS)
    )


# The result page's read, compiled once: the dossier and its events in one query, a round
# trip less on the busiest public page (issue #9).
_WITH_EVENTS = PreparedQuery(_with_events, {"code": "text"})

_QUERIES = {
    (with_unit, rated): _by_code(with_unit=with_unit, rated=rated)
    for with_unit in (False, True)
    for rated in (False, True)
}
_PUBLIC = len(PUBLIC_COLUMNS)


def _find(
    code: str, typed: str, unit: AdministrativeUnit | None, *, rated: bool
) -> tuple[PublicDossier, tuple[str, str]] | None:
    """The dossier `code` (or `typed`, the code as typed), with its ID number and phone."""
    query = _QUERIES[(unit is not None, rated)]
    values: dict[str, Any] = {"code": code, "typed": typed}
    if unit is not None:
        values["unit_id"] = unit.pk
    rows = query.rows(values)
    if not rows:
        return None
    row = next((r for r in rows if r[1] == code), rows[0])  # the exact code first
    dossier = replace(PublicDossier(*row[:_PUBLIC]), published_at=row[_PUBLIC + 2])
    if rated:
        dossier = replace(dossier, rated=bool(row[_PUBLIC + 3]))
    return dossier, (row[_PUBLIC], row[_PUBLIC + 1])


def _matches(stored: str, digits: str) -> bool:
    tail = re.sub(r"\D", "", stored)[-4:]
    return len(tail) == 4 and hmac.compare_digest(tail, digits)


def dossier_lookup(
    *, code: str, digits: str, unit: AdministrativeUnit | None = None
) -> PublicDossier | None:
    """The dossier `code` if `digits` are the last 4 of its applicant's ID number or phone
    (and it belongs to `unit`, when given); otherwise None, whatever was wrong."""
    digits = digits.strip()
    typed = "".join(code.split())
    if not typed or not DIGITS_RE.match(digits):
        return None
    # Codes are upper case (agency identifiers like 000.00.14.H26); an exact match keeps the
    # unique index in use, and the code as typed covers imported codes of another case.
    found = _find(normalize_code(typed), typed, unit, rated=False)
    if found is None:
        return None
    dossier, (id_number, phone) = found
    id_ok = _matches(id_number, digits)
    phone_ok = _matches(phone, digits)
    return dossier if id_ok or phone_ok else None


def verified_dossier(
    verified: VerifiedCodes, code: str, *, unit: AdministrativeUnit | None = None
) -> PublicDossier | None:
    """The dossier `code` if this browser looked it up successfully in the last 30 minutes,
    with whether it was rated (the page shows the rating form or the thanks)."""
    if not verified.recently(code):
        return None
    found = _find(code, code, unit, rated=True)
    return None if found is None else found[0]


def verified_dossier_events(
    verified: VerifiedCodes, code: str
) -> tuple[PublicDossier, list[Event]] | None:
    """`verified_dossier` with the dossier's events, oldest first, and when its result was
    first published online, read in the same query (the result page's timeline)."""
    if not verified.recently(code):
        return None
    rows = _WITH_EVENTS.rows({"code": code})
    if not rows:
        return None
    first = rows[0]
    dossier = replace(
        PublicDossier(*first[:_PUBLIC]), rated=bool(first[_PUBLIC]), published_at=first[_PUBLIC + 1]
    )
    events = [Event(*row[_PUBLIC + 2 :]) for row in rows if row[_PUBLIC + 2] is not None]
    return dossier, events
