"""Evaluation under Circular 01/2018 art. 13–15, by official quarter or year (15th → 14th):
per unit, per officer and per dossier (reports.evaluation_data)."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.http import AuthenticatedRequest
from reports import evaluation as ev
from reports.definitions import PeriodKind, official_period
from reports.evaluation_data import evaluate
from reports.periods import official_month_of
from reports.scope import report_units, scoped_unit_ids

DOSSIERS_SHOWN = 200
INDICATOR_TITLES = {
    1: _("Tổng thời gian giải quyết so với quy định"),
    2: _("Thời gian giải quyết của từng cơ quan so với quy định"),
    3: _("Số lần liên hệ để hoàn thiện hồ sơ"),
    4: _("Số cơ quan phải liên hệ"),
    5: _("Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa"),
    6: _("Công khai thủ tục hành chính"),
    7: _("Thái độ của cán bộ"),
    8: _("Tiếp nhận, xử lý phản ánh, kiến nghị"),
    9: _("Cung cấp dịch vụ công trực tuyến"),
}


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kỳ đánh giá"),
        choices=[(PeriodKind.QUARTER.value, _("Quý")), (PeriodKind.YEAR.value, _("Năm"))],
    )
    quarter = forms.TypedChoiceField(
        label=_("Quý"), coerce=int, choices=[(n, str(n)) for n in range(1, 5)], required=False
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, required=False, empty_value=None)


@login_required
def evaluation(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    year, month = official_month_of(timezone.localdate(now))
    initial = {"kind": "quarter", "quarter": (month - 1) // 3 + 1, "year": year}
    form = EvaluationForm(request.GET or None, initial=initial)
    units = list(report_units(user=request.user))
    form.fields["unit"].choices = [  # type: ignore[attr-defined]
        ("", _("Mọi đơn vị được xem")),
        *((u.pk, u.dated_name) for u in units),
    ]
    raw_unit = request.GET.get("unit") or None
    if raw_unit is not None and not raw_unit.isdigit():
        raise Http404(_("Không tìm thấy đơn vị."))
    unit_ids = scoped_unit_ids(user=request.user, unit_id=int(raw_unit) if raw_unit else None)
    values: dict[str, Any] = dict(initial)
    if form.is_valid():
        values.update({k: v for k, v in form.cleaned_data.items() if v is not None})
    period = official_period(kind=values["kind"], year=values["year"], number=values["quarter"])
    result = evaluate(unit_ids=unit_ids, period=period, now=now)
    names = {u.pk: u.name for u in units}
    return render(
        request,
        "reports/evaluation.html",
        {
            "form": form,
            "evaluation": result,
            "kind": values["kind"],
            "indicators": [(n, INDICATOR_TITLES[n]) for n in ev.ALL],
            "per_dossier": [(n, INDICATOR_TITLES[n]) for n in ev.PER_DOSSIER],
            "no_data": [(n, INDICATOR_TITLES[n]) for n in ev.NO_DATA],
            "unit_rows": [(u, [u.scores[n] for n in ev.ALL]) for u in result.units],
            "officer_rows": [(o, [o.scores[n] for n in ev.PER_DOSSIER]) for o in result.officers],
            "dossier_rows": [
                (s.dossier, names.get(s.dossier.unit_id, ""), [s.scores[n] for n in ev.PER_DOSSIER])
                for s in result.dossiers[:DOSSIERS_SHOWN]
            ],
            "dossier_count": len(result.dossiers),
            "dossiers_shown": DOSSIERS_SHOWN,
            "section": "evaluation",
        },
    )
