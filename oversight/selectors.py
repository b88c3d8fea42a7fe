"""Who sees which programme, unit and recommendation. Anything else answers 404."""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.selectors import OFFICER_ROLES
from catalog.models import AdministrativeUnit
from oversight.models import UNFINISHED, Programme, Recommendation

COMMITTEE_ROLES = (Role.SUPERVISOR, Role.OVERSEER)


def may_create_programme(*, user: User) -> bool:
    """Administrators, and holders of an oversight role (overseer, supervisor)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.memberships.filter(role__in=COMMITTEE_ROLES).exists()


def units_supervisable_by(*, user: User) -> QuerySet[AdministrativeUnit]:
    """Units a programme created by `user` may review: administrators any; holders of an
    oversight role the unit where they hold it and the units below it. (A programme's units
    are what its members read, so choosing them is not open to everyone.)"""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    held = user.memberships.filter(role__in=COMMITTEE_ROLES).values("unit_id")
    return AdministrativeUnit.objects.filter(
        Q(pk__in=held) | Q(parent_id__in=held) | Q(parent__parent_id__in=held)
    )


def programmes_visible_to(*, user: User) -> QuerySet[Programme]:
    """Administrators see every programme; others those they created or are members of."""
    if not user.is_authenticated or not user.is_active:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(Q(created_by=user) | Q(members=user)).distinct()


def programme_get(*, user: User, pk: int) -> Programme:
    try:
        return programmes_visible_to(user=user).get(pk=pk)
    except Programme.DoesNotExist:
        raise Http404(_("Không tìm thấy chương trình giám sát.")) from None


def programme_unit_get(*, programme: Programme, unit_id: int) -> AdministrativeUnit:
    """A unit under review in the programme; any other unit is not found."""
    try:
        return programme.units.get(pk=unit_id)
    except AdministrativeUnit.DoesNotExist:
        raise Http404(_("Đơn vị không thuộc chương trình giám sát.")) from None


def recommendations_for_unit_officer(*, user: User) -> QuerySet[Recommendation]:
    """Recommendations addressed to a unit where the user holds an officer role."""
    if not user.is_authenticated or not user.is_active:
        return Recommendation.objects.none()
    units = user.memberships.filter(role__in=OFFICER_ROLES).values("unit_id")
    return Recommendation.objects.filter(unit_id__in=units).select_related("programme", "unit")


def recommendation_to_answer(*, user: User, pk: int) -> Recommendation:
    try:
        return recommendations_for_unit_officer(user=user).get(pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404(_("Không tìm thấy kiến nghị.")) from None


def sees_oversight(*, user: User) -> bool:
    """Whether the nav shows "Giám sát": committee roles, administrators, and officers of a
    unit that has recommendations addressed to it."""
    return (
        may_create_programme(user=user)
        or programmes_visible_to(user=user).exists()
        or recommendations_for_unit_officer(user=user).exists()
    )


def overdue_recommendations(*, programme: Programme, today: date) -> list[Recommendation]:
    """Recommendations past their deadline and not wholly carried out
    (`Recommendation.is_overdue`)."""
    return list(
        programme.recommendations.filter(deadline__lt=today, status__in=UNFINISHED).select_related(
            "unit"
        )
    )
