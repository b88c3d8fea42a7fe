"""Who may open the citizen pages and the officer pages of the online service."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from online.selectors import citizen_profile_of, officer_may_see_online

View = Callable[..., HttpResponseBase]


def citizen_required(view: View) -> View:
    """Signed-in citizens only: visitors are sent to the citizen sign-in page; officers
    (no citizen profile) get "not found"."""

    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("online:sign_in"))
        if citizen_profile_of(request.user) is None:
            raise Http404(_("Trang này dành cho công dân có tài khoản dịch vụ công."))
        return view(request, *args, **kwargs)

    return wrapped


def officer_required(view: View) -> View:
    """Signed-in officers of some unit: visitors are sent to the officers' sign-in page;
    citizens and users without a unit get "not found"."""

    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        if not officer_may_see_online(user=request.user):
            raise Http404(_("Không tìm thấy trang."))
        return view(request, *args, **kwargs)

    return wrapped


def no_store(response: HttpResponse) -> HttpResponse:
    """Pages with personal data are not kept by browsers or proxies."""
    response["Cache-Control"] = "no-store"
    return response
