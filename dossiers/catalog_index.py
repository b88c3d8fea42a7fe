"""In-memory lookups of units and procedure versions by code and date, for bulk work
(historical import, demo data) where one query per row would be too slow."""

from bisect import bisect_right
from datetime import date

from catalog.models import AdministrativeUnit, ProcedureVersion


class CatalogIndex:
    def __init__(self) -> None:
        self._units: dict[str, list[AdministrativeUnit]] = {}
        for unit in AdministrativeUnit.objects.order_by("code", "valid_from"):
            self._units.setdefault(unit.code, []).append(unit)
        self._versions: dict[str, list[ProcedureVersion]] = {}
        published = (
            ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
            .select_related("procedure")
            .order_by("procedure__code", "effective_from")
        )
        for version in published:
            self._versions.setdefault(version.procedure.code, []).append(version)
        self._sessions: dict[int, tuple] = {}

    def has_unit(self, code: str) -> bool:
        return code in self._units

    def has_procedure(self, code: str) -> bool:
        return code in self._versions

    def procedure_codes(self) -> list[str]:
        return list(self._versions)

    def unit(self, code: str, on: date) -> AdministrativeUnit | None:
        return _in_force(self._units.get(code, []), on, "valid_from", "valid_to")

    def version(self, code: str, on: date) -> ProcedureVersion | None:
        return _in_force(self._versions.get(code, []), on, "effective_from", "effective_to")

    def sessions(self, unit: AdministrativeUnit) -> tuple:
        if unit.pk not in self._sessions:
            self._sessions[unit.pk] = unit.sessions()
        return self._sessions[unit.pk]


def _in_force(items: list, on: date, start: str, end: str):
    """The item whose [start, end) window contains `on` (items sorted by start)."""
    index = bisect_right([getattr(item, start) for item in items], on) - 1
    if index < 0:
        return None
    item = items[index]
    stop = getattr(item, end)
    return item if stop is None or on < stop else None
