"""The dashboard for unit leaders and the overseeing office: ranking, monthly trend, online
share, overdue dossiers, satisfaction. Figures from reports.engine.report; charts drawn by
static/reports/dashboard.js from a json_script element, each with its table."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from portal.indicators import INDICATORS
from reports.dashboard import chart_data, on_time_rate, online_share, ranking, trend
from reports.periods import shortcuts
from reports.query import read_query
from reports.selectors import overdue_dossiers, rating_summary
from reports.views_report import run

OVERDUE_SHOWN = 100
YEAR = 6  # reports.periods.shortcuts: the official year holding today


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    query = read_query(user=request.user, data=request.GET, today=today, default_index=YEAR)
    by_unit = run(query, group_by="unit")
    by_month = run(query, group_by="month")
    ranked = ranking(by_unit)
    months = trend(by_month, today=today)
    ratings = rating_summary(unit_ids=query.unit_ids, period=query.period, as_of=by_unit.as_of)
    titles = {i.number: i.title for i in INDICATORS}
    satisfaction = [
        (_("Chỉ số %(n)s") % {"n": number}, titles[number], score)
        for number, score in ratings.per_indicator
    ]
    overdue = overdue_dossiers(
        unit_ids=query.unit_ids, end=query.period.ends_at, as_of=by_unit.as_of
    )
    links = [
        (s, query.params(date_from=s.period.start.isoformat(), date_to=s.period.end.isoformat()))
        for s in shortcuts(today)
    ]
    data = chart_data(
        ranked=ranked, months=months, satisfaction=[(a, s) for a, _t, s in satisfaction]
    )
    data["series"] = {
        "rate": _("Tỷ lệ trước hạn và đúng hạn (%)"),
        "received": _("Tiếp nhận mới"),
        "resolved": _("Đã giải quyết"),
        "late": _("Giải quyết quá hạn"),
        "online": _("Tỷ lệ nộp trực tuyến (%)"),
        "satisfaction": _("Điểm trung bình (0–2)"),
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "query": query,
            "form": query.form,
            "total": by_unit.total,
            "as_of": by_unit.as_of,
            "total_rate": on_time_rate(by_unit.total),
            "total_online": online_share(by_unit.total),
            "ranked": ranked,
            "months": months,
            "ratings": ratings,
            "satisfaction": satisfaction,
            "overdue": overdue[:OVERDUE_SHOWN],
            "overdue_count": overdue.count(),
            "overdue_shown": OVERDUE_SHOWN,
            "chart_data": data,
            "official_links": [link for link in links if link[0].official],
            "calendar_links": [link for link in links if not link[0].official],
            "params": query.params(),
            "section": "dashboard",
        },
    )
