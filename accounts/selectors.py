"""Who may see which units. Every page and endpoint that shows a dossier scopes through here
(via dossiers.selectors), so the rule lives in one place."""

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from catalog.models import AdministrativeUnit

OFFICER_ROLES = frozenset({Role.RECEPTION, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN})
# The overseeing office reads across the units below its own unit. A People's Council
# supervisor reads only the units of the supervision programmes they are a member of.
OVERSIGHT_ROLES = frozenset({Role.OVERSEER})
ROLES_MEMO = "_roles_at_memo"


def user_roles_at(*, user: User, unit_id: int) -> set[Role]:
    """The roles `user` holds at the unit. A superuser (system administrator) holds none
    implicitly: administrators manage data, officers act on dossiers.

    A user object that carries a `ROLES_MEMO` dict remembers the answers for its own
    lifetime: the API's copy of a token's user (api.tokens), dropped as soon as any role,
    token or user status changes (common.stamps)."""
    memo: dict[int, frozenset[Role]] | None = getattr(user, ROLES_MEMO, None)
    if memo is not None and unit_id in memo:
        return set(memo[unit_id])
    roles = {
        Role(role)
        for role in user.memberships.filter(unit_id=unit_id).values_list("role", flat=True)
    }
    if memo is not None:
        memo[unit_id] = frozenset(roles)
    return roles


def units_visible_to(*, user: User) -> QuerySet[AdministrativeUnit]:
    """Units whose dossiers `user` may read: the units where they hold an officer role; for
    an overseeing officer every unit below theirs (all periods); for a supervisor the units
    of their supervision programmes. Administrators see all."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    memberships = user.memberships.all()
    own = memberships.filter(role__in=OFFICER_ROLES).values("unit_id")
    overseen = memberships.filter(role__in=OVERSIGHT_ROLES).values("unit_id")
    visible = Q(pk__in=own) | Q(parent_id__in=overseen) | Q(parent__parent_id__in=overseen)
    if memberships.filter(role=Role.SUPERVISOR).exists():
        visible |= Q(pk__in=user.oversight_programmes.values("units"))  # type: ignore[attr-defined]
    return AdministrativeUnit.objects.filter(visible)


def units_acting(*, user: User) -> QuerySet[AdministrativeUnit]:
    """Receiving units where `user` holds an officer role (the units they work for)."""
    if not user.is_authenticated or not user.is_active:
        return AdministrativeUnit.objects.none()
    return (
        AdministrativeUnit.objects.filter(
            memberships__user=user, memberships__role__in=OFFICER_ROLES
        )
        .exclude(agency_id="")
        .distinct()
    )
