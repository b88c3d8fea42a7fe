"""Public pages at the site root (no account needed), and the desk's kiosk pages."""

from django.urls import path

from portal import views_catalogue, views_counter, views_figures, views_kiosk, views_lookup

app_name = "portal"

urlpatterns = [
    path("thu-tuc/", views_catalogue.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", views_catalogue.procedure_detail, name="procedure"),
    path(
        "thu-tuc/<str:code>/bieu-mau/<int:form_id>/",
        views_catalogue.procedure_form_download,
        name="procedure_form",
    ),
    path("tra-cuu/", views_lookup.lookup, name="lookup"),
    path("tra-cuu/ho-so/<str:code>/", views_lookup.lookup_result, name="lookup_result"),
    path("tra-cuu/ho-so/<str:code>/danh-gia/", views_lookup.rate, name="rate"),
    # The address printed as a QR code on Mẫu 01 (settings.PUBLIC_LOOKUP_URL_TEMPLATE).
    path("tra-cuu/<str:code>", views_lookup.lookup, name="lookup_code"),
    path("cong-khai/", views_figures.unit_list, name="figures"),
    path("cong-khai/<str:unit_code>/", views_figures.unit_figures, name="unit_figures"),
    path("kiosk/", views_kiosk.kiosk_units, name="kiosk_units"),
    path("kiosk/<str:unit_code>/", views_kiosk.kiosk_home, name="kiosk"),
    path("kiosk/<str:unit_code>/lay-so/", views_kiosk.ticket_take, name="ticket_take"),
    path(
        "kiosk/<str:unit_code>/lay-so/<int:ticket_id>/",
        views_kiosk.ticket_print,
        name="ticket_print",
    ),
    path("kiosk/<str:unit_code>/man-hinh/", views_kiosk.display, name="display"),
    path("kiosk/<str:unit_code>/man-hinh/bang/", views_kiosk.display_board, name="display_board"),
    path("kiosk/<str:unit_code>/goi-so/", views_counter.call_next, name="call_next"),
    path("kiosk/<str:unit_code>/danh-gia/", views_counter.tablet, name="tablet"),
    path(
        "kiosk/<str:unit_code>/danh-gia/<str:code>/",
        views_counter.tablet_rate,
        name="tablet_rate",
    ),
]
