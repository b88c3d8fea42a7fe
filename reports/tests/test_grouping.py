"""Both sources group in SQL (reports.engine._BY): every row of every grouping must equal
the Python reference (`counts_of`) summed over the dossiers of that row, grouped here in
Python from the dossiers' own unit and procedure version — not through the rollup's or the
direct query's grouping, which could share a mistake. Units of several levels and scopes
(a district receiving dossiers itself, its communes, a merger reusing a code, a commune of
another district), and a procedure whose new version (another field, another level) takes
over in the middle of the dates drawn, so periods span the change."""

from collections import defaultdict
from datetime import date, datetime
from functools import reduce

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.models import Level
from catalog.tests.factories import (
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    UnitFactory,
)
from dossiers.models import Dossier
from reports.definitions import Counts, DossierFacts, Period, counts_of, local_date
from reports.engine import GROUPINGS, Report, report
from reports.tests.helpers import SOURCES, at, dossier
from reports.tests.test_properties import facts, periods

pytestmark = pytest.mark.django_db

CHANGE = date(2018, 1, 15)  # the shared procedure's version 2 applies from this day


def catalogue():
    """Units: a district that receives dossiers itself, two communes under it (one reused
    its code after a merger on 1/1/2018), and a commune of another district. Versions: a
    procedure whose version 2 moves it to another field and level, and two others."""
    district = UnitFactory(code="250", level=Level.DISTRICT, name="Huyện Mỹ Đức")
    other = UnitFactory(code="251", level=Level.DISTRICT, agency_id="")  # receives nothing
    units = [
        district,
        UnitFactory(parent=district, code="10459", valid_to=date(2018, 1, 1)),
        UnitFactory(parent=district, code="10459", valid_from=date(2018, 1, 1)),
        UnitFactory(parent=other),
    ]
    civil, certify = FieldFactory(code="HT", name="Hộ tịch"), FieldFactory(code="CT", name="C")
    shared = ProcedureFactory(code="1.000001")
    versions = {
        "shared": (
            ProcedureVersionFactory(procedure=shared, field=civil, name="Cũ"),
            ProcedureVersionFactory(
                procedure=shared, version=2, field=certify, level=Level.DISTRICT, name="Mới"
            ),
        ),
        "certify": ProcedureVersionFactory(field=certify),
        "district": ProcedureVersionFactory(field=civil, level=Level.DISTRICT),
    }
    return units, versions


def key_of(group_by: str, d: Dossier) -> tuple:
    """(what makes a row, the row's key) for one dossier, from its own objects."""
    v = d.procedure_version
    return {
        "unit": (d.unit_id, d.unit.code),
        "field": (v.field.code, v.field.code),
        "procedure": (v.procedure.code, v.procedure.code),
        "level": (v.level, v.level),
        "level_field": ((v.level, v.field.code), f"{v.level}/{v.field.code}"),
    }[group_by]


def reference_rows(group_by: str, dossiers: list[Dossier], period: Period, as_of: datetime):
    """The report's non-empty rows as sorted (key, counts) pairs, computed in Python."""
    groups: dict[tuple, Counts] = defaultdict(Counts)
    for d in dossiers:
        row = key_of(group_by, d)
        groups[row] = groups[row] + counts_of(DossierFacts.of(d), period=period, as_of=as_of)
    return sorted((key, c.values()) for (_, key), c in groups.items() if not c.is_zero())


def nonzero_rows(result: Report):
    return sorted((row.key, row.counts.values()) for row in result.rows if not row.counts.is_zero())


@settings(max_examples=120)
@given(
    rows=st.lists(facts(), max_size=25),
    scope=st.sampled_from(["all", "district", "one commune", "merged code", "elsewhere"]),
    data=st.data(),
)
def test_every_grouping_equals_the_reference_row_by_row(rows, scope, data):
    period, as_of = periods(data.draw, rows)
    with transaction.atomic():
        units, versions = catalogue()
        for row in rows:
            unit = units[(row.pop("unit") + data.draw(st.integers(0, 1))) % len(units)]
            kind = ("shared", "certify", "district")[row.pop("version")]
            version = versions[kind]
            if kind == "shared":
                version = version[local_date(row["received_at"]) >= CHANGE]
            dossier(unit=unit, procedure_version=version, **row)
        unit_ids = {
            "all": None,
            "district": [u.pk for u in units[:3]],  # the district and the units under it
            "one commune": [units[1].pk],
            "merged code": [units[1].pk, units[2].pk],
            "elsewhere": [units[3].pk, units[0].pk],
        }[scope]
        kept = Dossier.objects.select_related(
            "unit", "procedure_version__field", "procedure_version__procedure"
        )
        if unit_ids is not None:
            kept = kept.filter(unit_id__in=unit_ids)
        dossiers = list(kept)
        for group_by in GROUPINGS:
            if group_by == "month":
                continue  # one total per part: test_properties checks each part
            kwargs = {"date_from": period.start, "date_to": period.end, "group_by": group_by}
            for source in SOURCES:
                result = report(source=source, unit_ids=unit_ids, as_of=as_of, **kwargs)
                want = reference_rows(group_by, dossiers, period, result.as_of)
                assert nonzero_rows(result) == want, (group_by, source)
                total = reduce(Counts.__add__, (r.counts for r in result.rows), Counts())
                assert total == result.total, (group_by, source)
        transaction.set_rollback(True)


def test_rows_name_the_groups_and_list_every_receiving_unit():
    """Names and order of the rows: units by code then valid_from (zeros for a unit with
    nothing), a procedure under its latest version's name, fields by code, levels in their
    order, and the II.06a sections."""
    units, versions = catalogue()
    old, new = versions["shared"]
    dossier(unit=units[1], procedure_version=old, received_at=at(2017, 12, 20, 9))
    dossier(unit=units[2], procedure_version=new, received_at=at(2018, 1, 20, 9))
    dossier(unit=units[0], procedure_version=versions["district"], received_at=at(2018, 1, 5))
    span = {"date_from": date(2017, 12, 15), "date_to": date(2018, 2, 14), "as_of": at(2019, 1, 1)}
    for source in SOURCES:
        by_unit = report(source=source, group_by="unit", **span)
        assert [(r.key, r.counts.received_new) for r in by_unit.rows] == [
            ("10459", 1),
            ("10459", 1),
            (units[3].code, 0),  # a receiving unit of the period with nothing
            ("250", 1),
        ]
        by_procedure = report(source=source, group_by="procedure", **span)
        assert [(r.key, r.name, r.counts.received_new) for r in by_procedure.rows] == [
            ("1.000001", "Mới", 2),
            (versions["district"].procedure.code, versions["district"].name, 1),
        ]
        by_field = report(source=source, group_by="field", **span)
        assert [(r.key, r.counts.received_new) for r in by_field.rows] == [("CT", 1), ("HT", 2)]
        by_level = report(source=source, group_by="level", **span)
        assert [(r.key, r.counts.received_new) for r in by_level.rows] == [
            ("district", 2),
            ("commune", 1),
        ]
        sections = report(source=source, group_by="level_field", **span)
        assert [(r.key, r.section, r.counts.received_new) for r in sections.rows] == [
            ("district/CT", "district", 1),
            ("district/HT", "district", 1),
            ("commune/HT", "commune", 1),
        ]


def test_a_period_from_the_first_day_of_the_calendar_has_nothing_before_it():
    """1/1/0001 (the API accepts it and reads the rollup): no rollup row lies before, so
    nothing is carried over (the direct source cannot go below year 1 in UTC: the API
    answers 422 for it)."""
    units, versions = catalogue()
    dossier(unit=units[1], procedure_version=versions["certify"], received_at=at(2017, 3, 1))
    span = {"date_to": date(2017, 12, 31), "as_of": at(2019, 1, 1), "group_by": "unit"}
    first = report(source="rollup", date_from=date(1, 1, 1), **span)
    assert first.total.received_carried_over == 0
    assert first.total.received_new == 1
    later = report(source="rollup", date_from=date(1900, 1, 1), **span)
    assert (first.rows, first.total) == (later.rows, later.total)


@pytest.mark.django_db
def test_a_merged_commune_and_its_successor_are_told_apart():
    """On 1/7/2025 a commune took a merged one's name and code: a report over both halves of
    the year lists both, the ended one named with its last day."""
    UnitFactory(code="10465", name="Xã Hồng Sơn", valid_to=date(2025, 7, 1))
    UnitFactory(code="10465", name="Xã Hồng Sơn", valid_from=date(2025, 7, 1))
    names = [
        row.name
        for row in report(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)).rows
        if row.key == "10465"
    ]
    assert names == ["Xã Hồng Sơn (đến 30/06/2025)", "Xã Hồng Sơn"]
