"""The product's URLs plus the baseline view (bench/api_intake_profile.py only)."""

from django.urls import include, path

from bench.api_intake_baseline import insert
from motcua.urls import urlpatterns as product

urlpatterns = [path("bench-baseline/insert", insert), path("", include(product))]
