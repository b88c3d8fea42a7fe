"""Retention of personal data: which dossiers are due (edge dates), what anonymising
removes, and that reports, the rollup and the dossier facts stay exactly the same."""

import json
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.forms.models import model_to_dict

from audit.models import AuditEvent
from dossiers import services as ds
from dossiers.models import Dossier, DossierAttachment, DossierEvent, Outcome, Status
from dossiers.retention import ANONYMISED, dossiers_due_for_anonymisation, years_before
from dossiers.tests.factories import DossierFactory, image_bytes
from notifications.models import Notification
from oversight.tests.helpers import scene
from portal.models import DossierRating
from reports.engine import report
from reports.models import DailyCounter
from reports.tests.helpers import at

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PNG = image_bytes()
pytestmark = pytest.mark.django_db


def closed(when: datetime, *, status=Status.RETURNED, **fields) -> Dossier:
    """A closed dossier row: returned at `when` (or refused/withdrawn then)."""
    received = when - timedelta(days=3)
    outcome = {
        Status.RETURNED: Outcome.RESOLVED,
        Status.REFUSED: Outcome.REFUSED,
        Status.WITHDRAWN: Outcome.WITHDRAWN,
    }[status]
    returned = {"returned_at": when} if status == Status.RETURNED else {}
    finished = when - timedelta(days=1) if status == Status.RETURNED else when
    return DossierFactory(
        status=status,
        received_at=received,
        finished_at=finished,
        outcome=outcome,
        applicant_id_number="079123456789",
        applicant_phone="0987654321",
        **returned,
        **fields,
    )


def due_codes(day: date) -> set[str]:
    return set(dossiers_due_for_anonymisation(as_of=day).values_list("code", flat=True))


def test_years_before_keeps_29_february_inside_the_period():
    assert years_before(date(2025, 3, 10), 5) == date(2020, 3, 10)
    assert years_before(date(2024, 2, 29), 5) == date(2019, 2, 28)


def test_due_exactly_on_the_anniversary_of_closing_in_vietnam_time(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    # 23:30 on 9 March in Vietnam is still 9 March locally (16:30 UTC): due on 9 March 2025.
    late_evening = closed(datetime(2020, 3, 9, 23, 30, tzinfo=VN))
    morning = closed(datetime(2020, 3, 10, 7, 0, tzinfo=VN))
    refused = closed(datetime(2020, 3, 10, 16, 0, tzinfo=VN), status=Status.REFUSED)
    leap = closed(datetime(2020, 2, 29, 10, 0, tzinfo=VN), status=Status.WITHDRAWN)
    assert due_codes(date(2025, 2, 28)) == set()
    assert due_codes(date(2025, 3, 1)) == {leap.code}
    assert due_codes(date(2025, 3, 8)) == {leap.code}
    assert due_codes(date(2025, 3, 9)) == {leap.code, late_evening.code}
    assert due_codes(date(2025, 3, 10)) == {
        leap.code,
        late_evening.code,
        morning.code,
        refused.code,
    }


def test_open_and_unreturned_dossiers_are_never_due(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 1
    long_ago = datetime(2010, 1, 4, 9, tzinfo=VN)
    DossierFactory(status=Status.IN_PROGRESS, received_at=long_ago)
    DossierFactory(
        status=Status.RESULT_READY,
        received_at=long_ago,
        finished_at=long_ago + timedelta(days=1),
        outcome=Outcome.RESOLVED,
    )
    assert due_codes(date(2026, 1, 1)) == set()


def test_retention_per_procedure_version_and_permanent(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    when = datetime(2020, 6, 1, 9, tzinfo=VN)
    default = closed(when)
    ten = closed(when, procedure_version__retention_years=10)
    two = closed(when, procedure_version__retention_years=2)
    forever = closed(when, procedure_version__retention_permanent=True)
    assert due_codes(date(2022, 5, 31)) == set()
    assert due_codes(date(2022, 6, 1)) == {two.code}
    assert due_codes(date(2025, 6, 1)) == {two.code, default.code}
    assert due_codes(date(2030, 5, 31)) == {two.code, default.code}
    assert due_codes(date(2030, 6, 1)) == {two.code, default.code, ten.code}
    assert forever.code not in due_codes(date(2200, 1, 1))


def test_dry_run_lists_exactly_the_due_codes_and_changes_nothing(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    # 50 dossiers closed on consecutive days around the boundary of 1 January 2021 + 5 years.
    start = datetime(2020, 12, 7, 10, tzinfo=VN)
    rows = [closed(start + timedelta(days=i)) for i in range(50)]
    as_of = date(2026, 1, 1)
    out, err = StringIO(), StringIO()
    call_command("personal_data_anonymise", "--dry-run", f"--as-of={as_of}", stdout=out, stderr=err)
    expected = [d.code for d in rows if d.returned_at.astimezone(VN).date() <= date(2021, 1, 1)]
    assert out.getvalue().split() == expected
    assert len(expected) == 26  # 7 December … 1 January
    assert "26 hồ sơ" in err.getvalue()
    assert not Dossier.objects.filter(anonymised_at__isnull=False).exists()
    assert Dossier.objects.filter(applicant_phone="0987654321").count() == 50


def _facts(dossier: Dossier) -> dict:
    personal = {
        "applicant_name",
        "applicant_name_folded",
        "applicant_id_number",
        "applicant_phone",
        "applicant_email",
        "applicant_address",
        "returned_to",
        "result",
        "refusal_reason",
        "anonymised_at",
    }
    return {k: v for k, v in model_to_dict(dossier).items() if k not in personal}


def _report_json(as_of: str) -> str:
    out = StringIO()
    call_command(
        "tthc_report",
        "--from=2017-01-01",
        "--to=2018-12-31",
        f"--as-of={as_of}",
        "--format=json",
        stdout=out,
    )
    return out.getvalue()


def test_anonymising_removes_personal_data_and_keeps_every_report_figure(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    s = scene()
    early = s.early
    with time_machine.travel(at(2018, 3, 2, 9, 30), tick=False):
        # A dossier that is still open in the scene gets a scan of the applicant's ID.
        scan = ds.dossier_attachment_add(
            actor=s.hong_son.reception,
            dossier=s.overdue,
            name="cccd.png",
            content=PNG,
            kind=DossierAttachment.Kind.IDENTITY,
        )
    with time_machine.travel(at(2018, 3, 2, 10, 30), tick=False):
        ds.dossier_note_add(actor=s.hong_son.reception, dossier=early, text="Ông An gọi 0912…")
        scan_early = ds.dossier_attachment_add(
            actor=s.hong_son.reception, dossier=early, name="Nguyễn Viết An.png", content=PNG
        )
    DossierRating.objects.create(
        dossier=early,
        channel="lookup",
        time_score=2,
        contacts_score=2,
        agencies_score=2,
        attitude_score=2,
        comment="Cán bộ Nguyễn Viết An hướng dẫn tận tình",
        rated_at=at(2018, 3, 3, 9),
    )
    stored = scan_early.file.name
    assert scan_early.file.storage.exists(stored)

    units = [s.hong_son.unit.pk, s.tan_lap.unit.pk]
    kwargs = {"date_from": date(2017, 1, 1), "date_to": date(2018, 12, 31)}
    as_of = at(2026, 1, 1, 0)
    groupings = [(src, g) for src in ("rollup", "direct") for g in ("unit", "procedure", "month")]

    def reports() -> list:
        return [
            report(**kwargs, as_of=as_of, unit_ids=units, source=src, group_by=g)
            for src, g in groupings
        ]

    before = reports()
    before_json = _report_json("2026-01-01T00:00:00+07:00")
    counters = sorted(DailyCounter.objects.values_list())
    facts = {d.pk: _facts(d) for d in Dossier.objects.all()}
    events = sorted(DossierEvent.objects.values_list("pk", "action", "at", "from_status"))

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("personal_data_anonymise", "--as-of=2026-01-01", "--no-progress", stdout=out)
    assert len(callbacks) == 1  # one batch; its files are deleted once it is committed
    anonymised = Dossier.objects.filter(anonymised_at__isnull=False)
    # Closed in March 2018: early, late, apologised (Hồng Sơn) and the Tân Lập one.
    assert anonymised.count() == 4
    assert "Đã ẩn danh hóa 4 hồ sơ" in out.getvalue()
    early.refresh_from_db()
    assert early.applicant_name == ANONYMISED
    assert (early.applicant_id_number, early.applicant_phone, early.applicant_name_folded) == (
        "",
        "",
        "",
    )
    assert early.returned_to == ANONYMISED and early.result == ANONYMISED
    assert not early.attachments.exists()
    assert not scan_early.file.storage.exists(stored)
    notes = set(DossierEvent.objects.filter(dossier=early).values_list("note", flat=True))
    assert notes <= {"", ANONYMISED}
    assert not any(
        "Nguyễn Viết An" in json.dumps(e.data, ensure_ascii=False)
        for e in DossierEvent.objects.filter(dossier=early)
    )
    assert DossierRating.objects.get(dossier=early).comment == ANONYMISED
    assert not Notification.objects.filter(dossier=early).exclude(body="").exists()
    # The open dossier keeps its data and its identity scan.
    still_open = Dossier.objects.get(pk=s.overdue.pk)
    assert still_open.applicant_name == "Nguyễn Viết An" and still_open.anonymised_at is None
    assert DossierAttachment.objects.filter(pk=scan.pk).exists()

    # Reports, the rollup, every dossier's facts and the history's skeleton are unchanged.
    assert reports() == before
    assert sum(r.total.received_total for r in before) > 0
    assert _report_json("2026-01-01T00:00:00+07:00") == before_json
    assert sorted(DailyCounter.objects.values_list()) == counters
    assert {d.pk: _facts(d) for d in Dossier.objects.all()} == facts
    assert sorted(DossierEvent.objects.values_list("pk", "action", "at", "from_status")) == events

    # Idempotent: a second run finds nothing.
    out = StringIO()
    call_command("personal_data_anonymise", "--as-of=2026-01-01", "--no-progress", stdout=out)
    assert "Đã ẩn danh hóa 0 hồ sơ" in out.getvalue()
    assert due_codes(date(2026, 1, 1)) == set()

    # The audit log names each anonymised dossier once, by code, and its chain still holds.
    logged = AuditEvent.objects.filter(event="dossier.anonymise")
    assert sorted(logged.values_list("object_repr", flat=True)) == sorted(
        anonymised.values_list("code", flat=True)
    )
    assert {(e.reason, e.actor_id) for e in logged} == {("retention", None)}
    call_command("audit_verify", "--no-progress", stdout=StringIO())


def test_a_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("personal_data_anonymise", "--dry-run", "--as-of=01/01/2026")
