from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from motcua.views import home

# Errors no view handled: in Vietnamese, JSON under /api/, and 503 when the database is down
# (motcua/errors.py).
handler400 = "motcua.errors.bad_request"
handler403 = "motcua.errors.permission_denied"
handler404 = "motcua.errors.page_not_found"
handler500 = "motcua.errors.server_error"

admin.site.site_header = "Một Cửa — quản trị"
admin.site.site_title = "Một Cửa"
admin.site.index_title = _("Quản trị hệ thống")

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("can-bo/", include("dossiers.urls")),
    path("cong-van/", include("registry.urls")),
    path("bao-cao/", include("reports.urls")),
    path("giam-sat/", include("oversight.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("dich-vu-cong/", include("online.urls")),
    path("", include("portal.urls")),  # public pages: thu-tuc/, tra-cuu/, cong-khai/, kiosk/
]
