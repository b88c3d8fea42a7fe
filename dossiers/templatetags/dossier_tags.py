from django import template

register = template.Library()


@register.filter
def get_count(counts: dict, key: int) -> int:
    return counts.get(key, 0)
