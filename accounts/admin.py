from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockout import AdminSignInForm
from accounts.models import Membership, User

# The admin's own sign-in page says so when the user name is locked out (accounts.lockout).
admin.site.login_form = AdminSignInForm

# Who may do what is a role at a unit (Membership, accounts.selectors), never Django's groups
# or permissions: the admin does not offer them, so that nobody sets what has no effect.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class MotCuaUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("last_name", "first_name", "email")}),
        (_("Quyền trên hệ thống"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    list_filter = ("is_staff", "is_superuser", "is_active")
    filter_horizontal = ()


# Two-step sign-in devices are enrolled by their owners (accounts.two_factor). The admin
# sees them and removes a lost one so that its owner enrols again; it never shows a key
# and adds or edits none. Registered before django_otp's own admin, which then steps aside.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoStepDeviceAdmin(admin.ModelAdmin):
    list_display = ["owner", "in_use", "created", "last_used"]
    fields = ["owner", "in_use", "created", "last_used"]
    readonly_fields = ["owner", "in_use", "created", "last_used"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    search_help_text = _("Tìm theo tên đăng nhập hoặc họ tên.")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("người dùng"), ordering="user__username")
    def owner(self, device: TOTPDevice) -> str:
        user = device.user
        name = user.get_full_name()
        return f"{name} ({user.username})" if name else user.username

    @admin.display(description=_("đã kích hoạt"), boolean=True)
    def in_use(self, device: TOTPDevice) -> bool:
        return device.confirmed

    @admin.display(description=_("tạo lúc"), ordering="created_at")
    def created(self, device: TOTPDevice):
        return device.created_at

    @admin.display(description=_("dùng lần cuối"), ordering="last_used_at")
    def last_used(self, device: TOTPDevice):
        return device.last_used_at
