"""Every catalogue row as plain values, to prove that a second load writes nothing."""

from catalog.models import AdministrativeUnit, Field, Procedure, ProcedureVersion, RequiredPaper


def catalog_dump() -> dict[str, list]:
    links = AdministrativeUnit.successors.through.objects.values_list(
        "from_administrativeunit_id", "to_administrativeunit_id"
    )
    return {
        "units": list(AdministrativeUnit.objects.order_by("pk").values()),
        "successors": sorted(links),
        "fields": list(Field.objects.order_by("pk").values()),
        "procedures": list(Procedure.objects.order_by("pk").values()),
        "versions": list(ProcedureVersion.objects.order_by("pk").values()),
        "papers": list(RequiredPaper.objects.order_by("pk").values()),
    }
