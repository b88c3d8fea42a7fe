from datetime import datetime

from django import template

from catalog.models import ProcedureVersion
from catalog.wording import money, time_limit_words
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


@register.filter(expects_localtime=True)
def moment(value: datetime | None) -> str:
    """The instant as `|date:"H:i d/m/Y"` shows it (the local time, then the date), in a tenth
    of its time: that filter parses its format on every call, and the public look-up page
    shows up to a dozen instants (issue #9)."""
    if not isinstance(value, datetime):
        return ""
    return value.strftime("%H:%M %d/%m/%Y")


@register.filter
def time_limit(version: ProcedureVersion) -> str:
    """The procedure's time limit in words, in the page's language."""
    return time_limit_words(version.time_rule)


@register.filter(name="money")
def money_filter(amount: int | None) -> str:
    """ "20.000 đồng" (thousands grouped with dots), in the page's language."""
    return "" if amount is None else money(amount)
