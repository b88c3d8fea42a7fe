from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from dossiers.forms import QueueFilterForm
from dossiers.presentation import due_flag
from dossiers.privacy import list_name, officer_unit_ids
from dossiers.selectors import QUEUES, QueueFilters, dossier_code_typed, dossier_queue
from workcalendar.selectors import get_work_calendar

PAGE_SIZE = 50


@login_required
def queue(request: AuthenticatedRequest, queue: str) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = QueueFilters()
    if form.is_valid():
        data = form.cleaned_data
        # A dossier's full code opens it, whatever its status or the queue searched.
        code = dossier_code_typed(user=request.user, text=data["q"])
        if code:
            return redirect("dossiers:detail", code=code)
        filters = QueueFilters(
            procedure_id=data["procedure"].pk if data["procedure"] else None,
            field_id=data["field"].pk if data["field"] else None,
            status=data["status"],
            received_from=data["received_from"],
            received_to=data["received_to"],
            due_from=data["due_from"],
            due_to=data["due_to"],
            text=data["q"],
        )
    now = timezone.now()
    dossiers = dossier_queue(user=request.user, queue=queue, filters=filters, now=now)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    own_units = officer_unit_ids(user=request.user)
    calendar = get_work_calendar()  # once for the page, not once per row
    rows = [
        (dossier, due_flag(dossier, now, calendar), list_name(dossier, unit_ids=own_units))
        for dossier in page.object_list
    ]
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "dossiers/queue.html",
        {
            "queues": QUEUES,
            "queue": queue,
            "title": QUEUES[queue],
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )
