from django import template

from dossiers.privacy import list_name

register = template.Library()


@register.filter
def get_count(counts: dict, key: int) -> int:
    return counts.get(key, 0)


@register.simple_tag
def shown_name(record: object, own_units: frozenset[int]) -> str:
    """The applicant's name in a list: full for officers of the record's unit, else masked
    (dossiers.privacy)."""
    return list_name(record, unit_ids=own_units)
