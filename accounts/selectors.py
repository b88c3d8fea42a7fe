from accounts.models import Role, User


def user_roles_at(*, user: User, unit_id: int) -> set[Role]:
    """The roles `user` holds at the unit. A superuser (system administrator) holds none
    implicitly: administrators manage data, officers act on dossiers."""
    return {
        Role(role)
        for role in user.memberships.filter(unit_id=unit_id).values_list("role", flat=True)
    }
