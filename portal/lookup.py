"""Looking a dossier up without an account: its code plus the last 4 digits of the
applicant's ID number or phone. A wrong code and wrong digits answer the same (None), and a
successful look-up is remembered in the visitor's session for a short while, so the rating
form that follows needs no second typing."""

import hmac
import re
import time

from django.contrib.sessions.backends.base import SessionBase

from catalog.models import AdministrativeUnit
from dossiers.models import Dossier

DIGITS_RE = re.compile(r"^\d{4}$")
VERIFIED_SECONDS = 30 * 60


def normalize_code(raw: str) -> str:
    return "".join(raw.split()).upper()


def _matches(stored: str, digits: str) -> bool:
    tail = re.sub(r"\D", "", stored)[-4:]
    return len(tail) == 4 and hmac.compare_digest(tail, digits)


def dossier_lookup(
    *, code: str, digits: str, unit: AdministrativeUnit | None = None
) -> Dossier | None:
    """The dossier `code` if `digits` are the last 4 of its applicant's ID number or phone
    (and it belongs to `unit`, when given); otherwise None, whatever was wrong."""
    digits = digits.strip()
    typed = "".join(code.split())
    if not typed or not DIGITS_RE.match(digits):
        return None
    dossiers = Dossier.objects.select_related("unit", "procedure_version__procedure")
    if unit is not None:
        dossiers = dossiers.filter(unit=unit)
    # Codes are upper case (agency identifiers like 000.00.14.H26); an exact match keeps the
    # unique index in use, and the code as typed covers imported codes of another case.
    dossier = dossiers.filter(code__in={normalize_code(typed), typed}).first()
    if dossier is None:
        return None
    id_ok = _matches(dossier.applicant_id_number, digits)
    phone_ok = _matches(dossier.applicant_phone, digits)
    return dossier if id_ok or phone_ok else None


def verified_remember(session: SessionBase, key: str, dossier: Dossier) -> None:
    verified = dict(session.get(key, {}))
    verified[dossier.code] = time.time()
    session[key] = verified


def verified_forget(session: SessionBase, key: str, code: str) -> None:
    verified = dict(session.get(key, {}))
    verified.pop(code, None)
    session[key] = verified


def verified_dossier(
    session: SessionBase, key: str, code: str, *, unit: AdministrativeUnit | None = None
) -> Dossier | None:
    """The dossier `code` if this session looked it up successfully in the last 30 minutes."""
    stamp = session.get(key, {}).get(code)
    if stamp is None or time.time() - stamp > VERIFIED_SECONDS:
        return None
    dossiers = Dossier.objects.select_related("unit", "procedure_version__procedure")
    if unit is not None:
        dossiers = dossiers.filter(unit=unit)
    return dossiers.filter(code=code).first()
