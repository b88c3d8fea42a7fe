from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockout import AdminSignInForm
from accounts.models import Membership, User

# The admin's own sign-in page says so when the user name is locked out (accounts.lockout).
admin.site.login_form = AdminSignInForm

# What an officer does in the application is a role at a unit (Membership); Django's groups
# and permissions only open parts of this admin to staff who are not superusers (e.g. the
# calendar of announced days). Their names are stored in English ("Can add …"): shown here
# in Vietnamese.
ACTIONS = {"add": _("thêm"), "change": _("sửa"), "delete": _("xoá"), "view": _("xem")}


def permission_label(permission: Permission) -> str:
    """ "Ngày nghỉ/làm bù đã công bố: sửa" for Django's built-in "Can change …"."""
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if model is None or action not in ACTIONS or model_name != permission.content_type.model:
        return permission.name  # a permission of its own, named by its app
    return f"{capfirst(model._meta.verbose_name)}: {ACTIONS[action]}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:  # type: ignore[override]
        return permission_label(obj)


def _with_vietnamese_permissions(db_field, formfield):
    if db_field.name in {"permissions", "user_permissions"} and formfield is not None:
        queryset = formfield.queryset.select_related("content_type")
        return PermissionsField(
            queryset,
            required=False,
            widget=formfield.widget,
            label=formfield.label,
            help_text=formfield.help_text,
        )
    return formfield


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class MotCuaGroupAdmin(GroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _with_vietnamese_permissions(db_field, field)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class MotCuaUserAdmin(UserAdmin):
    inlines = [MembershipInline]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _with_vietnamese_permissions(db_field, field)


# Two-step sign-in devices are enrolled by their owners (accounts.two_factor). The admin
# sees them and removes a lost one so that its owner enrols again; it never shows a key
# and adds or edits none. Registered before django_otp's own admin, which then steps aside.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoStepDeviceAdmin(admin.ModelAdmin):
    list_display = ["owner", "in_use", "created", "last_used"]
    list_select_related = ["user"]
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
