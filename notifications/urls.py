from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("gui-loi/", views.undelivered, name="undelivered"),
    path("<int:pk>/gui-lai/", views.requeue, name="requeue"),
]
