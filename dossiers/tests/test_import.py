import csv
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from catalog.models import ProcedureVersion
from catalog.tests.factories import ProcedureFactory, ProcedureVersionFactory, UnitFactory
from dossiers.importing import HEADER
from dossiers.models import Dossier, DossierEvent, Status

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    unit = UnitFactory(code="10465", agency_id="000.00.65.H26", valid_from=date(2008, 8, 1))
    procedure = ProcedureFactory(code="2.000815")
    ProcedureVersionFactory(
        procedure=procedure,
        time_rule_kind="same_day",
        time_rule_amount=0,
        effective_from=date(2016, 1, 1),
    )
    days = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.004837"),
        time_rule_amount=3,
        effective_from=date(2016, 1, 1),
    )
    return unit, days


def row(**overrides):
    values = {
        "code": "000.00.65.H26-170103-0001",
        "unit_code": "10465",
        "procedure_code": "1.004837",
        "channel": "direct",
        "received_at": "2017-01-03T09:00:00",
        "due_at": "",
        "finished_at": "2017-01-05T10:00:00",
        "outcome": "resolved",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001190012345",
        "applicant_phone": "0912345678",
    }
    values.update(overrides)
    return values


def write(tmp_path, rows, header=HEADER):
    path = tmp_path / "dossiers.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for r in rows:
            writer.writerow([r[column] for column in HEADER])
    return path


def run(path, *args):
    call_command("import_dossiers", str(path), "--no-progress", *args)


def test_good_file_imports_with_computed_and_given_due_times(tmp_path, catalog):
    path = write(
        tmp_path,
        [
            row(),
            row(
                code="X-2",
                procedure_code="2.000815",
                received_at="2017-01-03T16:00:00+07:00",
                finished_at="",
                outcome="",
                channel="online",
            ),
            row(code="X-3", due_at="2017-01-20T17:00:00", outcome="refused"),
        ],
    )
    run(path)
    first = Dossier.objects.get(code="000.00.65.H26-170103-0001")
    assert first.received_at == datetime(2017, 1, 3, 9, tzinfo=VN)
    assert first.due_at == datetime(2017, 1, 6, 9, tzinfo=VN)  # 3 working days, computed
    assert (first.status, first.outcome, first.imported) == (Status.RETURNED, "resolved", True)
    pending = Dossier.objects.get(code="X-2")
    # same-day rule received at 16:00, after the 15:00 cut-off → next working day's close
    assert pending.due_at == datetime(2017, 1, 4, 17, tzinfo=VN)
    assert (pending.status, pending.finished_at) == (Status.IN_PROGRESS, None)
    assert Dossier.objects.get(code="X-3").due_at == datetime(2017, 1, 20, 17, tzinfo=VN)
    assert DossierEvent.objects.filter(action="import").count() == 3


def test_same_file_twice_changes_nothing(tmp_path, catalog, capsys):
    path = write(tmp_path, [row(), row(code="X-2")])
    run(path)
    snapshot = list(Dossier.objects.order_by("code").values())
    run(path)
    assert list(Dossier.objects.order_by("code").values()) == snapshot
    assert DossierEvent.objects.count() == 2
    assert "2 hồ sơ đã có từ trước" in capsys.readouterr().out


BAD_ROWS = [
    (row(unit_code="99999"), "không có đơn vị mã «99999»"),
    (row(procedure_code="9.999999"), "không có thủ tục mã «9.999999»"),
    (row(received_at="03/01/2017"), "thời điểm tiếp nhận «03/01/2017» không đúng định dạng ISO"),
    (row(finished_at="2017-01-02T09:00:00"), "hoàn thành trước thời điểm tiếp nhận"),
    (row(finished_at=""), "thiếu thời điểm hoàn thành"),
    (row(outcome=""), "thiếu kết quả giải quyết"),
    (row(outcome="done"), "kết quả «done» không hợp lệ"),
    (row(channel="fax"), "kênh «fax» không hợp lệ"),
    (row(applicant_id_number="123"), "số CCCD/CMND «123» không hợp lệ"),
    (row(applicant_phone="12ab"), "số điện thoại «12ab» không hợp lệ"),
    (row(applicant_name=""), "thiếu họ tên"),
    (row(received_at="2001-01-03T09:00:00"), "không có phiên bản áp dụng"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_one_bad_row_imports_nothing_and_names_its_line(tmp_path, catalog, capsys, bad, message):
    bad = {**bad, "code": "BAD-1"}
    path = write(tmp_path, [row(), bad])
    with pytest.raises(CommandError, match="không nhập hồ sơ nào"):
        run(path)
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith("Dòng 3: ") and message in line for line in lines), lines
    assert not Dossier.objects.exists()


def test_duplicate_codes_and_every_error_are_listed(tmp_path, catalog, capsys):
    path = write(tmp_path, [row(), row(), row(code="B", channel="fax", unit_code="1")])
    with pytest.raises(CommandError, match="Có 3 lỗi"):
        run(path)
    err = capsys.readouterr().err
    assert "Dòng 3: mã hồ sơ «000.00.65.H26-170103-0001» trùng" in err
    assert "Dòng 4: kênh «fax»" in err and "Dòng 4: không có đơn vị mã «1»" in err


def test_skip_invalid_imports_the_good_rows(tmp_path, catalog, capsys):
    path = write(tmp_path, [row(), row(code="B", channel="fax")])
    run(path, "--skip-invalid")
    assert list(Dossier.objects.values_list("code", flat=True)) == ["000.00.65.H26-170103-0001"]
    captured = capsys.readouterr()
    assert "Dòng 3: kênh «fax»" in captured.err
    assert "Đã nhập 1 hồ sơ" in captured.out


def test_existing_code_with_other_data_is_an_error(tmp_path, catalog, capsys):
    run(write(tmp_path, [row()]))
    with pytest.raises(CommandError):
        run(write(tmp_path, [row(received_at="2017-01-04T09:00:00")]))
    assert "đã có trong hệ thống với dữ liệu khác" in capsys.readouterr().err


def test_wrong_header_is_refused(tmp_path, catalog):
    path = tmp_path / "x.csv"
    path.write_text("ma,don_vi\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng tiêu đề không đúng"):
        run(path)


def test_a_code_reused_by_a_successor_unit_resolves_by_receipt_date(tmp_path, catalog):
    unit, _ = catalog
    unit.valid_to = date(2025, 7, 1)
    unit.save()
    successor = UnitFactory(code="10465", agency_id="000.99.65.H26", valid_from=date(2025, 7, 1))
    run(
        write(
            tmp_path,
            [
                row(),
                row(
                    code="N-1", received_at="2025-08-04T09:00:00", finished_at="2025-08-05T09:00:00"
                ),
            ],
        )
    )
    assert Dossier.objects.get(code="N-1").unit == successor
    assert Dossier.objects.get(code="000.00.65.H26-170103-0001").unit == unit


def test_drafts_are_never_used(tmp_path, catalog):
    ProcedureVersion.objects.filter(procedure__code="1.004837").update(status="draft")
    with pytest.raises(CommandError):
        run(write(tmp_path, [row()]))
