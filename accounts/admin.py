from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class MotCuaUserAdmin(UserAdmin):
    inlines = [MembershipInline]
