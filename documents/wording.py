"""How the forms write times, dates, money, people and agencies in Vietnamese."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ParamSpec, TypeVar

from django.utils import timezone, translation

from accounts.models import User
from catalog.models import AdministrativeUnit

DESK = "Bộ phận tiếp nhận và trả kết quả"

P = ParamSpec("P")
R = TypeVar("R")


def in_vietnamese(func: Callable[P, R]) -> Callable[P, R]:
    """The forms are legal papers in Vietnamese whatever language the officer's pages are
    shown in: labels such as "Bản chính" must not come out translated."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override("vi"):
            return func(*args, **kwargs)

    return wrapper


def clock_vi(moment: datetime) -> str:
    """ "09 giờ 05 phút, ngày 02/03/2026" in Vietnam time, as the forms print times."""
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def short_vi(moment: datetime) -> str:
    """ "09:05 02/03/2026" in Vietnam time, for table cells."""
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def long_date_vi(day: date) -> str:
    """ "ngày 02 tháng 3 năm 2026": Decree 30/2020 pads days below 10 and months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def money_vi(amount: int) -> str:
    """ "50.000 đồng": Vietnamese groups thousands with dots."""
    return f"{amount:,} đồng".replace(",", ".")


def sentence(text: str) -> str:
    """A reason typed without a full stop, ended with one as the form's prose needs."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…" else text + "."


def person_name(user: User | None) -> str:
    """Family name first, as Vietnamese names are written (Django's full name puts it last)."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name, user.first_name) if part)
    return name or user.username


@dataclass(frozen=True)
class UnitNames:
    """The ways a receiving unit is named on the forms, e.g. for "Xã Đồng Tâm"."""

    place: str  # "Đồng Tâm": the place in the date line
    division: str  # "xã Đồng Tâm"
    agency: str  # "Ủy ban nhân dân xã Đồng Tâm"
    agency_short: str  # "UBND xã Đồng Tâm"

    @property
    def desk(self) -> str:
        return f"{DESK} {self.agency_short}"

    @property
    def heading(self) -> str:
        return self.agency_short.upper()


def unit_names(unit: AdministrativeUnit) -> UnitNames:
    kind = unit.kind.strip()
    name = unit.name.strip()
    if kind and name.lower().startswith(kind.lower() + " "):
        place = name[len(kind) + 1 :].strip()
        division = f"{kind.lower()} {place}"
    else:  # a name that does not start with its kind ("Hà Nội"): use it as it is
        place = division = name
    return UnitNames(
        place=place,
        division=division,
        agency=f"Ủy ban nhân dân {division}",
        agency_short=f"UBND {division}",
    )
