"""Which units' figures a user may see on the report pages: those of
accounts.selectors.units_visible_to (a commune officer their unit, an overseer or a
supervisor the units below theirs). A unit they may not see answers 404, like one that does
not exist."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import units_visible_to
from catalog.models import AdministrativeUnit


def report_units(*, user: User) -> QuerySet[AdministrativeUnit]:
    """The units a user may pick on the report pages (receiving units and those above them
    that they can see), by name."""
    return units_visible_to(user=user).order_by("name", "valid_from")


def scoped_unit_ids(*, user: User, unit_id: int | None) -> list[int]:
    """The ids of the units a report covers: every unit the user may see, or `unit_id` and
    the units below it. 404 when the user may see no unit, or not that one."""
    visible = units_visible_to(user=user)
    if unit_id is not None:
        visible = visible.filter(
            Q(pk=unit_id) | Q(parent_id=unit_id) | Q(parent__parent_id=unit_id)
        )
        if not visible.filter(pk=unit_id).exists():
            raise Http404(_("Không tìm thấy đơn vị."))
    ids = sorted(visible.values_list("pk", flat=True))
    if not ids:
        raise Http404(_("Bạn không được xem số liệu của đơn vị nào."))
    return ids
