"""Read paths of the catalogue: which unit and which procedure text applied on a given day."""

from datetime import date

from django.db.models import Q, QuerySet, prefetch_related_objects

from catalog.models import AdministrativeUnit, ProcedureVersion
from common.stamps import CATALOG, StampedCache, Stamps
from common.text import fold


class NotFound(Exception):
    """Nothing in the catalogue applies on the asked day; the message is shown to users."""


def unit_in_force(code: str, on: date) -> AdministrativeUnit:
    """The unit with `code` that existed on `on` (codes are reused after mergers)."""
    unit = _unit_in_force(code, on)
    if unit is None:
        raise _unit_not_found(code, on)
    return unit


def _unit_in_force(code: str, on: date) -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.valid_on(on)
        .filter(code=code)
        .select_related("parent")
        .order_by("-valid_from")
        .first()
    )


def _unit_not_found(code: str, on: date) -> NotFound:
    return NotFound(f"Không có đơn vị hành chính mã {code} có hiệu lực ngày {on:%d/%m/%Y}.")


# This process's copies of the rows the API's intake reads on every request (common.stamps:
# dropped as soon as the catalogue changes).
_units: StampedCache[tuple[str, date], AdministrativeUnit] = StampedCache(CATALOG)
_versions: StampedCache[tuple[str, date], ProcedureVersion] = StampedCache(CATALOG)


def unit_in_force_shared(code: str, on: date, stamps: Stamps) -> AdministrativeUnit:
    """`unit_in_force` (with its parent), from this process's copy while the catalogue is
    unchanged. The instance is shared: read it, never change or save it."""
    unit = _units.get((code, on), stamps, lambda: _unit_in_force(code, on))
    if unit is None:
        raise _unit_not_found(code, on)
    return unit


def receiving_units(on: date) -> QuerySet[AdministrativeUnit]:
    """Units that receive dossiers (they carry an agency identifier) and exist on `on`."""
    return AdministrativeUnit.objects.valid_on(on).receiving().select_related("parent")


def _published_in_force(on: date) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=on),
        status=ProcedureVersion.Status.PUBLISHED,
        effective_from__lte=on,
    ).select_related("procedure", "field")


def procedure_version_in_force(code: str, on: date) -> ProcedureVersion:
    """The published version of procedure `code` whose [effective_from, effective_to) holds `on`.

    Drafts are never returned: a dossier is judged only by a published text.
    """
    version = _procedure_version_in_force(code, on)
    if version is None:
        raise _version_not_found(code, on)
    return version


def _procedure_version_in_force(code: str, on: date) -> ProcedureVersion | None:
    return (
        _published_in_force(on)
        .filter(procedure__code=code)
        .order_by("-effective_from", "-version")
        .first()
    )


def _version_not_found(code: str, on: date) -> NotFound:
    return NotFound(f"Thủ tục mã {code} không có phiên bản đã công bố áp dụng ngày {on:%d/%m/%Y}.")


def procedure_version_in_force_shared(code: str, on: date, stamps: Stamps) -> ProcedureVersion:
    """`procedure_version_in_force` with its procedure, field and required papers
    (`version.papers.all()`), from this process's copy while the catalogue is unchanged. The
    instance is shared: read it, never change or save it."""

    def load() -> ProcedureVersion | None:
        version = _procedure_version_in_force(code, on)
        if version is not None:
            prefetch_related_objects([version], "papers")
        return version

    version = _versions.get((code, on), stamps, load)
    if version is None:
        raise _version_not_found(code, on)
    return version


def procedure_versions_in_force(on: date) -> QuerySet[ProcedureVersion]:
    """Every published version applying on `on`, one per procedure (publishing forbids overlap)."""
    return _published_in_force(on).order_by("procedure__code")


def procedure_version_latest_published(code: str) -> ProcedureVersion | None:
    """The most recently numbered published version, whatever its window."""
    return (
        ProcedureVersion.objects.filter(
            procedure__code=code, status=ProcedureVersion.Status.PUBLISHED
        )
        .select_related("procedure", "field")
        .order_by("-version")
        .first()
    )


def procedure_search(query: str, on: date, *, limit: int = 20) -> list[ProcedureVersion]:
    """Procedures in force on `on` whose code starts with `query` or whose name contains every
    word of it, with or without diacritics ("dang ky ket hon", "khai sinh", "1.001193").
    The catalogue of one desk is a few hundred rows: matching in Python keeps the folding rule
    (common.text.fold) in one place."""
    words = fold(query).split()
    versions = procedure_versions_in_force(on).select_related("procedure", "field")
    if not words:
        return list(versions.order_by("name")[:limit])
    found = [
        version
        for version in versions
        if version.procedure.code.startswith(query.strip())
        or all(word in fold(version.name) for word in words)
    ]
    return sorted(found, key=lambda v: v.name)[:limit]
