from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.lockout import AdminSignInForm
from accounts.models import Membership, User

# The admin's own sign-in page says so when the user name is locked out (accounts.lockout).
admin.site.login_form = AdminSignInForm


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class MotCuaUserAdmin(UserAdmin):
    inlines = [MembershipInline]
