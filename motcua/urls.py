from django.contrib import admin
from django.urls import path

admin.site.site_header = "Một Cửa — quản trị"
admin.site.site_title = "Một Cửa"

urlpatterns = [
    path("admin/", admin.site.urls),
]
