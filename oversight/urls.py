from django.urls import path

from oversight import views_answer as a
from oversight import views_evidence as e
from oversight import views_programme as p

app_name = "oversight"

urlpatterns = [
    path("", p.home, name="home"),
    path("moi/", p.programme_new, name="new"),
    path("<int:pk>/", p.programme_detail, name="programme"),
    path("<int:pk>/trang-thai/", p.status_set, name="status"),
    path("<int:pk>/buoi-lam-viec/", p.session_add, name="session_add"),
    path("<int:pk>/ket-luan/", p.finding_add, name="finding_add"),
    path("<int:pk>/kien-nghi/", p.recommendation_add, name="recommendation_add"),
    path("<int:pk>/kien-nghi/<int:rec_id>/danh-gia/", p.recommendation_mark, name="mark"),
    path("<int:pk>/<slug:document>.docx", p.document_docx, name="docx"),
    path("<int:pk>/<slug:document>.pdf", p.document_pdf, name="pdf"),
    path("<int:pk>/theo-doi-kien-nghi.xlsx", p.follow_up_xlsx, name="follow_up"),
    path("<int:pk>/don-vi/<int:unit_id>/", e.unit_evidence, name="unit"),
    path("<int:pk>/don-vi/<int:unit_id>/ho-so/<slug:name>/", e.dossier_list, name="dossiers"),
    path("<int:pk>/don-vi/<int:unit_id>/tu-bao-cao/", e.self_report, name="self_report"),
    path("<int:pk>/don-vi/<int:unit_id>/chon-mau/", e.sample_draw, name="sample"),
    path("<int:pk>/mau/<int:item_id>/", e.sample_check, name="sample_check"),
    path("<int:pk>/ho-so/<int:dossier_id>/", e.dossier_facts, name="dossier"),
    path("tra-loi/<int:rec_id>/", a.answer, name="answer"),
]
