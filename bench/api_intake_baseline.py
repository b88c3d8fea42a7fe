"""Baseline for bench/api_intake.py: the production settings with one tiny view that inserts
one row per POST, served by the same gunicorn. Used only as DJANGO_SETTINGS_MODULE of the
baseline server; it is not part of the product's URLs.
"""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = __name__
TABLE = "bench_baseline_row"
CREATE_TABLE = f"CREATE TABLE IF NOT EXISTS {TABLE} (id {{pk}}, body TEXT NOT NULL)"


@csrf_exempt
def insert(request: HttpRequest) -> JsonResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (body) VALUES (%s)", [request.body.decode()])  # noqa: S608
    return JsonResponse({"ok": True}, status=201)


# Bare error answers: the site's error pages link to the site's URLs, which this one lacks.
def not_found(request: HttpRequest, exception: Exception) -> HttpResponseNotFound:
    return HttpResponseNotFound()


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    return HttpResponseBadRequest()


urlpatterns = [path("insert", insert)]
handler404, handler400 = not_found, bad_request
