from django.urls import path

from reports import views_dashboard, views_decision766, views_evaluation, views_report

app_name = "reports"

urlpatterns = [
    path("", views_report.report_page, name="report"),
    path("tai-ve.<slug:fmt>", views_report.report_download, name="download"),
    path("tong-quan/", views_dashboard.dashboard, name="dashboard"),
    path("danh-gia/", views_evaluation.evaluation, name="evaluation"),
    path("chi-so-766/", views_decision766.decision766, name="decision766"),
]
