"""A plain snapshot of the catalogue, for `catalog_export` and for checking deployments."""

from datetime import date

from catalog.models import AdministrativeUnit, ProcedureVersion


def _unit_row(unit: AdministrativeUnit) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent.code if unit.parent else None,
        "agency_id": unit.agency_id,
    }


def _in_force(version: ProcedureVersion, on: date) -> bool:
    return version.effective_from <= on and (
        version.effective_to is None or on < version.effective_to
    )


def _procedure_row(version: ProcedureVersion) -> dict[str, object]:
    return {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.field.name,
        "level": version.level,
        "time_rule": version.time_rule.as_dict(),
    }


def catalog_snapshot(*, on: date) -> dict[str, list[dict[str, object]]]:
    """Every unit of every period; per procedure the version in force on `on`, else the
    latest published one (a procedure with only drafts is left out)."""
    units = AdministrativeUnit.objects.select_related("parent").order_by("code", "valid_from")
    published = (
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure", "field")
        .order_by("procedure__code", "version")
    )
    chosen: dict[str, ProcedureVersion] = {}
    for version in published:  # ascending, so a later version replaces an earlier one
        current = chosen.get(version.procedure.code)
        if current is None or not _in_force(current, on):
            chosen[version.procedure.code] = version
    return {
        "units": [_unit_row(unit) for unit in units],
        "procedures": [_procedure_row(chosen[code]) for code in sorted(chosen)],
    }
