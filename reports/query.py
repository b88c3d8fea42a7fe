"""The query every report page reads from its address: period [from, to], as-of, grouping
and unit, checked, with the units the user may see."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.models import AdministrativeUnit
from common.fields import DayField, MomentField
from reports.definitions import Period, day_start
from reports.labels import GROUP_LABELS
from reports.periods import shortcuts
from reports.scope import report_units, scoped_unit_ids


class ReportForm(forms.Form):
    date_from = DayField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = DayField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    as_of = MomentField(
        label=_("Xét quá hạn tại thời điểm (để trống: cuối kỳ hoặc bây giờ)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    group_by = forms.TypedChoiceField(
        label=_("Nhóm theo"), choices=list(GROUP_LABELS.items()), required=False, empty_value="unit"
    )
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, units: list[AdministrativeUnit], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101
        field.choices = [("", _("Mọi đơn vị được xem")), *((u.pk, u.dated_name) for u in units)]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        if (
            data.get("as_of")
            and data.get("date_from")
            and data["as_of"] < day_start(data["date_from"])
        ):
            raise forms.ValidationError(
                _("Thời điểm xét quá hạn không được trước ngày bắt đầu kỳ báo cáo.")
            )
        return data


@dataclass(frozen=True)
class ReportQuery:
    form: ReportForm
    date_from: date
    date_to: date
    as_of: datetime | None
    group_by: str
    unit: AdministrativeUnit | None
    unit_ids: list[int]

    @property
    def period(self) -> Period:
        return Period(self.date_from, self.date_to)

    def params(self, **changes: object) -> str:
        """This query as an address's query string, with `changes`."""
        values: dict[str, object] = {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "group_by": self.group_by,
        }
        if self.as_of is not None:
            values["as_of"] = timezone.localtime(self.as_of).strftime("%Y-%m-%dT%H:%M")
        if self.unit is not None:
            values["unit"] = self.unit.pk
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v is not None})


def read_query(*, user: User, data: dict, today: date, default_index: int = 0) -> ReportQuery:
    """The query of `data` (request.GET). When it is empty or wrong (the form then says
    what is wrong): the period shortcuts(today)[default_index] (by default the current
    official month), grouped by unit. 404 for a unit the user may not see."""
    units = list(report_units(user=user))
    default = shortcuts(today)[default_index].period
    initial = {"date_from": default.start, "date_to": default.end, "group_by": "unit"}
    if data:  # a field left out of the address takes its default (?group_by=month)
        data = {**{k: str(v) for k, v in initial.items()}, **_last_values(data)}
    form = ReportForm(data or None, units=units, initial=initial)
    raw_unit = data.get("unit") or None
    unit_id = _int_or_404(raw_unit)
    unit_ids = scoped_unit_ids(user=user, unit_id=unit_id)
    values: dict[str, Any] = {**initial, "as_of": None}
    if form.is_valid():
        values.update(form.cleaned_data)
    unit = next((u for u in units if u.pk == unit_id), None)
    return ReportQuery(
        form=form,
        date_from=values["date_from"],
        date_to=values["date_to"],
        as_of=values["as_of"],
        group_by=values["group_by"],
        unit=unit,
        unit_ids=unit_ids,
    )


def _last_values(data: Any) -> dict[str, Any]:
    """request.GET (or a plain dict) as one value per field, the last one given."""
    return data.dict() if isinstance(data, QueryDict) else dict(data)


def _int_or_404(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404(_("Không tìm thấy đơn vị.")) from None
