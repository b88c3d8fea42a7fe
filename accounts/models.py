from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    APPROVER = "approver", _("Lãnh đạo")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
    OVERSEER = "overseer", _("Cán bộ theo dõi (cấp trên)")
    SUPERVISOR = "supervisor", _("Đại biểu giám sát (HĐND)")


class User(AbstractUser):
    """An officer, supervisor or administrator. Roles are held per unit (Membership)."""

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Vietnamese order: family name (họ) first, then the given names (tên đệm, tên).
        return f"{self.last_name} {self.first_name}".strip()


class Membership(models.Model):
    """`user` holds `role` at `unit`. An officer may hold several roles at one desk."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        models.PROTECT,
        related_name="memberships",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò tại đơn vị")
        verbose_name_plural = _("vai trò tại đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
