"""Which units a report covers, from the codes people type, and whom it is from and to."""

from django.db.models import Q

from catalog.models import AdministrativeUnit
from reports.definitions import Period


class UnknownUnit(ValueError):
    pass


def unit_ids_for_codes(*, codes: list[str]) -> list[int]:
    """Every unit having one of `codes` (a code reused after a merger names several units),
    with every unit under them: a district's code covers its communes."""
    found: set[int] = set()
    for code in codes:
        ids = set(AdministrativeUnit.objects.filter(code=code).values_list("pk", flat=True))
        if not ids:
            raise UnknownUnit(f"Không có đơn vị hành chính mã «{code}».")
        found |= ids
    frontier = set(found)
    while frontier:
        frontier = (
            set(
                AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - found
        )
        found |= frontier
    return sorted(found)


def default_parties(*, unit_ids: list[int] | None, period: Period) -> tuple[str, str]:
    """(reporting unit, receiving unit) when nobody says: the receiving unit reported on, or
    the nearest unit above all those reported on; and the unit above that. Empty when
    there is none."""
    units = AdministrativeUnit.objects.receiving().filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=period.start), valid_from__lte=period.end
    )
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    chains = [_chain(unit) for unit in units.select_related("parent__parent__parent")]
    if not chains:
        return "", ""
    if len(chains) == 1:
        common = chains[0]
    else:
        shared = set.intersection(*({u.pk for u in chain[1:]} for chain in chains))
        common = [u for u in chains[0] if u.pk in shared]
    if not common:
        return "", ""
    reporting = common[0]
    return reporting.name, common[1].name if len(common) > 1 else ""


def _chain(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and the units above it, nearest first."""
    chain = [unit]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    return chain
