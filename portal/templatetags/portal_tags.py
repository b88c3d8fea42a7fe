from django import template

from catalog.models import ProcedureVersion
from portal.presentation import time_limit_words

register = template.Library()


@register.filter
def time_limit(version: ProcedureVersion) -> str:
    """The procedure's time limit in words, in the page's language."""
    return time_limit_words(version.time_rule)


@register.filter
def ticket_number(number: int) -> str:
    return f"{number:03d}"


@register.filter
def get_item(mapping: dict, key: str) -> int:
    return mapping.get(key, 0)
