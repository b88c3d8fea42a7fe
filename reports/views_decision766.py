"""Decision 766 view: the five groups with each number's formula written out."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from reports.decision766 import WEIGHTS, groups, total
from reports.decision766_data import facts_766
from reports.periods import shortcuts
from reports.query import read_query
from reports.views_report import run


@login_required
def decision766(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    query = read_query(user=request.user, data=request.GET, today=today)
    result = run(query, group_by="unit")
    scored = groups(facts_766(unit_ids=query.unit_ids, period=query.period, result=result))
    points, maximum = total(scored)
    links = [
        (s, query.params(date_from=s.period.start.isoformat(), date_to=s.period.end.isoformat()))
        for s in shortcuts(today)
    ]
    return render(
        request,
        "reports/decision766.html",
        {
            "query": query,
            "form": query.form,
            "report": result,
            "groups": scored,
            "points": points,
            "maximum": maximum,
            "weights_total": sum(WEIGHTS.values()),
            "official_links": [link for link in links if link[0].official],
            "calendar_links": [link for link in links if not link[0].official],
            "params": query.params(),
            "section": "decision766",
        },
    )
