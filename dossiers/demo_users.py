"""Demo accounts: one reception officer, specialist and approver per receiving unit, plus a
system administrator, an overseeing officer and a People's Council supervisor."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from accounts.models import Membership, Role, User
from catalog.models import AdministrativeUnit, Level
from common.text import fold

DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - printed to users on purpose: demo data only  # noqa: S105 - printed to the user on purpose: demo data only
ROLE_PREFIX = {Role.RECEPTION: "tiepnhan", Role.SPECIALIST: "chuyenvien", Role.APPROVER: "lanhdao"}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


def unit_slug(unit: AdministrativeUnit) -> str:
    name = fold(unit.name)
    for prefix in ("thi tran ", "xa ", "phuong "):
        name = name.removeprefix(prefix)
    slug = name.replace(" ", "")
    return slug if unit.valid_to is None else f"{slug}.cu"  # "cũ": a unit that no longer exists


def demo_users_ensure() -> dict[int, dict[Role, int]]:
    """Create the demo accounts if missing; returns unit id → role → user id."""
    actors: dict[int, dict[Role, int]] = {}
    with transaction.atomic():
        for unit in AdministrativeUnit.objects.receiving().order_by("code", "valid_from"):
            actors[unit.pk] = {}
            for role, prefix in ROLE_PREFIX.items():
                user = _user(f"{prefix}.{unit_slug(unit)}", f"{role.label} {unit.name}")
                Membership.objects.get_or_create(user=user, unit=unit, role=role)
                actors[unit.pk][role] = user.pk
        district = AdministrativeUnit.objects.filter(level=Level.DISTRICT).order_by("pk").first()
        if district is not None:
            for username, role in (
                ("theodoi.myduc", Role.OVERSEER),
                ("giamsat.hdnd", Role.SUPERVISOR),
            ):
                user = _user(username, f"{role.label} {district.name}")
                Membership.objects.get_or_create(user=user, unit=district, role=role)
        # Since 2025 the communes sit directly under the province: the demo overseer follows
        # them there too, so the dashboard shows current figures.
        province = AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by("pk").first()
        overseer = User.objects.filter(username="theodoi.myduc").first()
        if province is not None and overseer is not None:
            Membership.objects.get_or_create(user=overseer, unit=province, role=Role.OVERSEER)
        admin = _user("admin", "Quản trị hệ thống")
        if not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])
    return actors


def _user(username: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def demo_logins() -> list[DemoLogin]:
    """The demo accounts of units that exist today, and the administrative ones: one line per
    account and role, naming all its units (the overseer follows the ended district and the
    province)."""
    units: dict[tuple[str, str], list[str]] = {}
    for membership in Membership.objects.select_related("user", "unit").order_by(
        F("unit__valid_to").asc(nulls_first=True), "unit__code", "role"
    ):
        ended = membership.unit.valid_to is not None
        if ended and membership.role not in (Role.OVERSEER, Role.SUPERVISOR):
            continue  # an ended commune's desks: nobody signs in there any more
        key = (membership.user.username, membership.get_role_display())
        units.setdefault(key, []).append(membership.unit.dated_name)
    logins = [DemoLogin(user, role, "; ".join(names)) for (user, role), names in units.items()]
    if User.objects.filter(username="admin", is_superuser=True).exists():
        logins.append(DemoLogin("admin", "Quản trị hệ thống", "—"))
    return logins
