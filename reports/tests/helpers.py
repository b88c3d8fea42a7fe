"""Dossiers written straight to the table (any fields, even ones intake would never set),
with their rollup contribution applied as the services do."""

from datetime import datetime

from django.db import transaction

from dossiers.tests.factories import DossierFactory
from reports.definitions import DossierFacts
from reports.engine import Report, report
from reports.rollup import rollup_apply
from workcalendar.calendar import VN_TZ

SOURCES = ("rollup", "direct")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)  # type: ignore[misc]


def dossier(**fields):
    with transaction.atomic():
        made = DossierFactory(**fields)
        rollup_apply(before=None, after=DossierFacts.of(made))
    return made


def both(**kwargs) -> tuple[Report, Report]:
    """The same report from the rollup and directly."""
    return report(source="rollup", **kwargs), report(source="direct", **kwargs)
