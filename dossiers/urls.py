from django.urls import path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.queue, {"queue": "unit"}, name="home"),
    path("hang-doi/<slug:queue>/", views.queue, name="queue"),
    path("tiep-nhan/", views.counter, name="counter"),
    path("tiep-nhan/thu-tuc/", views.counter_procedures, name="counter_procedures"),
    path("tiep-nhan/giay-to/", views.counter_checklist, name="counter_checklist"),
    path("ho-so/<str:code>/", views.detail, name="detail"),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", views.act, name="act"),
    path("ho-so/<str:code>/tep/<int:attachment_id>/", views.attachment, name="attachment"),
    path("ho-so/<str:code>/bieu-mau/<slug:form>.pdf", views.dossier_form, name="form"),
    path("so-theo-doi/", views.dossier_book, name="book"),
]
