"""`import_units`: the official list's layout, validate-all-then-write, idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.imports.errors import ImportFailed
from catalog.imports.units import import_units
from catalog.models import AdministrativeUnit
from catalog.reference import LoadResult, load_units
from catalog.selectors import unit_in_force
from catalog.tests.dump import catalog_dump
from catalog.tests.sheets import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp",
          "Tên Tiếng Anh"]  # fmt: skip
ROWS = [
    ["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "282", "Thị trấn Đại Nghĩa", "10441", "Thị trấn",
     "Dai Nghia"],
    ["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "282", "Xã Đồng Tâm", "10444", "Xã", "Dong Tam"],
    ["Tỉnh Hà Giang", "02", "Thành phố Hà Giang", "024", "Phường Quang Trung", "00688",
     "Phường", "Quang Trung"],
]  # fmt: skip
ON = date(2018, 1, 1)


def test_xlsx_creates_and_links_province_district_and_communes(tmp_path):
    path = write_xlsx(tmp_path / "dvhc.xlsx", [HEADER, *ROWS])
    assert import_units(path=path, valid_from=ON) == LoadResult(created=7)
    town = unit_in_force("10441", ON)
    assert (town.name, town.level, town.kind, town.valid_from) == (
        "Thị trấn Đại Nghĩa", "commune", "thị trấn", ON,
    )  # fmt: skip
    assert (town.parent.code, town.parent.kind, town.parent.parent.code) == ("282", "huyện", "01")
    assert town.agency_id == ""
    ward = unit_in_force("00688", ON)
    assert (ward.kind, ward.parent.name, ward.parent.kind) == (
        "phường", "Thành phố Hà Giang", "thành phố",
    )  # fmt: skip
    assert unit_in_force("01", ON).kind == "thành phố"


def test_the_same_file_twice_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "dvhc.xlsx", [HEADER, *ROWS])
    import_units(path=path, valid_from=ON)
    before = catalog_dump()
    assert import_units(path=path, valid_from=ON) == LoadResult(unchanged=7)
    assert catalog_dump() == before


def test_csv_with_the_same_header_and_numeric_xlsx_cells(tmp_path):
    csv_path = write_csv(tmp_path / "dvhc.csv", [HEADER, *ROWS])
    assert import_units(path=csv_path, valid_from=ON).created == 7
    # Excel keeps codes typed as numbers without their leading zeros.
    numeric = [[r[0], int(r[1]), r[2], int(r[3]), r[4], int(r[5]), r[6]] for r in ROWS]
    xlsx_path = write_xlsx(tmp_path / "dvhc.xlsx", [HEADER[:7], *numeric])
    assert import_units(path=xlsx_path, valid_from=ON) == LoadResult(unchanged=7)


def test_units_in_force_that_day_are_updated_not_duplicated(tmp_path):
    load_units()
    renamed = [["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "282", "Xã Đồng Tâm Mới", "10444",
                "Xã"]]  # fmt: skip
    path = write_csv(tmp_path / "dvhc.csv", [HEADER[:7], *ROWS[:1], *renamed])
    assert import_units(path=path, valid_from=ON) == LoadResult(updated=1, unchanged=3)
    unit = unit_in_force("10444", ON)
    assert (unit.name, unit.valid_from, unit.agency_id) == (
        "Xã Đồng Tâm Mới", date(2008, 8, 1), "000.02.82.H26",
    )  # fmt: skip
    assert AdministrativeUnit.objects.filter(code="10444").count() == 1


def test_post_2025_layout_hangs_communes_under_the_province(tmp_path):
    load_units()
    header = ["Tỉnh Thành Phố", "Mã TP", "Phường Xã", "Mã PX", "Cấp"]
    rows = [["Thành phố Hà Nội", "01", "Xã Phúc Sơn", "10459", "Xã"],
            ["Thành phố Hà Nội", "01", "Phường Hoàn Kiếm", "00070", "Phường"]]  # fmt: skip
    path = write_xlsx(tmp_path / "dvhc-2025.xlsx", [header, *rows])
    assert import_units(path=path, valid_from=date(2025, 7, 1)) == LoadResult(
        created=1, unchanged=2
    )
    ward = unit_in_force("00070", date(2025, 7, 1))
    assert (ward.parent.code, ward.parent.level) == ("01", "province")


def test_a_new_unit_ends_where_a_later_unit_reusing_its_code_begins(tmp_path):
    load_units()
    AdministrativeUnit.objects.filter(code="10459", valid_from=date(2008, 8, 1)).delete()
    rows = [["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "282", "Xã Bột Xuyên", "10459", "Xã"]]
    path = write_csv(tmp_path / "dvhc.csv", [HEADER[:7], *rows])
    import_units(path=path, valid_from=ON)
    assert unit_in_force("10459", ON).valid_to == date(2020, 1, 1)


def test_bad_rows_are_all_listed_with_line_numbers_and_nothing_is_written(tmp_path):
    rows = [
        ROWS[0],
        ["Thành phố Hà Nội", "1", "Huyện Mỹ Đức", "282", "Xã A", "10447", "Xã"],  # line 3
        ["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "28A", "Xã B", "10450", "Xã"],  # line 4
        ["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "282", "", "10453", "Xã"],  # line 5
        ["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "282", "Xã C", "1045", "Thôn"],  # line 6
        ["Thành phố Hà Nội", "01", "Huyện Chương Mỹ", "282", "Xã D", "10459", "Xã"],  # line 7
        ["Thành phố Hà Nội", "01", "Huyện Ứng Hòa", "283", "Thị trấn Đại Nghĩa", "10441",
         "Thị trấn"],  # line 8
        ["Thành phố Hà Nội", "01", "Huyện Mỹ Đức", "282", "Xã E", "", "Xã"],  # line 9
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "dvhc.xlsx", [HEADER, *rows])
    with pytest.raises(ImportFailed) as failure:
        import_units(path=path, valid_from=ON)
    errors = failure.value.errors
    assert [error.split(":")[0] for error in errors] == [
        "Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6", "Dòng 6", "Dòng 7", "Dòng 8", "Dòng 9",
    ]  # fmt: skip
    assert "mã tỉnh “1” phải có đúng 2 chữ số" in errors[0]
    assert "mã huyện “28A” phải chỉ gồm chữ số" in errors[1]
    assert "thiếu tên xã" in errors[2]
    assert "mã xã “1045” phải có đúng 5 chữ số" in errors[3]
    assert "cấp “Thôn” không hợp lệ" in errors[4]
    assert "huyện mã 282 có tên “Huyện Chương Mỹ”, khác với dòng 2" in errors[5]
    assert "xã mã 10441 thuộc đơn vị cấp trên mã 283, khác với dòng 2 (mã 282)" in errors[6]
    assert "thiếu mã xã" in errors[7]
    assert not AdministrativeUnit.objects.exists()


def test_a_district_row_without_commune_creates_only_the_district(tmp_path):
    rows = [["Thành phố Hải Phòng", "31", "Huyện Bạch Long Vĩ", "318", "", "", ""]]
    path = write_csv(tmp_path / "dvhc.csv", [HEADER, *rows])
    assert import_units(path=path, valid_from=ON) == LoadResult(created=2)


def test_missing_header_and_unsupported_file(tmp_path):
    path = write_csv(tmp_path / "dvhc.csv", [["Tên", "Mã"], ["Xã A", "10447"]])
    with pytest.raises(ImportFailed, match="Không tìm thấy dòng tiêu đề"):
        import_units(path=path, valid_from=ON)
    other = tmp_path / "dvhc.xls"
    other.write_bytes(b"old excel")
    with pytest.raises(ImportFailed, match=r"Chỉ nhận tệp \.xlsx hoặc \.csv"):
        import_units(path=other, valid_from=ON)


def test_command_reports_counts_and_lists_errors(tmp_path):
    path = write_xlsx(tmp_path / "dvhc.xlsx", [HEADER, *ROWS])
    out = StringIO()
    call_command("import_units", str(path), "--valid-from", "01/01/2018", stdout=out)
    assert "hiệu lực từ 01/01/2018): 7 tạo mới, 0 cập nhật, 0 không đổi." in out.getvalue()
    bad = write_csv(tmp_path / "bad.csv", [HEADER, ["Thành phố Hà Nội", "01", "Huyện Mỹ Đức",
                                                    "282", "Xã A", "1044", "Xã"]])  # fmt: skip
    with pytest.raises(CommandError, match=r"Tệp có 1 lỗi; không ghi dữ liệu nào:\n  - Dòng 2"):
        call_command("import_units", str(bad), "--valid-from", "2018-01-01")
