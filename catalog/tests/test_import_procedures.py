"""`import_procedures`: documented layout, validate-all-then-write, changes become versions."""

from datetime import date, time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.imports.errors import ImportFailed
from catalog.imports.procedures import import_procedures
from catalog.models import Field, Procedure, ProcedureVersion
from catalog.reference import LoadResult, load_procedures
from catalog.selectors import procedure_version_in_force
from catalog.tests.dump import catalog_dump
from catalog.tests.sheets import write_csv, write_xlsx
from workcalendar.rules import TimeRule, TimeRuleKind

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực", "Tên lĩnh vực", "Cấp", "Thời hạn", "Phí",
    "Miễn giảm", "Căn cứ pháp lý", "Kết quả", "Nơi nộp", "Trực tuyến", "Liên thông",
    "Áp dụng từ", "Thành phần hồ sơ",
]  # fmt: skip
BIRTH = [
    "1.001193", "Đăng ký khai sinh", "HOTICH", "Hộ tịch", "xã", "Trong ngày (15:00)",
    "Theo Nghị quyết của HĐND tỉnh", "Điều 11 Luật Hộ tịch", "Luật Hộ tịch 2014",
    "Giấy khai sinh", "Bộ phận một cửa UBND xã", "Toàn trình", "Không", "01/01/2016",
    "Tờ khai đăng ký khai sinh | Bản chính | 1\nGiấy chứng sinh | Bản chính | 1\n"
    "Văn bản ủy quyền | Bản sao chứng thực | 1 | Không bắt buộc",
]  # fmt: skip
CONTRACT = [
    "2.001035", "Chứng thực hợp đồng, giao dịch", "CHUNGTHUC", "Chứng thực", "Cấp xã",
    "2 ngày làm việc", "50.000", "", "Nghị định 23/2015/NĐ-CP", "", "", "Không", "",
    "2016-01-01", "Dự thảo hợp đồng | Bản chính | 1; Giấy tờ tùy thân | Bản sao | 2",
]  # fmt: skip
LAND = [
    "1.000001", "Thủ tục cấp huyện", "DATDAI", "Đất đai", "huyện", "8 giờ làm việc",
    "Miễn phí", "", "", "", "", "Một phần", "Có", "01/07/2020", "",
]  # fmt: skip


def sheet(tmp_path, *rows, name="tthc.xlsx"):
    writer = write_xlsx if name.endswith(".xlsx") else write_csv
    return writer(tmp_path / name, [HEADER, *rows])


def test_xlsx_rows_become_published_versions(tmp_path):
    result = import_procedures(path=sheet(tmp_path, BIRTH, CONTRACT, LAND))
    assert result == LoadResult(created=3)
    birth = procedure_version_in_force("1.001193", date(2020, 1, 1))
    assert (birth.version, birth.status, birth.level) == (1, "published", "commune")
    assert birth.time_rule == TimeRule(TimeRuleKind.SAME_DAY, 0, time(15, 0))
    assert (birth.fee_kind, birth.fee_schedule) == ("schedule", "Theo Nghị quyết của HĐND tỉnh")
    assert (birth.online_level, birth.interconnected) == ("full", False)
    assert [(p.name, p.copy_kind, p.count, p.optional) for p in birth.papers.all()] == [
        ("Tờ khai đăng ký khai sinh", "original", 1, False),
        ("Giấy chứng sinh", "original", 1, False),
        ("Văn bản ủy quyền", "certified_copy", 1, True),
    ]
    contract = procedure_version_in_force("2.001035", date(2020, 1, 1))
    assert (contract.fee_kind, contract.fee_amount) == ("fixed", 50000)
    assert contract.time_rule == TimeRule(TimeRuleKind.WORKING_DAYS, 2)
    assert [(p.name, p.copy_kind, p.count) for p in contract.papers.all()] == [
        ("Dự thảo hợp đồng", "original", 1),
        ("Giấy tờ tùy thân", "copy", 2),
    ]
    land = procedure_version_in_force("1.000001", date(2020, 7, 1))
    assert (land.level, land.time_rule.kind, land.time_rule.amount) == (
        "district",
        "working_hours",
        8,
    )
    assert (land.fee_kind, land.online_level, land.interconnected) == ("free", "partial", True)
    assert Field.objects.get(code="DATDAI").name == "Đất đai"


def test_the_same_file_twice_changes_nothing_also_as_csv(tmp_path):
    path = sheet(tmp_path, BIRTH, CONTRACT, name="tthc.csv")
    import_procedures(path=path)
    before = catalog_dump()
    assert import_procedures(path=path) == LoadResult(unchanged=2)
    assert import_procedures(path=sheet(tmp_path, BIRTH, CONTRACT)) == LoadResult(unchanged=2)
    assert catalog_dump() == before


def test_a_changed_row_with_a_new_date_becomes_a_new_published_version(tmp_path):
    import_procedures(path=sheet(tmp_path, BIRTH, CONTRACT))
    changed = [*CONTRACT]
    changed[6], changed[13] = "60.000", "01/07/2025"
    assert import_procedures(path=sheet(tmp_path, BIRTH, changed)) == LoadResult(
        updated=1, unchanged=1
    )
    versions = ProcedureVersion.objects.filter(procedure__code="2.001035").order_by("version")
    assert [(v.version, v.fee_amount, v.effective_to) for v in versions] == [
        (1, 50000, date(2025, 7, 1)),
        (2, 60000, None),
    ]


def test_an_import_next_to_the_shipped_catalogue_is_recognised(tmp_path):
    load_procedures()
    changed = [*CONTRACT]
    changed[13] = "01/01/2016"
    with pytest.raises(ImportFailed, match=r"Dòng 2: Thủ tục 2\.001035: nội dung khác phiên bản 1"):
        import_procedures(path=sheet(tmp_path, changed))


def test_bad_rows_are_all_listed_with_line_numbers_and_nothing_is_written(tmp_path):
    other_birth = ["1.000002", *BIRTH[1:3], "Hộ tịch (khác)", *BIRTH[4:]]
    rows = [
        BIRTH,  # line 2: fine
        [*CONTRACT[:5], "ba ngày", *CONTRACT[6:]],  # line 3
        [*LAND[:4], "phường", *LAND[5:13], "31/02/2020", LAND[14]],  # line 4: two errors
        [*CONTRACT[:11], "Có", *CONTRACT[12:]],  # line 5: online level
        ["", *BIRTH[1:]],  # line 6: no code
        [*BIRTH[:14], "Tờ khai | Bản photo | 1"],  # line 7: bad paper
        other_birth,  # line 8: the field's name differs from line 2
    ]
    with pytest.raises(ImportFailed) as failure:
        import_procedures(path=sheet(tmp_path, *rows))
    errors = failure.value.errors
    assert [error.split(":")[0] for error in errors] == [
        "Dòng 3", "Dòng 4", "Dòng 4", "Dòng 5", "Dòng 6", "Dòng 7", "Dòng 8",
    ]  # fmt: skip
    assert "Thời hạn: thời hạn “ba ngày” không hợp lệ" in errors[0]
    assert "Cấp: cấp thực hiện “phường” không hợp lệ" in errors[1]
    assert "Áp dụng từ: ngày “31/02/2020” không hợp lệ" in errors[2]
    assert "Trực tuyến: trực tuyến “Có” không hợp lệ" in errors[3]
    assert "Mã thủ tục: thiếu mã thủ tục" in errors[4]
    assert "loại bản “Bản photo” của “Tờ khai” không hợp lệ" in errors[5]
    assert "lĩnh vực mã HOTICH có tên “Hộ tịch (khác)”, khác với dòng 2 (“Hộ tịch”)" in errors[6]
    assert not Procedure.objects.exists() and not Field.objects.exists()


def test_a_code_twice_in_the_file_is_an_error(tmp_path):
    with pytest.raises(ImportFailed, match=r"Dòng 3: mã thủ tục 1\.001193 trùng với dòng 2"):
        import_procedures(path=sheet(tmp_path, BIRTH, BIRTH))


def test_command_help_describes_the_layout_and_errors_fail_the_command(tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("import_procedures", "--help")
    help_text = capsys.readouterr().out
    assert "Cột bắt buộc: Mã thủ tục, Tên thủ tục" in help_text
    assert "“Tên giấy tờ | Bản chính | 1”" in help_text
    out = StringIO()
    call_command("import_procedures", str(sheet(tmp_path, BIRTH)), stdout=out)
    assert "1 tạo mới, 0 phiên bản mới, 0 không đổi." in out.getvalue()
    with pytest.raises(CommandError, match="Tệp có 1 lỗi"):
        call_command("import_procedures", str(sheet(tmp_path, [*BIRTH[:6], "", *BIRTH[7:]])))
