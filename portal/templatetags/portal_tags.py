from django import template
from django.contrib.sessions.backends.base import SessionBase

from portal.forms import RatingForm
from portal.views_kiosk import KIOSK_SESSION_KEY

register = template.Library()


@register.filter
def ticket_number(number: int) -> str:
    return f"{number:03d}"


@register.filter
def get_item(mapping: dict, key: str) -> int:
    return mapping.get(key, 0)


@register.filter
def kiosk_code(session: SessionBase) -> str:
    """The kiosk this browser serves ("" on any other): `request.session.portal_kiosk` in a
    template costs ~10 µs when the key is absent (the engine then tries attributes and dir()),
    on every public page (issue #9)."""
    return session.get(KIOSK_SESSION_KEY, "") if isinstance(session, SessionBase) else ""


@register.simple_tag
def blank_rating_form() -> RatingForm:
    """An unbound RatingForm: the blank form's fields are rendered once per language in a
    {% fixed_text %} part (portal/_rating_form.html), where the page's own form is not seen."""
    return RatingForm()
