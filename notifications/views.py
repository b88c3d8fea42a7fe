from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from notifications.selectors import notification_get_for_action, notifications_undelivered
from notifications.services import RequeueRefused, notification_requeue

PAGE_SIZE = 50


@login_required
def undelivered(request: AuthenticatedRequest) -> HttpResponse:
    notifications = notifications_undelivered(user=request.user, now=timezone.now())
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "notifications/undelivered.html", {"page": page})


@login_required
@require_POST
def requeue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = notification_get_for_action(user=request.user, pk=pk)
    try:
        notification_requeue(actor=request.user, notification=notification)
    except RequeueRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Đã đưa thông báo gửi %(recipient)s vào hàng đợi để gửi lại.")
            % {"recipient": notification.recipient},
        )
    return redirect("notifications:undelivered")
