from django.urls import path

from online import views_account as account
from online import views_citizen as citizen
from online import views_officer as officer

app_name = "online"

urlpatterns = [
    # Citizen accounts.
    path("", account.landing, name="landing"),
    path("dang-ky/", account.register, name="register"),
    path("dang-ky/xac-nhan/", account.confirm, name="confirm"),
    path("dang-ky/gui-lai-ma/", account.resend, name="resend"),
    path("dang-ky/mat-khau/", account.password, name="password"),
    path("dang-nhap/", account.sign_in, name="sign_in"),
    path("tai-khoan/", account.profile, name="profile"),
    path("tai-khoan/du-lieu-ca-nhan.json", account.my_data, name="my_data"),
    # The citizen's submissions and dossiers.
    path("cua-toi/", citizen.mine, name="mine"),
    path("nop-ho-so/", citizen.new, name="new"),
    path("ho-so-nop/<int:submission_id>/", citizen.submission, name="submission"),
    path("ho-so-nop/<int:submission_id>/rut/", citizen.withdraw, name="withdraw"),
    path(
        "ho-so-nop/<int:submission_id>/tep/<int:file_id>/",
        citizen.submission_file,
        name="submission_file",
    ),
    path("ho-so/<str:code>/", citizen.dossier, name="dossier"),
    path("ho-so/<str:code>/gui-bo-sung/", citizen.supplement_send, name="supplement_send"),
    path("ho-so/<str:code>/danh-gia/", citizen.rate, name="rate"),
    path("ho-so/<str:code>/bo-sung/<int:upload_id>/", citizen.upload_file, name="upload_file"),
    path("ho-so/<str:code>/ket-qua/<int:result_id>/", citizen.result_file, name="result_file"),
    # Officers of the receiving unit.
    path("can-bo/", officer.queue, name="officer_queue"),
    path("can-bo/hang-doi/<slug:tab>/", officer.queue, name="officer_tab"),
    path("can-bo/bo-sung/", officer.supplements, name="officer_supplements"),
    path(
        "can-bo/ho-so-nop/<int:submission_id>/",
        officer.submission,
        name="officer_submission",
    ),
    path(
        "can-bo/ho-so-nop/<int:submission_id>/thao-tac/<slug:action>/",
        officer.act,
        name="officer_act",
    ),
    path(
        "can-bo/ho-so-nop/<int:submission_id>/tep/<int:file_id>/",
        officer.submission_file,
        name="officer_submission_file",
    ),
    path("can-bo/ho-so/<str:code>/", officer.dossier, name="officer_dossier"),
    path(
        "can-bo/ho-so/<str:code>/nhan-bo-sung/",
        officer.take_supplement,
        name="officer_take_supplement",
    ),
    path("can-bo/ho-so/<str:code>/ket-qua/", officer.publish_result, name="officer_publish"),
    path(
        "can-bo/ho-so/<str:code>/bo-sung/<int:upload_id>/",
        officer.upload_file,
        name="officer_upload_file",
    ),
    path(
        "can-bo/ho-so/<str:code>/ket-qua/<int:result_id>/",
        officer.result_file,
        name="officer_result_file",
    ),
]
