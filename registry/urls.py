from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("", views.incoming_list, name="incoming_list"),
    path("den/moi/", views.incoming_new, name="incoming_new"),
    path("den/<int:pk>/", views.incoming_detail, name="incoming_detail"),
    path("den/<int:pk>/thao-tac/<slug:action>/", views.incoming_act, name="incoming_act"),
    path("den/<int:pk>/tep/<int:scan_id>/", views.incoming_scan, name="incoming_scan"),
    path("di/", views.outgoing_list, name="outgoing_list"),
    path("di/moi/", views.outgoing_new, name="outgoing_new"),
    path("di/<int:pk>/", views.outgoing_detail, name="outgoing_detail"),
    path("di/<int:pk>/thao-tac/<slug:action>/", views.outgoing_act, name="outgoing_act"),
    path("di/<int:pk>/tep/<int:scan_id>/", views.outgoing_scan, name="outgoing_scan"),
    path("han-tra-loi/", views.due, name="due"),
    path("so/", views.book, name="book"),
]
